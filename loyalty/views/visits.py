"""Front desk: a client's visits and which membership or gift card paid for each.

Opened from the client card ("Visits"), never on the way to the cards; Altegio's failures and
the lookup quota rise to `region_view`, which words them in the region.
"""

from django.views.decorators.http import require_GET

from dashboard.accounts.guards import location_view
from dashboard.accounts.staff import Staff, StaffRequest
from loyalty.altegio.types import Location
from loyalty.dates import today_at
from loyalty.forms.visits import VisitsForm
from loyalty.services.cards.labels import card_labels
from loyalty.services.lookup.client_card import cached_client
from loyalty.services.visits import VisitsAsked, list_client_visits, visit_rights
from loyalty.views.regions import PageContext, region_view

VISITS = "loyalty/visits.html"


@require_GET
@location_view
@region_view(VISITS, "visits")
async def client_visits(
    request: StaffRequest, staff: Staff, location: Location, client_id: int, *, context: PageContext
) -> PageContext:
    """One page of the client's visits (GET `from`, `to`, and `membership` or `gift_card`)."""
    form = VisitsForm(request.GET, today=today_at(location.timezone))
    rights = visit_rights(staff.chains_of(location.id))
    # A client this person just looked up is named from that answer: no client search for it.
    client = await cached_client(user=staff.user, location=location, client_id=client_id)
    context.update(location=location, client_id=client_id, client=client, form=form)
    context.update(rights=rights, target=f"visits-{client_id}", on_cards=_on_cards(request))
    if not rights.visits:  # decided here, not only by the client card's hidden button
        return context | {"refused": True, "response_status": 403}
    if not form.is_valid():
        return context
    asked = VisitsAsked(location, client_id, form.window(location), client, form.paid_with)
    labels = await card_labels(request.session)
    context["visits"] = await list_client_visits(
        api=staff.api, user=staff.user, asked=asked, rights=rights, labels=labels
    )
    return context


def _on_cards(request: StaffRequest) -> bool:
    """htmx asks from the page showing the cards (the lookup): their usage lines may update."""
    current = request.htmx.current_url_abs_path or "" if request.htmx else ""
    return bool(request.htmx) and not current.startswith(request.path)
