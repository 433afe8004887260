"""Front desk: client lookup by phone, group-event check, the user's own cards. (In progress.)"""

from django.http import HttpRequest, HttpResponse

from dashboard.accounts.staff import Staff, location_view
from loyalty.altegio.types import Location


@location_view
async def lookup(request: HttpRequest, staff: Staff, location: Location) -> HttpResponse:
    """Placeholder until the lookup page lands."""
    return HttpResponse(f"Lookup at {location.title}")


@location_view
async def event_check(
    request: HttpRequest, staff: Staff, location: Location, client_id: int
) -> HttpResponse:
    """Placeholder until the event check lands."""
    return HttpResponse("Event check")


@location_view
async def my_cards(request: HttpRequest, staff: Staff, location: Location) -> HttpResponse:
    """Placeholder until the page lands."""
    return HttpResponse("My cards")
