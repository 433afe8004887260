"""The lookup audit log for managers: who looked up which client where, filtered and paged.

The phone filter never travels in a URL: the filter form is POSTed, the phone is kept in the
session behind an opaque key, and the browser is sent to a GET URL carrying only that key and
the other filters (so paging, Back and reloads work without the phone in any URL or log line).
"""

import secrets
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dashboard.accounts.guards import forbidden, staff_view
from dashboard.accounts.staff import Staff, StaffRequest, get_staff
from loyalty.forms.audit import AuditFilterForm
from loyalty.rights import AUDIT
from loyalty.services.audit.log import read_audit_log
from loyalty.services.phones import region_for

from .regions import render_region

TEMPLATE = "loyalty/audit.html"
RESULTS = "audit-results"
PHONES_KEY = "audit.phones"
PHONE_KEY_PARAM = "phone_key"
KEPT_PHONES = 20  # opaque keys a session remembers; older ones simply lapse
GET_FILTERS = ("staff", "date_from", "date_to", "kind")


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view
async def audit_log(request: StaffRequest, staff: Staff) -> HttpResponse:
    """The audit log of the manager's chains; an htmx request gets the results region only."""
    # Who may read the log is decided on rights fresh from Altegio, never on remembered ones.
    staff = await get_staff(request, fresh_rights=True)
    chains = staff.loyalty_chains
    if not chains:
        return forbidden(request, str(AUDIT.refusal))
    form, push_url = await _filter_form(request, staff)
    if push_url and not request.htmx:
        return HttpResponseRedirect(push_url, status=303)
    page = request.GET.get("page") or 1
    log = await read_audit_log(chains=chains, filters=form.filters(), page=page)
    form.offer_staff(log.staff)
    context = {"form": form, "page": log.page, "chains": chains, "time_zone": form.time_zone}
    response = render_region(request, TEMPLATE, RESULTS, context)
    if push_url:
        response["HX-Push-Url"] = push_url
    return response


async def _filter_form(request: StaffRequest, staff: Staff) -> tuple[AuditFilterForm, str]:
    """The filters (POSTed, or from the URL with the phone recalled) and the URL to push."""
    here = staff.current_location
    # Times read in the viewer's location time zone (the header says which); UTC without one.
    time_zone = (here.timezone if here else "") or "UTC"
    if request.method != "POST":
        data = await _with_recalled_phone(request)
        return AuditFilterForm(data, region=region_for(here), time_zone=time_zone), ""
    form = AuditFilterForm(request.POST, region=region_for(here), time_zone=time_zone)
    return form, (await _filtered_url(request, form) if form.is_valid() else "")


async def _filtered_url(request: StaffRequest, form: AuditFilterForm) -> str:
    """The GET URL of these filters: the phone replaced by an opaque key kept in the session."""
    query: dict[str, Any] = {
        name: request.POST[name] for name in GET_FILTERS if request.POST.get(name)
    }
    phone = form.cleaned_data.get("phone")
    if phone:
        key = secrets.token_urlsafe(12)
        phones: dict[str, str] = dict(await request.session.aget(PHONES_KEY, {}))
        phones[key] = phone.e164
        await request.session.aset(PHONES_KEY, dict(list(phones.items())[-KEPT_PHONES:]))
        query[PHONE_KEY_PARAM] = key
    base = reverse("loyalty:audit")
    return f"{base}?{urlencode(query)}" if query else base


async def _with_recalled_phone(request: StaffRequest) -> QueryDict:
    """The GET filters, the phone recalled from its opaque key (a URL `phone` is ignored)."""
    data = request.GET.copy()
    data.pop("phone", None)
    key = data.pop(PHONE_KEY_PARAM, [""])[-1]
    phones: dict[str, str] = await request.session.aget(PHONES_KEY, {})
    if key and key in phones:
        data["phone"] = phones[key]
    return data
