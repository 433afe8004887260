"""The lookup audit log for managers: who looked up which client where, filtered and paged."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dashboard.accounts.staff import Staff, forbidden, staff_view
from loyalty.forms.audit import AuditFilterForm
from loyalty.services.audit import read_audit_log
from loyalty.services.phones import region_for

TEMPLATE = "loyalty/audit.html"
RESULTS = "audit-results"


@never_cache  # who looked up whom stays out of every cache
@require_GET
@staff_view
async def audit_log(request: HttpRequest, staff: Staff) -> HttpResponse:
    """The audit log of the manager's chains; an htmx request gets the results region only."""
    chains = staff.loyalty_chains
    if not chains:
        return forbidden(
            request, "The audit log is for managers with loyalty rights in a chain in Altegio."
        )
    # Times read in the viewer's location time zone (the header says which); UTC without one.
    here = staff.current_location
    time_zone = (here.timezone if here else "") or "UTC"
    form = AuditFilterForm(
        request.GET, region=region_for(staff.current_location), time_zone=time_zone
    )
    log = await read_audit_log(
        chains=chains, filters=form.filters(), page=request.GET.get("page") or 1
    )
    form.offer_staff(log.staff)
    context = {"form": form, "page": log.page, "chains": chains, "time_zone": time_zone}
    htmx = getattr(request, "htmx", None)
    template = f"{TEMPLATE}#{RESULTS}" if htmx and htmx.target == RESULTS else TEMPLATE
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
