"""Membership and gift-card type catalogues, per location and per chain, with type details."""

from collections.abc import Awaitable, Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from dashboard.accounts.staff import Staff, chain_view_for, location_view
from loyalty.altegio import AltegioAuthError, AltegioError
from loyalty.altegio.types import Chain, Location, Page
from loyalty.forms.catalogue import (
    CatalogueForm,
    ChainMembershipTypesForm,
    LocationCatalogueForm,
    RefreshForm,
)
from loyalty.services.catalogue import (
    attached_locations,
    availability_words,
    find_location_gift_card_types,
    find_location_membership_types,
    get_chain_gift_card_type,
    get_chain_membership_type,
    list_chain_gift_card_types,
    list_chain_membership_types,
)
from loyalty.services.chain import chain_currency

from .regions import error_context, render_region, shown_error

RESULTS = "types-results"
DETAIL = "type-detail"
IN_CHAIN = "in this chain"
AT_LOCATION = "at this location"


@location_view
async def location_membership_types(
    request: HttpRequest, staff: Staff, location: Location
) -> HttpResponse:
    """Membership types on sale at a location: title search, or a look-up by ids."""
    return await _location_catalogue(
        request,
        staff,
        location,
        find=find_location_membership_types,
        template_name="loyalty/catalogue/location_membership_types.html",
    )


@location_view
async def location_gift_card_types(
    request: HttpRequest, staff: Staff, location: Location
) -> HttpResponse:
    """Gift-card types on sale at a location: title search, or a look-up by ids."""
    return await _location_catalogue(
        request,
        staff,
        location,
        find=find_location_gift_card_types,
        template_name="loyalty/catalogue/location_gift_card_types.html",
    )


@chain_view_for("membership_types")
async def chain_membership_types(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """A chain's membership types, current or archived, searched by title."""
    form = ChainMembershipTypesForm(request.GET)
    context = _chain_context(staff, chain, form)
    call = None
    if form.is_valid():
        call = list_chain_membership_types(
            staff.api,
            chain_id=chain.id,
            title=form.cleaned_data["title"],
            archived=form.cleaned_data["archived"],
            page=form.page_number,
            refresh=form.cleaned_data["refresh"],
        )
    return await _show(
        request,
        "loyalty/catalogue/chain_membership_types.html",
        RESULTS,
        context,
        call,
        place=IN_CHAIN,
    )


@chain_view_for("membership_types")
async def chain_membership_type(
    request: HttpRequest, staff: Staff, chain: Chain, type_id: int
) -> HttpResponse:
    """One membership type: price, validity, activation, freezing, balance, sales, locations."""
    form = RefreshForm(request.GET)
    context = _chain_context(staff, chain, form)
    form.is_valid()  # a stray value only means "no refresh"
    kind = await _fetch(
        request,
        context,
        get_chain_membership_type(
            staff.api,
            chain_id=chain.id,
            type_id=type_id,
            refresh=form.cleaned_data.get("refresh", False),
        ),
        place=IN_CHAIN,
        region=DETAIL,
        missing="This membership type is not in the chain's catalogue.",
    )
    if kind is not None:
        context.update(
            kind=kind,
            locations=attached_locations(chain, kind.location_ids),
            availability=availability_words(kind.availability),
        )
    return _render_detail(request, "loyalty/catalogue/chain_membership_type.html", context)


@chain_view_for("gift_card_types")
async def chain_gift_card_types(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """A chain's gift-card types, searched by title."""
    form = CatalogueForm(request.GET)
    context = _chain_context(staff, chain, form)
    call = None
    if form.is_valid():
        call = list_chain_gift_card_types(
            staff.api,
            chain_id=chain.id,
            title=form.cleaned_data["title"],
            page=form.page_number,
            refresh=form.cleaned_data["refresh"],
        )
    return await _show(
        request,
        "loyalty/catalogue/chain_gift_card_types.html",
        RESULTS,
        context,
        call,
        place=IN_CHAIN,
    )


@chain_view_for("gift_card_types")
async def chain_gift_card_type(
    request: HttpRequest, staff: Staff, chain: Chain, type_id: int
) -> HttpResponse:
    """One gift-card type: face value, use, what it pays for, expiry, cards issued, locations."""
    form = RefreshForm(request.GET)
    context = _chain_context(staff, chain, form)
    form.is_valid()
    kind = await _fetch(
        request,
        context,
        get_chain_gift_card_type(
            staff.api,
            chain_id=chain.id,
            type_id=type_id,
            refresh=form.cleaned_data.get("refresh", False),
        ),
        place=IN_CHAIN,
        region=DETAIL,
        missing="This gift-card type is not in the chain's catalogue.",
    )
    if kind is not None:
        context.update(kind=kind, locations=attached_locations(chain, kind.location_ids))
    return _render_detail(request, "loyalty/catalogue/chain_gift_card_type.html", context)


# --- Helpers -----------------------------------------------------------------------------------


async def _location_catalogue(
    request: HttpRequest,
    staff: Staff,
    location: Location,
    *,
    find: Callable[..., Awaitable[Page[Any]]],
    template_name: str,
) -> HttpResponse:
    """A location catalogue page: the form, then one `find_location_*` service call."""
    form = LocationCatalogueForm(request.GET)
    context = _location_context(staff, location, form, gift_cards="gift_card" in template_name)
    call = None
    if form.is_valid():
        call = find(
            staff.api,
            location_id=location.id,
            title=form.cleaned_data["title"],
            ids=form.cleaned_data["ids"],
            page=form.page_number,
            refresh=form.cleaned_data["refresh"],
        )
    return await _show(request, template_name, RESULTS, context, call, place=AT_LOCATION)


def _location_context(
    staff: Staff, location: Location, form: Any, *, gift_cards: bool = False
) -> dict[str, Any]:
    # Types link to the chain's detail page only for people with that right in that chain.
    detail_chain = next(
        (
            chain
            for chain in staff.chains_of(location.id)
            if (chain.can_see_gift_card_types if gift_cards else chain.can_see_membership_types)
        ),
        None,
    )
    return {
        "location": location,
        "form": form,
        "currency": location.currency,
        "detail_chain": detail_chain,
    }


def _chain_context(staff: Staff, chain: Chain, form: Any) -> dict[str, Any]:
    return {
        "chain": chain,
        "form": form,
        "currency": chain_currency(chain=chain, locations=staff.locations),
    }


async def _fetch[T](
    request: HttpRequest,
    context: dict[str, Any],
    call: Awaitable[T],
    *,
    place: str,
    region: str,
    missing: str = "",
) -> T | None:
    """Await one service call; an Altegio failure goes into `context` (sign-in problems rise)."""
    try:
        return await call
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        error = shown_error(exc, place=place, missing=missing)
        context.update(error_context(request, error, retry_target=region))
        return None


async def _show(
    request: HttpRequest,
    template_name: str,
    region: str,
    context: dict[str, Any],
    call: Awaitable[Any] | None,
    *,
    place: str,
) -> HttpResponse:
    """Render a catalogue list: form errors, or the service call's page, or its failure."""
    if call is None:
        return render_region(request, template_name, region, context, status=400)
    context["page"] = await _fetch(request, context, call, place=place, region=region)
    status = context["error"].status if "error" in context else 200
    return render_region(request, template_name, region, context, status=status)


def _render_detail(
    request: HttpRequest, template_name: str, context: dict[str, Any]
) -> HttpResponse:
    status = context["error"].status if "error" in context else 200
    return render_region(request, template_name, DETAIL, context, status=status)
