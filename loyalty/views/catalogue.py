"""Membership and gift-card type catalogues, per location and per chain, with type details.

Both catalogues share these views; the URL names the kind (`kind="membership_types"`).
"""

from django.views.decorators.http import require_GET

from dashboard.accounts.guards import chain_view_for, location_view
from dashboard.accounts.staff import Staff, StaffRequest
from loyalty.altegio.types import Chain, Location
from loyalty.forms.catalogue import (
    CatalogueForm,
    ChainMembershipTypesForm,
    LocationCatalogueForm,
    RefreshForm,
)
from loyalty.rights import RIGHTS
from loyalty.services.catalogue import (
    KINDS,
    attached_locations,
    availability_words,
    chain_types_by_id,
    find_location_types,
    get_chain_type,
    list_chain_types,
)
from loyalty.services.places import chain_currency

from .regions import PageContext, part_of_page, region_view

LIST = "loyalty/catalogue/types.html"
DETAIL = "loyalty/catalogue/type.html"


@require_GET
@location_view
@region_view(LIST, "types-results")
async def location_types(
    request: StaffRequest, staff: Staff, location: Location, *, kind: str, context: PageContext
) -> PageContext:
    """Types on sale at a location: title search, or a look-up by ids."""
    form = LocationCatalogueForm(request.GET)
    # Types link to the chain's detail page only for people with that right in that chain.
    detail_chain = next((c for c in staff.chains_of(location.id) if RIGHTS[kind].held_in(c)), None)
    context.update(location=location, form=form, currency=location.currency)
    context.update(catalogue=KINDS[kind], what=KINDS[kind].plural, detail_chain=detail_chain)
    if form.is_valid():
        context["page"] = await find_location_types(
            staff.api, kind=KINDS[kind], location_id=location.id, **form.query
        )
        if detail_chain is not None and kind == "membership_types":  # price and pool: the chain's
            full = chain_types_by_id(staff.api, kind=KINDS[kind], chain_id=detail_chain.id)
            context["full_types"], _ = await part_of_page(full, context)
    return context


@require_GET
@chain_view_for(None)  # the URL's `kind` names the screen (and its right)
@region_view(LIST, "types-results")
async def chain_types(
    request: StaffRequest, staff: Staff, chain: Chain, *, kind: str, context: PageContext
) -> PageContext:
    """A chain's catalogue searched by title; membership types current or archived."""
    catalogue = KINDS[kind]
    archivable = catalogue.endpoints.chain_archived
    form = (ChainMembershipTypesForm if archivable else CatalogueForm)(request.GET)
    context.update(
        _chain_context(staff, chain, form), catalogue=catalogue, show_archived=archivable
    )
    archived = form.is_valid() and form.cleaned_data.get("archived", False)
    context["what"] = catalogue.archived_plural if archived else catalogue.plural
    if form.is_valid():
        context["page"] = await list_chain_types(
            staff.api, kind=catalogue, chain_id=chain.id, **form.query
        )
    return context


@require_GET
@chain_view_for(None)  # the URL's `kind` names the screen (and its right)
@region_view(DETAIL, "type-detail")
async def chain_type(
    request: StaffRequest, staff: Staff, chain: Chain, type_id: int, *, kind: str,
    context: PageContext,
) -> PageContext:  # fmt: skip
    """One type: price or face value, validity, rules, balance, sales, locations."""
    catalogue = KINDS[kind]
    form = RefreshForm(request.GET)  # a stray value only means "no refresh"
    context.update(_chain_context(staff, chain, form), catalogue=catalogue)
    context["missing"] = catalogue.missing
    item = await get_chain_type(
        staff.api, kind=catalogue, chain_id=chain.id, type_id=type_id, refresh=form.refresh_asked
    )
    context.update(item=item, locations=attached_locations(chain, item.location_ids))
    context["availability"] = availability_words(getattr(item, "availability", []))
    return context


def _chain_context(staff: Staff, chain: Chain, form: RefreshForm | CatalogueForm) -> PageContext:
    return {
        "chain": chain,
        "form": form,
        "detail_chain": chain,
        "currency": chain_currency(chain=chain, locations=staff.locations),
    }
