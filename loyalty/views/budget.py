"""Altegio's request budget, as a waiting page asks about it (no Altegio call)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from dashboard.accounts.guards import staff_view
from dashboard.accounts.staff import Staff, StaffRequest
from loyalty.services.budget import request_limit_busy


@require_GET
@staff_view
async def altegio_budget(request: StaffRequest, staff: Staff) -> JsonResponse:
    """Whether an interactive call would now wait for Altegio's request limit, and how long."""
    busy, wait = await request_limit_busy()
    return JsonResponse({"limit_busy": busy, "wait_seconds": round(wait, 2)})
