"""Membership and gift-card type catalogues. (In progress.)"""

from django.http import HttpRequest, HttpResponse

from dashboard.accounts.staff import Staff, chain_view, location_view
from loyalty.altegio.types import Chain, Location


@location_view
async def location_membership_types(
    request: HttpRequest, staff: Staff, location: Location
) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Types")


@location_view
async def location_gift_card_types(
    request: HttpRequest, staff: Staff, location: Location
) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Gift-card types")


@chain_view
async def chain_membership_types(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Chain types")


@chain_view
async def chain_membership_type(
    request: HttpRequest, staff: Staff, chain: Chain, type_id: int
) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Chain type")


@chain_view
async def chain_gift_card_types(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Chain gift-card types")


@chain_view
async def chain_gift_card_type(
    request: HttpRequest, staff: Staff, chain: Chain, type_id: int
) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Chain gift-card type")
