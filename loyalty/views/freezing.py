"""Freeze and unfreeze a membership from a lookup card or a chain list row (issues 14, 18).

GET shows the form (the inline partial for htmx, a page without JavaScript) and changes
nothing; POST sends it once, if the server's own rules allow it. Rights are checked here,
before any call to Altegio; every POST is audited, refused or not.
"""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dashboard.accounts.staff import Staff, StaffRequest, forbidden, staff_view
from loyalty.altegio.types import Chain, Location
from loyalty.forms.freezing import MembershipWriteForm
from loyalty.rights import FREEZE
from loyalty.services.freezing import (
    Action,
    WritePlan,
    WriteScope,
    plan_write,
    refuse_write,
    send_write,
    write_context,
)
from loyalty.services.write_audit import location_in_chain

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
    form = MembershipWriteForm(
        request.POST if sending else request.GET, freezing=action == Action.FREEZE, sending=sending
    )
    valid = form.is_valid()
    # Never the form's word for where it was: only one of theirs, in this chain.
    location = location_in_chain(staff.locations, chain, form.lookup_location_id)
    if chain is None or not FREEZE.held_in(chain):
        return await _no_right(request, staff, chain, chain_id, membership_id, action, location)
    context: dict[str, Any] = {"chain": chain, "form": form, "action": action.value}
    context.update(show=form.shown_in, membership_id=membership_id)
    ran, context["error"] = await part_of_page(
        _run(staff, chain, membership_id, action, form, location, valid=valid), context
    )
    context.update(ran or {})
    context.update(write_context(context, staff.locations, location))
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
    location: Location | None,
    *,
    valid: bool,
) -> dict[str, Any]:
    """One service call: send a valid POST; else (re)plan the form with a fresh key."""
    scope = WriteScope.of(chain, staff.chains, staff.locations)
    common: dict[str, Any] = {"user": staff.user, "membership_id": membership_id}
    if form.sending and valid:
        outcome = await send_write(
            staff.api,
            **common,
            scope=scope,
            plan=WritePlan(action, form.until if action == Action.FREEZE else None),
            key=form.cleaned_data["key"],
            location_id=location.id if location else None,
        )
        return {"outcome": outcome, "plan": outcome.plan}
    if form.sending:  # a sent form we cannot read: refused here, audited, never sent
        await refuse_write(
            staff.api,
            **common,
            chain=chain,
            chain_id=chain.id,
            action=action,
            reason=f"the form was not valid ({form.problems})",
            location_id=location.id if location else None,
        )
    return {"plan": await plan_write(staff.api, **common, scope=scope, action=action)}


async def _no_right(
    request: StaffRequest,
    staff: Staff,
    chain: Chain | None,
    chain_id: int,
    membership_id: int,
    action: Action,
    location: Location | None,
) -> HttpResponse:
    """403 with no write to Altegio; a POST is audited all the same, in no foreign chain's log."""
    if request.method == "POST":
        await refuse_write(
            None,
            user=staff.user,
            chain=chain,
            chain_id=chain_id,
            membership_id=membership_id,
            action=action,
            reason="not one of their chains" if chain is None else "no freeze right in this chain",
            location_id=location.id if location else None,
        )
    if chain is None:
        return forbidden(request, gettext("This chain is not one of yours in Altegio."))
    return forbidden(request, str(FREEZE.refusal))
