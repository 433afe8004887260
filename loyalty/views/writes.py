"""Every write to a membership, from a lookup card or a chain list row (freeze, unfreeze, …).

GET shows the action's form (the inline partial for htmx, a page without JavaScript) and changes
nothing; POST sends it once, if the server's own rules allow it. Rights are checked here, before
any call to Altegio; every POST is audited, refused or not. The actions are
services/writes/registry.py's; the URL names one.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from dashboard.accounts.guards import forbidden, staff_view
from dashboard.accounts.staff import Staff, StaffRequest
from loyalty.altegio.types import Chain, Location
from loyalty.forms.writes import MembershipWriteForm, write_form
from loyalty.services.cards import membership_panels
from loyalty.services.chain.rows import chain_row
from loyalty.services.places import chain_time_zone, location_in_chain
from loyalty.services.writes.action import WriteAction
from loyalty.services.writes.audit import WriteAudit
from loyalty.services.writes.protocol import (
    WriteDraft,
    WriteOutcome,
    WriteRequest,
    plan_write,
    refuse_write,
    send_write,
)
from loyalty.services.writes.reading import WriteScope
from loyalty.services.writes.registry import ACTIONS

from .regions import part_of_page, render_region

TEMPLATE = "loyalty/write.html"


@require_http_methods(["GET", "POST"])
@staff_view
async def write(
    request: StaffRequest, staff: Staff, chain_id: int, membership_id: int, *, action: str
) -> HttpResponse:
    """The action's form (GET) or the write itself (POST its values and `key`)."""
    spec = ACTIONS[action]
    chain = staff.chain(chain_id)
    sending = request.method == "POST"
    form = write_form(action, request.POST if sending else request.GET, sending=sending)
    valid = form.is_valid()  # never the form's word for where it was: one of theirs, in this chain
    location = location_in_chain(staff.locations, chain, form.lookup_location_id)
    if chain is None or not spec.right.held_in(chain):
        return await _no_right(request, staff, chain, chain_id, membership_id, spec, location)
    context: dict[str, Any] = {"chain": chain, "form": form, "action": spec}
    context.update(show=form.shown_in, membership_id=membership_id)
    ran, context["error"] = await part_of_page(
        _run(staff, chain, membership_id, spec, form, location, valid=valid), context
    )
    context.update(ran or {})
    context.update(_shown(context, staff.locations, location))
    return _answer(request, context, form, membership_id, sending=sending)


def _answer(
    request: StaffRequest,
    context: dict[str, Any],
    form: MembershipWriteForm,
    membership_id: int,
    *,
    sending: bool,
) -> HttpResponse:
    """The form's box, or after a send the card or row it was opened from."""
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
    spec: WriteAction,
    form: MembershipWriteForm,
    location: Location | None,
    *,
    valid: bool,
) -> dict[str, Any]:
    """One service call: send a valid POST; else (re)draft the form with a fresh key."""
    scope = WriteScope.of(chain, staff.chains, staff.locations)
    location_id = location.id if location else None
    if form.sending and valid:
        key = form.cleaned_data["key"]
        sent = WriteRequest(staff.user, scope, membership_id, spec, form.plan(), key, location_id)
        outcome = await send_write(staff.api, sent)
        return {"outcome": outcome, "draft": outcome.draft}
    if form.sending:  # a sent form we cannot read: refused here, audited, never sent
        note = WriteAudit(
            staff.user, chain, chain.id, membership_id, spec, "", location_id, form.given_reason
        )
        await refuse_write(staff.api, note, reason=f"the form was not valid ({form.problems})")
    draft = await plan_write(
        staff.api, user=staff.user, scope=scope, membership_id=membership_id, action=spec
    )
    return {"draft": draft}


async def _no_right(
    request: StaffRequest,
    staff: Staff,
    chain: Chain | None,
    chain_id: int,
    membership_id: int,
    spec: WriteAction,
    location: Location | None,
) -> HttpResponse:
    """403 with no write to Altegio; a POST is audited all the same, in no foreign chain's log."""
    if request.method == "POST":
        location_id = location.id if location else None
        note = WriteAudit(staff.user, chain, chain_id, membership_id, spec, "", location_id)
        await refuse_write(None, note, reason=_why_not(chain, spec))
    if chain is None:
        return forbidden(request, gettext("This chain is not one of yours in Altegio."))
    return forbidden(request, str(spec.right.refusal))


def _why_not(chain: Chain | None, spec: WriteAction) -> str:
    """Why a POST was refused before any call, for the audit log."""
    return (
        "not one of their chains" if chain is None else f"no {spec.right.name} right in this chain"
    )


def _shown(
    context: dict[str, Any], locations: Iterable[Location], location: Location | None
) -> dict[str, Any]:
    """The membership to show (fresh from Altegio), its card panel and freeze rules."""
    outcome: WriteOutcome | None = context.get("outcome")
    draft: WriteDraft | None = context.get("draft")
    shown = (outcome.membership if outcome else None) or (draft.membership if draft else None)
    kind = (outcome.kind if outcome else None) or (draft.kind if draft else None)
    kinds = {kind.id: kind} if kind else {}
    chain: Chain = context["chain"]
    time_zone = chain_time_zone(chain=chain, locations=list(locations))
    fallback = Location(id=0, title=chain.title, timezone=time_zone)
    panel = membership_panels([shown], location or fallback, kinds)[0] if shown else None
    return {
        "shown": shown,
        "panel": panel,
        "row": chain_row(shown, time_zone=time_zone, kinds=kinds) if shown else None,
        "freeze": panel.freeze if panel else None,
        "location": location,
        "time_zone": time_zone,
    }
