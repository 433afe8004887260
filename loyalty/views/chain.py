"""Managers: chain-wide memberships, summary and CSV export. (In progress.)"""

from django.http import HttpRequest, HttpResponse

from dashboard.accounts.staff import Staff, chain_view
from loyalty.altegio.types import Chain


@chain_view
async def memberships(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Chain memberships")


@chain_view
async def summary(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Summary")


@chain_view
async def export_csv(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("CSV")
