"""Freeze and unfreeze a membership: the dashboard's first write to Altegio, made safe.

A write is different from a read (STYLE "Writes are different"):
- the POST is never retried (the client's `post` sends once);
- the form carries a one-time key kept in our database; deleting it is the permission to send,
  so a double click, a resubmitted form or a duplicated tab reaches Altegio once;
- when the POST times out or the connection drops, the outcome is unknown: the membership is
  read back through M3 by id and shown as it is, with no claim that was not seen;
- every attempt leaves an audit row, whatever happened.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from loyalty.altegio import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioError,
    AltegioForbidden,
    AltegioRateLimited,
    AltegioUnavailable,
)
from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, FreezeAnswer, Location, Membership, period_in_words
from loyalty.dates import local_date, today_at, zone
from loyalty.models import AuditEntry, WriteKey
from loyalty.services import audit
from loyalty.services.audit import StaffMember
from loyalty.services.cards import membership_panels
from loyalty.services.chain import chain_time_zone

# Days per `freeze_limit_unit_id` (docs/altegio.md §2.2: a month counts 30 days, a year 365);
# 0 or an unknown unit counts days, as older docs give the limit.
KEY_LIFETIME = timedelta(hours=2)
CURRENT_STATUS_IDS = (1, 2)
NO_RIGHT = gettext_noop(
    "You have no right to freeze or unfreeze memberships in this chain in Altegio."
)


class Action(StrEnum):
    """The two writes."""

    FREEZE = "freeze"
    UNFREEZE = "unfreeze"


# --- The type's rules, in words ----------------------------------------------------------------


@dataclass(frozen=True)
class FreezeRules:
    """What the membership's type allows, and how much of the allowance is used."""

    allowed: bool
    limit_days: int
    limit_words: str
    used_days: int
    booking_while_frozen: bool

    @property
    def left_days(self) -> int:
        """Freeze days still allowed."""
        return max(0, self.limit_days - self.used_days)

    @property
    def words(self) -> list[str]:
        """The rules as the form states them."""
        if not self.allowed:
            return [gettext("This membership's type does not allow freezing.")]
        used = ngettext(
            "%(count)s day used so far", "%(count)s days used so far", self.used_days
        ) % {"count": self.used_days}
        in_days_words = period_in_words(self.limit_days, 1)
        in_days = "" if self.limit_words == in_days_words else f" ({in_days_words})"
        return [
            gettext("Can be frozen for up to %(limit)s in total; %(used)s, %(left)s left.")
            % {"limit": f"{self.limit_words}{in_days}", "used": used, "left": self.left_days},
            gettext("While frozen it can still pay for visits.")
            if self.booking_while_frozen
            else gettext("While frozen it cannot pay for visits."),
            gettext(
                "Freezing moves the expiry date later by the days frozen; unfreezing early keeps "
                "the extension."
            ),
        ]


def freeze_rules(membership: Membership) -> FreezeRules:
    """The freeze rules of a membership's type (docs/altegio.md §2.4, §2.6)."""
    kind = membership.type
    limit_days = kind.freeze_limit_days
    allowed = limit_days is not None
    return FreezeRules(
        allowed=allowed,
        limit_days=limit_days or 0,
        limit_words=period_in_words(kind.freeze_limit, kind.freeze_limit_unit) if allowed else "",
        used_days=membership.freeze_period,
        booking_while_frozen=kind.is_booking_when_frozen_allowed,
    )


def days_frozen(*, until: date, today: date) -> int:
    """Whole days from today to the end of `until`, both counted (what the limit counts)."""
    return (until - today).days + 1


def end_of_day(day: date, time_zone: str) -> datetime:
    """The last second of `day` at the chain: what goes upstream as `freeze_till`."""
    return datetime.combine(day, time(23, 59, 59), zone(time_zone))


# --- The form's plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FreezePlan:
    """What the freeze or unfreeze form shows for one membership, and its one-time key."""

    action: Action
    chain: Chain
    membership: Membership
    time_zone: str
    today: date
    key: str

    @property
    def rules(self) -> FreezeRules:
        """The type's rules and the allowance left."""
        return freeze_rules(self.membership)

    @property
    def is_current(self) -> bool:
        """Issued or active: only these can be frozen."""
        return self.membership.status.id in CURRENT_STATUS_IDS or (
            self.membership.status_slug in ("created", "active")
        )

    @property
    def blocked(self) -> str:
        """Why the form offers nothing ('' when it can be sent)."""
        if self.action == Action.UNFREEZE:
            return "" if self.membership.is_frozen else gettext("This membership is not frozen.")
        if not self.rules.allowed:
            return gettext("This membership's type does not allow freezing.")
        if self.membership.is_frozen:
            return gettext("This membership is frozen already.")
        if not self.is_current:
            return gettext("Only an issued or active membership can be frozen.")
        if self.rules.left_days <= 0:
            return gettext("The type's freeze allowance is used up.")
        return ""

    @property
    def latest(self) -> date:
        """The last until-date the type's allowance leaves room for."""
        return self.today + timedelta(days=max(0, self.rules.left_days - 1))

    @property
    def expires(self) -> date | None:
        """The expiry day at the chain (None before activation)."""
        return local_date(self.membership.expires, self.time_zone)

    @property
    def latest_expiry(self) -> date | None:
        """The expiry day a freeze until the latest allowed day would give."""
        return self.expiry_after(self.latest)

    def expiry_after(self, until: date) -> date | None:
        """The expiry day a freeze until `until` would give."""
        if self.expires is None:
            return None
        return self.expires + timedelta(days=days_frozen(until=until, today=self.today))


async def read_membership(api: UserClient, *, chain_id: int, membership_id: int) -> Membership:
    """One membership of the chain, read through M3 by id; AltegioNotFound if not there."""
    page = await altegio_memberships.list_chain_memberships(
        api, chain_id=chain_id, ids=[membership_id], page=1, count=1
    )
    found = next((item for item in page.items if item.id == membership_id), None)
    if found is None:
        raise MembershipNotInChain
    return found


class MembershipNotInChain(AltegioError):
    """M3 by id did not return the membership: it is not this chain's."""

    default_message = gettext_noop("This membership is not in this chain in Altegio.")


async def plan_write(
    api: UserClient,
    *,
    user: StaffMember,
    chain: Chain,
    time_zone: str,
    membership_id: int,
    action: Action,
) -> FreezePlan:
    """Read the membership fresh and issue the form's one-time key (changes nothing upstream)."""
    membership = await read_membership(api, chain_id=chain.id, membership_id=membership_id)
    return await _plan(user, chain, membership, time_zone, action)


async def _plan(
    user: StaffMember, chain: Chain, membership: Membership, time_zone: str, action: Action
) -> FreezePlan:
    key = await issue_key(user=user, action=action, chain_id=chain.id, membership_id=membership.id)
    return FreezePlan(action, chain, membership, time_zone, today_at(time_zone), key)


async def issue_key(*, user: StaffMember, action: Action, chain_id: int, membership_id: int) -> str:
    """A fresh one-time key for one form; stale keys are swept on the way."""
    await WriteKey.objects.filter(created__lt=timezone.now() - KEY_LIFETIME).adelete()
    key = secrets.token_urlsafe(24)
    await WriteKey.objects.acreate(
        key=key,
        user_id=user.pk,
        action=action.value,
        chain_id=chain_id,
        membership_id=membership_id,
    )
    return key


async def consume_key(
    *, key: str, user: StaffMember, action: Action, chain_id: int, membership_id: int
) -> bool:
    """Use the key up; True for exactly one caller (a single DELETE decides, in any worker)."""
    deleted, _ = await WriteKey.objects.filter(
        key=key,
        user_id=user.pk,
        action=action.value,
        chain_id=chain_id,
        membership_id=membership_id,
        created__gte=timezone.now() - KEY_LIFETIME,
    ).adelete()
    return deleted == 1


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
    refusal: str = ""  # Altegio's own words, or ours for a missing right
    altegio_said: str = ""  # Altegio's `meta.message`, when it gave one
    field_errors: list[str] = field(default_factory=list)
    plan: FreezePlan | None = None  # the form again, as typed, after a refusal


async def send_write(
    api: UserClient,
    *,
    user: StaffMember,
    chain: Chain,
    time_zone: str,
    membership_id: int,
    action: Action,
    key: str,
    until: date | None,
    location_id: int | None = None,
) -> WriteOutcome:
    """Send one freeze/unfreeze once (if the key is fresh), read it back, audit it."""
    note = _Audit(user, chain, membership_id, action, until, location_id)
    fresh = await consume_key(
        key=key, user=user, action=action, chain_id=chain.id, membership_id=membership_id
    )
    if not fresh:
        membership = await _read_back(api, chain.id, membership_id)
        await note.record(membership, "not sent: this form was already used")
        return WriteOutcome(
            action,
            membership,
            gettext("This form was sent already, so nothing was sent again.")
            + " "
            + _state(membership, time_zone),
            replayed=True,
        )
    try:
        before = await read_membership(api, chain_id=chain.id, membership_id=membership_id)
    except AltegioAuthError:
        raise
    except AltegioError as exc:  # nothing sent: the membership could not even be read
        await note.record(None, f"not sent: {exc.message}")
        return WriteOutcome(action, None, exc.message, refusal=exc.message)
    try:
        answer = await _post(api, chain, membership_id, action, until, time_zone)
    except AltegioAuthError as exc:
        await note.record(before, f"Altegio: {exc.api_message or exc.message}")
        raise
    except AltegioRateLimited as exc:  # a 429 is an answer: Altegio did not act
        return await _refused(api, note, before, time_zone, until, exc.message, exc)
    except (AltegioUnavailable, AltegioBadResponse) as exc:
        return await _unknown(api, note, chain.id, membership_id, time_zone, action, exc)
    except AltegioForbidden as exc:
        return await _refused(api, note, before, time_zone, until, gettext(NO_RIGHT), exc)
    except AltegioError as exc:
        words = exc.api_message or exc.message
        return await _refused(api, note, before, time_zone, until, words, exc)
    after = await _read_back(api, chain.id, membership_id)
    await note.record(after or before, "done", membership_number=answer.number)
    return WriteOutcome(
        action, after, _what_changed(action, before, after, answer, time_zone), done=True
    )


async def _post(
    api: UserClient,
    chain: Chain,
    membership_id: int,
    action: Action,
    until: date | None,
    time_zone: str,
) -> FreezeAnswer:
    if action == Action.UNFREEZE:
        return await altegio_memberships.unfreeze_membership(
            api, chain_id=chain.id, membership_id=membership_id
        )
    if until is None:
        raise ValueError("a freeze needs an until-date")
    return await altegio_memberships.freeze_membership(
        api,
        chain_id=chain.id,
        membership_id=membership_id,
        freeze_till=end_of_day(until, time_zone),
    )


async def _refused(
    api: UserClient,
    note: _Audit,
    before: Membership,
    time_zone: str,
    until: date | None,
    words: str,
    error: AltegioError,
) -> WriteOutcome:
    """Altegio said no: its words next to the form, kept as typed, with a fresh key."""
    await note.record(before, f"refused by Altegio: {error.api_message or words}")
    plan = await _plan(note.user, note.chain, before, time_zone, note.action)
    errors = [text for texts in error.errors.values() for text in _texts(texts)]
    return WriteOutcome(
        note.action,
        before,
        words,
        refusal=words,
        altegio_said=error.api_message or "",
        field_errors=errors,
        plan=plan,
    )


async def _unknown(
    api: UserClient,
    note: _Audit,
    chain_id: int,
    membership_id: int,
    time_zone: str,
    action: Action,
    error: AltegioError,
) -> WriteOutcome:
    """No answer seen: read the membership back and show what is there, claiming nothing."""
    membership = await _read_back(api, chain_id, membership_id)
    seen = _state(membership, time_zone)
    await note.record(membership, f"outcome unknown ({error.message}) — read back: {seen}")
    if action == Action.FREEZE:
        did_not_answer = gettext(
            "Altegio did not answer, so we cannot tell whether it froze the membership."
        )
    else:
        did_not_answer = gettext(
            "Altegio did not answer, so we cannot tell whether it unfroze the membership."
        )
    summary = f"{did_not_answer} {seen} " + gettext("Check it before trying again.")
    return WriteOutcome(action, membership, summary, unknown=True)


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


async def deny_write(
    *, user: StaffMember, chain: Chain, membership_id: int, action: Action
) -> None:
    """Audit a POST refused here for want of the right (nothing goes to Altegio)."""
    await record_write(
        user=user,
        chain=chain,
        membership_id=membership_id,
        number="",
        action=action,
        until=None,
        outcome="refused by Loyalty Desk: no freeze right in this chain",
    )


# --- What the page shows ---------------------------------------------------------------------


def write_context(
    context: Mapping[str, Any],
    locations: Iterable[Location],
    location_id: int | None,
    chain: Chain,
) -> dict[str, Any]:
    """The membership to show (fresh from Altegio), its card panel, location and time zone."""
    outcome: WriteOutcome | None = context.get("outcome")
    plan: FreezePlan | None = context.get("plan")
    shown = (outcome.membership if outcome else None) or (plan.membership if plan else None)
    mine = list(locations)
    in_chain = {member.id for member in chain.locations}
    time_zone = chain_time_zone(chain=chain, locations=mine)
    candidates = [loc for loc in mine if loc.id in in_chain]
    location = next((loc for loc in candidates if loc.id == location_id), None)
    fallback = Location(id=0, title=chain.title, timezone=time_zone)
    return {
        "shown": shown,
        "panel": membership_panels([shown], location or fallback)[0] if shown else None,
        "location": location,
        "time_zone": time_zone,
    }


# --- Words -------------------------------------------------------------------------------------


def day_words(day: date | None, *, year: bool = True) -> str:
    """'14 Dec 2026' (or '14 Dec')."""
    if day is None:
        return ""
    # Translators: a day as Django's date filter formats it ("14 Dec 2026").
    return date_format(day, gettext("j M Y") if year else gettext("j M"))


def _state(membership: Membership | None, time_zone: str) -> str:
    """The membership's state as just read back from Altegio."""
    if membership is None:
        return gettext("Reading it back from Altegio failed too.")
    expires = local_date(membership.expires, time_zone)
    expiry = gettext("; expires %(day)s") % {"day": day_words(expires)} if expires else ""
    if membership.is_frozen:
        days = membership.freeze_period
        frozen = ngettext(
            "frozen (%(count)s day of freeze so far)",
            "frozen (%(count)s days of freeze so far)",
            days,
        ) % {"count": days}
    else:
        frozen = gettext("not frozen")
    return gettext("Altegio has it now as %(state)s%(expiry)s.") % {
        "state": frozen,
        "expiry": expiry,
    }


def _what_changed(
    action: Action,
    before: Membership,
    after: Membership | None,
    answer: FreezeAnswer,
    time_zone: str,
) -> str:
    """One line: 'Frozen until 14 Dec 2026; expires 31 Jan 2027 instead of 21 Jan'."""
    old = local_date(before.expires, time_zone)
    new = local_date(after.expires, time_zone) if after else None
    if new is None and old is None:
        expiry = gettext("the expiry still counts from activation")
    elif new is None:
        expiry = gettext("the new expiry could not be read back")
    elif old is None or old == new:
        expiry = gettext("expires %(day)s, unchanged") % {"day": day_words(new)}
    else:
        expiry = gettext("expires %(day)s instead of %(old)s") % {
            "day": day_words(new),
            "old": day_words(old, year=old.year != new.year),
        }
    if action == Action.UNFREEZE:
        return gettext("Unfrozen; %(expiry)s.") % {"expiry": expiry}
    till = local_date(answer.freeze_till, time_zone)
    if till:
        return gettext("Frozen until %(day)s; %(expiry)s.") % {
            "day": day_words(till),
            "expiry": expiry,
        }
    return gettext("Frozen; %(expiry)s.") % {"expiry": expiry}


# --- Audit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Audit:
    """Who wrote what where; `record` adds the outcome."""

    user: StaffMember
    chain: Chain
    membership_id: int
    action: Action
    until: date | None
    location_id: int | None

    async def record(
        self, membership: Membership | None, outcome: str, *, membership_number: str = ""
    ) -> AuditEntry:
        """One audit row: membership id and number, chain, until-date, outcome."""
        return await record_write(
            user=self.user,
            chain=self.chain,
            membership_id=self.membership_id,
            number=membership_number or (membership.number if membership else ""),
            action=self.action,
            until=self.until,
            location_id=self.location_id,
            outcome=outcome,
        )


async def record_write(
    *,
    user: StaffMember,
    chain: Chain,
    membership_id: int,
    number: str,
    action: Action,
    until: date | None,
    outcome: str,
    location_id: int | None = None,
) -> AuditEntry:
    """The audit row of one freeze or unfreeze attempt."""
    query = f"membership {membership_id}" + (f" (No. {number})" if number else "")
    if until is not None:
        query += f", until {until.isoformat()}"
    kind = (
        AuditEntry.Kind.MEMBERSHIP_FREEZE
        if action == Action.FREEZE
        else AuditEntry.Kind.MEMBERSHIP_UNFREEZE
    )
    return await audit.record(
        user=user,
        kind=kind,
        chain_id=chain.id,
        location_id=location_id,
        place=chain.title,
        query=query,
        outcome=outcome,
    )
