"""The lookup audit log for managers. (In progress.)"""

from django.http import HttpRequest, HttpResponse

from dashboard.accounts.staff import Staff, staff_view


@staff_view
async def audit_log(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Placeholder."""
    return HttpResponse("Audit")
