"""Freeze and unfreeze a membership: the write protocol, written once.

A write is different from a read (STYLE "Writes are different"):
- the form carries a one-time key kept in our database (`write_keys.py`); deleting it is the
  permission to send, so a double click, a resubmitted form or a duplicated tab sends once;
- before sending, the membership is read fresh (M3 by id) and its type by id, and the whole plan
  is judged here (`freeze_rules.judge`): a plan our rules refuse is shown with the reason,
  audited, and never sent; a second, stale form re-reads first the same way;
- the POST is never retried (the client's `post` sends once); Altegio's "no" (a 4xx, or a 2xx
  with `success: false`) comes back with its words and a fresh form;
- when the answer is lost, the outcome is unknown: the membership is read back and shown as it
  is, with no claim that was not seen; after a write, what Altegio reports is read back too;
- every attempt leaves an audit row (`write_audit.py`), whatever happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext, gettext_noop

from loyalty.altegio import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioError,
    AltegioForbidden,
    AltegioRateLimited,
    AltegioRefused,
    AltegioUnavailable,
)
from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, FreezeAnswer, Location, Membership, MembershipType
from loyalty.dates import local_date, today_at
from loyalty.rights import FREEZE

from .audit import StaffMember
from .cards import membership_panels
from .cards.freeze import FreezeRules, is_current, judge, judge_state, latest_unfreeze_day
from .chain import chain_time_zone
from .failures import failure_words
from .freeze_words import did_not_answer, state_words, what_changed
from .membership_types import read_membership_types
from .write_actions import Action, WritePlan
from .write_audit import WriteAudit, first_location_in_chain
from .write_keys import consume_key, issue_key

__all__ = ["Action", "WritePlan"]

NO_LIMIT_DEFAULT_DAYS = 7  # the day offered first when the type sets no limit: a week


class MembershipNotInChain(AltegioError):
    """M3 by id did not return the membership: it is not this chain's."""

    words = gettext_noop("This membership is not in this chain in Altegio.")


@dataclass(frozen=True)
class WriteScope:
    """Where a write happens: the chain, its time zone, and the person's places in it."""

    chain: Chain
    chains: Sequence[Chain]  # every chain of the person's, for the rights to read types
    time_zone: str
    type_location_id: int | None  # one of the person's locations in the chain, for M4

    @classmethod
    def of(cls, chain: Chain, chains: Sequence[Chain], locations: Sequence[Location]) -> WriteScope:
        """The scope of a chain for a person with these chains and locations."""
        first = first_location_in_chain(locations, chain)
        time_zone = chain_time_zone(chain=chain, locations=locations)
        return cls(chain, chains, time_zone, first.id if first else None)


# --- The form's plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FreezePlan:
    """What the freeze or unfreeze form shows for one membership, and its one-time key."""

    action: Action
    chain: Chain
    membership: Membership
    kind: MembershipType | None  # the type read by id (None: it could not be)
    time_zone: str
    today: date
    key: str

    @property
    def rules(self) -> FreezeRules:
        """The type's rules and the allowance left."""
        return FreezeRules.of(self.membership, self.kind)

    @property
    def blocked(self) -> str:
        """Why the form offers nothing ('' when it can be sent)."""
        verdict = judge_state(
            self.action, membership=self.membership, kind=self.kind, today=self.today
        )
        return "" if verdict.allowed else verdict.words

    @property
    def earliest(self) -> date:
        """The first day it may unfreeze on: tomorrow."""
        return self.today + timedelta(days=1)

    @property
    def latest(self) -> date:
        """The last day it may unfreeze on."""
        return latest_unfreeze_day(self.rules, self.today)

    @property
    def offered(self) -> date:
        """The day the form offers first: the latest the allowance leaves, or a week."""
        if self.rules.left_days is None:
            return self.today + timedelta(days=NO_LIMIT_DEFAULT_DAYS)
        return self.latest

    @property
    def expires(self) -> date | None:
        """The expiry day at the chain (None before activation)."""
        return local_date(self.membership.expires, self.time_zone)


async def read_membership(api: UserClient, *, chain_id: int, membership_id: int) -> Membership:
    """One membership of the chain, read through M3 by id; MembershipNotInChain if not there."""
    page = await altegio_memberships.list_chain_memberships(
        api, chain_id=chain_id, ids=[membership_id], page=1, count=1
    )
    found = next((item for item in page.items if item.id == membership_id), None)
    if found is None:
        raise MembershipNotInChain
    return found


async def read_type(
    api: UserClient, scope: WriteScope, membership: Membership
) -> MembershipType | None:
    """The membership's type read by id (M7, else M4 at one of their locations); cached."""
    kinds = await read_membership_types(
        api,
        memberships=[membership],
        chains=scope.chains,
        location_id=scope.type_location_id,
        chain_id=scope.chain.id,
    )
    return kinds.get(membership.type.id)


@dataclass(frozen=True)
class MembershipRow:
    """A chain list row: the membership and its freeze rules (None: no freezing offered)."""

    membership: Membership
    freeze: FreezeRules | None = None


async def rows_with_rules(
    api: UserClient, *, memberships: Sequence[Membership], scope: WriteScope | None
) -> list[MembershipRow]:
    """Chain list rows; with a scope (the person may freeze) each carries its type's rules.

    Only issued and active rows offer freezing, so only their types are read.
    """
    if scope is None:
        return [MembershipRow(membership) for membership in memberships]
    kinds = await read_membership_types(
        api,
        memberships=[membership for membership in memberships if is_current(membership)],
        chains=scope.chains,
        location_id=scope.type_location_id,
        chain_id=scope.chain.id,
    )
    return [
        MembershipRow(membership, FreezeRules.of(membership, kinds.get(membership.type.id)))
        for membership in memberships
    ]


async def plan_write(
    api: UserClient, *, user: StaffMember, scope: WriteScope, membership_id: int, action: Action
) -> FreezePlan:
    """Read the membership and its type fresh and issue the form's one-time key."""
    membership = await read_membership(api, chain_id=scope.chain.id, membership_id=membership_id)
    return await _plan(api, user, scope, membership, action)


async def _plan(
    api: UserClient,
    user: StaffMember,
    scope: WriteScope,
    membership: Membership,
    action: Action,
    kind: MembershipType | None = None,
) -> FreezePlan:
    kind = kind or await read_type(api, scope, membership)
    key = await issue_key(
        user=user, action=action, chain_id=scope.chain.id, membership_id=membership.id
    )
    today = today_at(scope.time_zone)
    return FreezePlan(action, scope.chain, membership, kind, scope.time_zone, today, key)


# --- Sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteOutcome:
    """What happened to one freeze or unfreeze, and the membership as Altegio has it now."""

    action: Action
    membership: Membership | None  # read back after the answer; None when that failed too
    summary: str  # one line saying what changed, or why nothing was sent
    done: bool = False
    unknown: bool = False
    replayed: bool = False
    refusal: str = ""  # why it was not done: our rules' words, Altegio's, or a missing right
    altegio_said: str = ""  # Altegio's `meta.message`, when it gave one
    field_errors: list[str] = field(default_factory=list)
    plan: FreezePlan | None = None  # the form again, as typed, after a refusal
    kind: MembershipType | None = None


async def send_write(
    api: UserClient,
    *,
    user: StaffMember,
    scope: WriteScope,
    membership_id: int,
    plan: WritePlan,
    key: str,
    location_id: int | None = None,
) -> WriteOutcome:
    """Judge the plan against the membership read fresh, send it once if allowed, audit it.

    `location_id` is the lookup location already checked to be the person's and in the chain.
    """
    chain, action = scope.chain, plan.action
    note = WriteAudit(user, chain, chain.id, membership_id, action, plan.unfreezes_on, location_id)
    if not await consume_key(
        key=key, user=user, action=action, chain_id=chain.id, membership_id=membership_id
    ):
        return await _replayed(api, note, scope)
    try:
        before = await read_membership(api, chain_id=chain.id, membership_id=membership_id)
        kind = await read_type(api, scope, before)
    except AltegioAuthError:
        raise
    except AltegioError as exc:  # nothing sent: the membership could not even be read
        words = failure_words(exc)
        await note.record(None, f"not sent: {words}")
        return WriteOutcome(action, None, words, refusal=words)
    verdict = judge(plan, membership=before, kind=kind, today=today_at(scope.time_zone))
    if not verdict.allowed:
        await note.record(before, f"refused by Loyalty Desk: {verdict.english}")
        fresh = await _plan(api, user, scope, before, action, kind)
        return WriteOutcome(
            action, before, verdict.words, refusal=verdict.words, plan=fresh, kind=kind
        )
    return await _post_once(api, note, scope, before, kind, plan)


async def _post_once(
    api: UserClient,
    note: WriteAudit,
    scope: WriteScope,
    before: Membership,
    kind: MembershipType | None,
    plan: WritePlan,
) -> WriteOutcome:
    """The one POST, and what its answer means."""
    try:
        answer = await _post(api, scope.chain.id, before.id, plan)
    except AltegioAuthError as exc:
        await note.record(before, f"Altegio: {exc.api_message or failure_words(exc)}")
        raise
    except AltegioRefused as exc:  # a 2xx with `success: false`: Altegio answered, and said no
        words = exc.api_message or failure_words(exc)
        return await _refused(api, note, scope, before, kind, words, exc)
    except AltegioRateLimited as exc:  # a 429 is an answer too: Altegio did not act
        return await _refused(api, note, scope, before, kind, failure_words(exc), exc)
    except (AltegioUnavailable, AltegioBadResponse) as exc:
        return await _unknown(api, note, scope, exc, kind)
    except AltegioForbidden as exc:
        return await _refused(api, note, scope, before, kind, str(FREEZE.refusal), exc)
    except AltegioError as exc:
        words = exc.api_message or failure_words(exc)
        return await _refused(api, note, scope, before, kind, words, exc)
    after = await _read_back(api, scope.chain.id, before.id)
    await note.record(after or before, "done", number=answer.number)
    summary = what_changed(plan.action, before, after, plan.unfreezes_on, scope.time_zone)
    return WriteOutcome(plan.action, after, summary, done=True, kind=kind)


async def _post(
    api: UserClient, chain_id: int, membership_id: int, plan: WritePlan
) -> FreezeAnswer:
    if plan.action == Action.UNFREEZE:
        return await altegio_memberships.unfreeze_membership(
            api, chain_id=chain_id, membership_id=membership_id
        )
    if plan.unfreezes_on is None:  # judged before: a freeze always has its day here
        raise ValueError("a freeze needs the day it unfreezes on")
    return await altegio_memberships.freeze_membership(
        api, chain_id=chain_id, membership_id=membership_id, unfreezes_on=plan.unfreezes_on
    )


async def _replayed(api: UserClient, note: WriteAudit, scope: WriteScope) -> WriteOutcome:
    """The form's key was used already: nothing is sent again; the membership as it is now."""
    membership = await _read_back(api, scope.chain.id, note.membership_id)
    await note.record(membership, "not sent: this form was already used")
    words = gettext("This form was sent already, so nothing was sent again.")
    summary = f"{words} {state_words(membership, scope.time_zone)}"
    return WriteOutcome(note.action, membership, summary, replayed=True)


async def _refused(
    api: UserClient,
    note: WriteAudit,
    scope: WriteScope,
    before: Membership,
    kind: MembershipType | None,
    words: str,
    error: AltegioError,
) -> WriteOutcome:
    """Altegio said no: its words next to the form, kept as typed, with a fresh key."""
    await note.record(before, f"refused by Altegio: {error.api_message or words}")
    plan = await _plan(api, note.user, scope, before, note.action, kind)
    errors = [text for texts in error.errors.values() for text in _texts(texts)]
    return WriteOutcome(
        note.action,
        before,
        words,
        refusal=words,
        altegio_said=error.api_message or "",
        field_errors=errors,
        plan=plan,
        kind=kind,
    )


async def _unknown(
    api: UserClient,
    note: WriteAudit,
    scope: WriteScope,
    error: AltegioError,
    kind: MembershipType | None,
) -> WriteOutcome:
    """No answer seen: read the membership back and show what is there, claiming nothing."""
    membership = await _read_back(api, scope.chain.id, note.membership_id)
    seen = state_words(membership, scope.time_zone)
    await note.record(membership, f"outcome unknown ({failure_words(error)}) — read back: {seen}")
    summary = f"{did_not_answer(note.action)} {seen} " + gettext("Check it before trying again.")
    return WriteOutcome(note.action, membership, summary, unknown=True, kind=kind)


async def _read_back(api: UserClient, chain_id: int, membership_id: int) -> Membership | None:
    """The membership as Altegio has it now, or None when even that cannot be read."""
    try:
        return await read_membership(api, chain_id=chain_id, membership_id=membership_id)
    except AltegioAuthError:
        raise
    except AltegioError:
        return None


def _texts(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


async def refuse_write(
    api: UserClient | None,
    *,
    user: StaffMember,
    chain: Chain | None,
    chain_id: int,
    membership_id: int,
    action: Action,
    reason: str,
    location_id: int | None = None,
) -> None:
    """Audit a POST refused here before any write (no right, not their chain, a bad form)."""
    note = WriteAudit(user, chain, chain_id, membership_id, action, None, location_id)
    membership = None
    if api is not None and chain is not None:
        membership = await _read_back(api, chain.id, membership_id)
    await note.record(membership, f"refused by Loyalty Desk: {reason}")


# --- What the page shows ---------------------------------------------------------------------


def write_context(
    context: Mapping[str, Any], locations: Iterable[Location], location: Location | None
) -> dict[str, Any]:
    """The membership to show (fresh from Altegio), its card panel and freeze rules."""
    outcome: WriteOutcome | None = context.get("outcome")
    plan: FreezePlan | None = context.get("plan")
    shown = (outcome.membership if outcome else None) or (plan.membership if plan else None)
    kind = (outcome.kind if outcome else None) or (plan.kind if plan else None)
    kinds = {kind.id: kind} if kind else {}
    chain: Chain = context["chain"]
    time_zone = chain_time_zone(chain=chain, locations=list(locations))
    fallback = Location(id=0, title=chain.title, timezone=time_zone)
    panel = membership_panels([shown], location or fallback, kinds)[0] if shown else None
    return {
        "shown": shown,
        "panel": panel,
        "freeze": panel.freeze if panel else None,
        "location": location,
        "time_zone": time_zone,
    }
