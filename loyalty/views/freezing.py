"""Freeze and unfreeze a membership from a lookup card or a chain list row (issue 14).

GET shows the form (the inline partial for htmx, a page without JavaScript) and changes
nothing; POST sends it once. Rights are checked here, before any call to Altegio.
"""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dashboard.accounts.staff import Staff, StaffRequest, forbidden, staff_view
from loyalty.altegio.types import Chain
from loyalty.forms.freezing import MembershipWriteForm
from loyalty.services.chain import chain_time_zone
from loyalty.services.freezing import (
    NO_RIGHT,
    Action,
    deny_write,
    plan_write,
    send_write,
    write_context,
)

from .regions import part_of_page, render_region

TEMPLATE = "loyalty/freeze.html"


@never_cache
@require_http_methods(["GET", "POST"])
@staff_view
async def freeze(
    request: StaffRequest, staff: Staff, chain_id: int, membership_id: int
) -> HttpResponse:
    """The freeze form (GET) or the freeze itself (POST `freeze_till`, `key`)."""
    return await _write(request, staff, chain_id, membership_id, Action.FREEZE)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_view
async def unfreeze(
    request: StaffRequest, staff: Staff, chain_id: int, membership_id: int
) -> HttpResponse:
    """The unfreeze form (GET) or the unfreeze itself (POST `key`)."""
    return await _write(request, staff, chain_id, membership_id, Action.UNFREEZE)


async def _write(
    request: StaffRequest, staff: Staff, chain_id: int, membership_id: int, action: Action
) -> HttpResponse:
    """Check the right, then plan (GET) or send (POST), and render the card, row or box."""
    chain = staff.chain(chain_id)
    sending = request.method == "POST"
    if chain is None or not chain.may_freeze:
        return await _no_right(request, staff, chain, membership_id, action, sending=sending)
    form = MembershipWriteForm(
        request.POST if sending else request.GET, freezing=action == Action.FREEZE, sending=sending
    )
    valid = form.is_valid()
    context: dict[str, Any] = {"chain": chain, "form": form, "action": action.value}
    context.update(show=form.shown_in, membership_id=membership_id)
    ran, context["error"] = await part_of_page(
        _run(staff, chain, membership_id, action, form, valid=valid), context
    )
    context.update(ran or {})
    context.update(write_context(context, staff.locations, form.lookup_location_id, chain))
    region, target = _region(form, membership_id, sending=sending)
    return render_region(request, TEMPLATE, region, context, target=target)


def _region(form: MembershipWriteForm, membership_id: int, *, sending: bool) -> tuple[str, str]:
    """The partial and the element it swaps: the form's box, or after a send the card or row."""
    if not sending:
        return "freeze-box", f"freeze-box-{membership_id}"
    region = "row" if form.shown_in == "row" else "card"
    return region, f"membership-{region}-{membership_id}"


async def _run(
    staff: Staff,
    chain: Chain,
    membership_id: int,
    action: Action,
    form: MembershipWriteForm,
    *,
    valid: bool,
) -> dict[str, Any]:
    """One service call: send a valid POST, else (re)plan the form with a fresh key."""
    time_zone = chain_time_zone(chain=chain, locations=staff.locations)
    common: dict[str, Any] = {
        "user": staff.user,
        "chain": chain,
        "time_zone": time_zone,
        "membership_id": membership_id,
        "action": action,
    }
    if form.sending and valid:
        outcome = await send_write(
            staff.api,
            **common,
            key=form.cleaned_data["key"],
            until=form.until,
            location_id=form.lookup_location_id,
        )
        return {"outcome": outcome, "plan": outcome.plan}
    return {"plan": await plan_write(staff.api, **common)}


async def _no_right(
    request: StaffRequest,
    staff: Staff,
    chain: Chain | None,
    membership_id: int,
    action: Action,
    *,
    sending: bool,
) -> HttpResponse:
    """403 with no call to Altegio; a POST is audited all the same."""
    if chain is None:
        return forbidden(request, gettext("This chain is not one of yours in Altegio."))
    if sending:
        await deny_write(user=staff.user, chain=chain, membership_id=membership_id, action=action)
    return forbidden(request, gettext(NO_RIGHT))
