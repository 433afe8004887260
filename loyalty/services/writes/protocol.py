"""The write protocol, written once for every action (STYLE "Writes are different").

- the form carries a one-time key kept in our database (keys.py); deleting it is the permission
  to send, so a double click, a resubmitted form or a duplicated tab sends once;
- before sending, the membership is read fresh (M3 by id) and its type by id, and the whole plan
  is judged here by the action's rules function: a plan the rules refuse is shown with the
  reason, audited, and never sent; a second, stale form re-reads first the same way;
- the POST is never retried (the client's `post` sends once); Altegio's "no" (a 4xx, or a 2xx
  with `success: false`) comes back with its words and a fresh form;
- when the answer is lost, the outcome is unknown: the membership is read back and shown as it
  is, with no claim that was not seen; after a write, what Altegio reports is read back too;
- every attempt leaves an audit row (audit.py), whatever happened.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext

from loyalty.altegio import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioError,
    AltegioForbidden,
    AltegioRateLimited,
    AltegioRefused,
    AltegioUnavailable,
)
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, Membership, MembershipType
from loyalty.dates import local_date, today_at
from loyalty.services.audit import StaffMember
from loyalty.services.failures import failure_words

from .action import COMMON_REASONS, WriteAction, WritePlan
from .audit import WriteAudit
from .keys import consume_key, issue_key
from .reading import WriteScope, read_back, read_membership, read_type
from .words import replayed_words


@dataclass(frozen=True)
class WriteDraft:
    """A write's form as it opens: the membership read fresh, its type, today, its one-time key."""

    action: WriteAction
    chain: Chain
    membership: Membership
    kind: MembershipType | None  # the type read by id (None: it could not be)
    time_zone: str
    today: date
    key: str

    @property
    def blocked(self) -> str:
        """Why the form offers nothing ('' when it can be sent)."""
        verdict = self.action.rules(None, self.membership, self.kind, self.today)
        return "" if verdict.allowed else verdict.words

    @property
    def details(self) -> object:
        """What the action's own form shows (the freeze form: its rules and days)."""
        return self.action.details(self.membership, self.kind, self.today)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The common reasons its form offers to pick (an action that asks for a reason)."""
        return tuple(str(reason) for reason in COMMON_REASONS) if self.action.asks_reason else ()

    @property
    def heading(self) -> str:
        """'Freeze membership No. 219174'."""
        return self.action.heading % {"number": self.membership.number or self.membership.id}

    @property
    def expires(self) -> date | None:
        """The expiry day at the chain (None before activation)."""
        return local_date(self.membership.expires, self.time_zone)


@dataclass(frozen=True)
class WriteOutcome:
    """What happened to one write, and the membership as Altegio has it now."""

    action: WriteAction
    membership: Membership | None  # read back after the answer; None when that failed too
    summary: str  # one line saying what changed, or why nothing was sent
    done: bool = False
    unknown: bool = False
    replayed: bool = False
    refusal: str = ""  # why it was not done: our rules' words, Altegio's, or a missing right
    altegio_said: str = ""  # Altegio's `meta.message`, when it gave one
    field_errors: list[str] = field(default_factory=list)
    draft: WriteDraft | None = None  # the form again, as typed, after a refusal
    kind: MembershipType | None = None


async def plan_write(
    api: UserClient,
    *,
    user: StaffMember,
    scope: WriteScope,
    membership_id: int,
    action: WriteAction,
) -> WriteDraft:
    """Read the membership and its type fresh and issue the form's one-time key."""
    membership = await read_membership(api, chain_id=scope.chain.id, membership_id=membership_id)
    return await _draft(api, user, scope, membership, action)


async def _draft(
    api: UserClient,
    user: StaffMember,
    scope: WriteScope,
    membership: Membership,
    action: WriteAction,
    kind: MembershipType | None = None,
) -> WriteDraft:
    kind = kind or await read_type(api, scope, membership)
    key = await issue_key(
        user=user, action=action.name, chain_id=scope.chain.id, membership_id=membership.id
    )
    today = today_at(scope.time_zone)
    return WriteDraft(action, scope.chain, membership, kind, scope.time_zone, today, key)


@dataclass(frozen=True)
class WriteRequest:
    """One write as the person sent it: who, where, which membership, what, and the form's key."""

    user: StaffMember
    scope: WriteScope
    membership_id: int
    action: WriteAction
    plan: WritePlan
    key: str
    location_id: int | None = None  # the lookup location, checked: one of theirs, in the chain

    @property
    def note(self) -> WriteAudit:
        """Its audit row, waiting for the outcome."""
        chain, values = self.scope.chain, self.action.audited(self.plan)
        return WriteAudit(
            self.user,
            chain,
            chain.id,
            self.membership_id,
            self.action,
            values,
            self.location_id,
            self.plan.reason,
        )


async def send_write(api: UserClient, sent: WriteRequest) -> WriteOutcome:
    """Judge the plan against the membership read fresh, send it once if allowed, audit it."""
    chain, action, note = sent.scope.chain, sent.action, sent.note
    if not await consume_key(
        key=sent.key,
        user=sent.user,
        action=action.name,
        chain_id=chain.id,
        membership_id=sent.membership_id,
    ):
        return await _replayed(api, note, sent.scope)
    try:
        before = await read_membership(api, chain_id=chain.id, membership_id=sent.membership_id)
        kind = await read_type(api, sent.scope, before)
    except AltegioAuthError:
        raise
    except AltegioError as exc:  # nothing sent: the membership could not even be read
        words = failure_words(exc)
        await note.record(None, f"not sent: {words}")
        return WriteOutcome(action, None, words, refusal=words)
    verdict = action.rules(sent.plan, before, kind, today_at(sent.scope.time_zone))
    if not verdict.allowed:
        await note.record(before, f"refused by Loyalty Desk: {verdict.english}")
        fresh = await _draft(api, sent.user, sent.scope, before, action, kind)
        return WriteOutcome(
            action, before, verdict.words, refusal=verdict.words, draft=fresh, kind=kind
        )
    return await _post_once(api, sent, note, before, kind)


async def _post_once(
    api: UserClient,
    sent: WriteRequest,
    note: WriteAudit,
    before: Membership,
    kind: MembershipType | None,
) -> WriteOutcome:
    """The one POST, and what its answer means."""
    scope, action = sent.scope, sent.action
    try:
        answer = await action.send(api, scope.chain.id, before, sent.plan)
    except AltegioAuthError as exc:
        await note.record(before, f"Altegio: {exc.api_message or failure_words(exc)}")
        raise
    except AltegioError as exc:
        if _lost(exc):
            return await _unknown(api, note, scope, exc, kind)
        return await _refused(api, sent, note, before, kind, _refusal_words(exc, action), exc)
    after = await read_back(api, scope.chain.id, before.id)
    number = getattr(answer, "number", "")
    await note.record(after or before, "done", number=number)
    summary = action.done(sent.plan, before, after, scope.time_zone)
    return WriteOutcome(action, after, summary, done=True, kind=kind)


def _lost(exc: AltegioError) -> bool:
    """No answer to go by (a timeout, a 5xx, an unreadable 2xx): Altegio may have acted.

    A 2xx with `success: false` and a 429 are answers: Altegio did not act.
    """
    answered = isinstance(exc, AltegioRefused | AltegioRateLimited)
    return isinstance(exc, AltegioUnavailable | AltegioBadResponse) and not answered


def _refusal_words(exc: AltegioError, action: WriteAction) -> str:
    """Altegio's "no" in words: its own when it gave some, else ours."""
    if isinstance(exc, AltegioForbidden):
        return str(action.right.refusal)
    if isinstance(exc, AltegioRateLimited):
        return failure_words(exc)
    return exc.api_message or failure_words(exc)


async def _replayed(api: UserClient, note: WriteAudit, scope: WriteScope) -> WriteOutcome:
    """The form's key was used already: nothing is sent again; the membership as it is now."""
    membership = await read_back(api, scope.chain.id, note.membership_id)
    await note.record(membership, "not sent: this form was already used")
    summary = replayed_words(note.action.seen(membership, scope.time_zone))
    return WriteOutcome(note.action, membership, summary, replayed=True)


async def _refused(
    api: UserClient,
    sent: WriteRequest,
    note: WriteAudit,
    before: Membership,
    kind: MembershipType | None,
    words: str,
    error: AltegioError,
) -> WriteOutcome:
    """Altegio said no: its words next to the form, kept as typed, with a fresh key."""
    await note.record(before, f"refused by Altegio: {error.api_message or words}")
    draft = await _draft(api, sent.user, sent.scope, before, sent.action, kind)
    errors = [text for texts in error.errors.values() for text in _texts(texts)]
    return WriteOutcome(
        sent.action,
        before,
        words,
        refusal=words,
        altegio_said=error.api_message or "",
        field_errors=errors,
        draft=draft,
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
    membership = await read_back(api, scope.chain.id, note.membership_id)
    seen = note.action.seen(membership, scope.time_zone)
    await note.record(membership, f"outcome unknown ({failure_words(error)}) — read back: {seen}")
    summary = f"{note.action.unknown} {seen} " + gettext("Check it before trying again.")
    return WriteOutcome(note.action, membership, summary, unknown=True, kind=kind)


def _texts(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


async def refuse_write(api: UserClient | None, note: WriteAudit, *, reason: str) -> None:
    """Audit a POST refused here before any write (no right, not their chain, a bad form).

    With a client and a chain of theirs, the row names the membership as Altegio has it now.
    """
    membership = None
    if api is not None and note.chain is not None:
        membership = await read_back(api, note.chain.id, note.membership_id)
    await note.record(membership, f"refused by Loyalty Desk: {reason}")
