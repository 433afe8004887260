"""How a membership reads at the desk: status, balance, validity, warnings, in words.

Shared by the client lookup, the chain-wide lookup, the signed-in person's own cards and the page
after a write; dates count at the location.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from loyalty.altegio.types import Location, Membership, MembershipType, MembershipTypeRef, TypeFacts
from loyalty.dates import days_left, local_date

from .balance import Balance, BalanceLine, balance_lines, card_balance, short_balance
from .freeze import FreezeRules, frozen_days_words, frozen_note
from .periods import expiry_note, period_in_words

CURRENT_STATUS_IDS = (1, 2)  # issued, active (docs/altegio.md §2.1)
# Our titles for the statuses (docs/altegio.md §2.1) when Altegio sends no title of its own.
STATUS_TITLES = {
    1: gettext_noop("Issued"),
    2: gettext_noop("Active"),
    3: gettext_noop("Expired"),
    4: gettext_noop("Used up"),
}


def expires_soon_days() -> int:
    """The one "expires soon" threshold: cards, the chain list and its summary (a setting)."""
    return int(settings.EXPIRES_SOON_DAYS)


def status_title(membership: Membership) -> str:
    """Altegio's own status title, or ours for ids 1–4."""
    status = membership.status
    return (
        status.title
        or status.extended_title
        or gettext(STATUS_TITLES.get(status.id, gettext_noop("Unknown")))
    )


def is_current(membership: Membership) -> bool:
    """Issued or active: the client can still use it (and it can be frozen)."""
    return membership.status.id in CURRENT_STATUS_IDS or (
        membership.status_slug in ("created", "active")
    )


def period_words(membership: Membership) -> str:
    """The validity period in words, from the membership or else its type."""
    return period_in_words(membership.period, membership.period_unit_id) or type_period_words(
        membership.type
    )


def type_period_words(kind: MembershipType | MembershipTypeRef) -> str:
    """A type's validity period in words ('' = not limited)."""
    return period_in_words(kind.period, kind.period_unit_id)


def activation_words(facts: TypeFacts) -> str:
    """'30 days' until an unused membership activates by itself ('' when it does not)."""
    return period_in_words(facts.autoactivation_time, facts.autoactivation_time_unit_id or 1)


@dataclass(frozen=True)
class MembershipPanel:
    """A membership as a person reads it, at a location (or the chain): facts and words."""

    membership: Membership
    time_zone: str  # where its days count
    lines: list[BalanceLine]
    # The freeze rules from the type read by id (None: the caller read no types).
    freeze: FreezeRules | None = None
    kind: MembershipType | None = None  # the type read by id, when it could be
    warning_days: int | None = None  # an expiry this close is marked (None: the setting)

    @property
    def title(self) -> str:
        """Its type's title, or 'Membership'."""
        return self.membership.type.title or gettext("Membership")

    @property
    def status_title(self) -> str:
        """Altegio's own status title, or ours."""
        return status_title(self.membership)

    @property
    def period_words(self) -> str:
        """The validity period in words ('' when not set)."""
        return period_words(self.membership)

    @property
    def balance(self) -> Balance:
        """What the card's balance says."""
        return card_balance(self.membership, self.lines)

    @property
    def glance_balance(self) -> str:
        """The at-a-glance line's balance: '4 visits left', 'Unlimited visits', per line if many."""
        balance = self.balance
        if len(balance.lines) == 1:
            return balance.lines[0].visits_words
        if balance.lines:
            return "; ".join(f"{line.shown_title} {line.visits_words}" for line in balance.lines)
        return balance.total

    @property
    def short_balance(self) -> str:
        """The balance in one cell (the chain list)."""
        return short_balance(self.membership)

    @property
    def frozen_note(self) -> str:
        """'Frozen for 12 days — the type allows up to 14 days.' ('' when not frozen)."""
        return frozen_note(self.membership, self.freeze) if self.membership.is_frozen else ""

    @property
    def frozen_days(self) -> str:
        """'12 days' of freeze so far (the chain list's badge)."""
        return frozen_days_words(self.membership.freeze_period)

    @property
    def sold_on(self) -> date | None:
        """The day it was sold, where its days count."""
        return local_date(self.membership.created, self.time_zone)

    @property
    def activated_on(self) -> date | None:
        """The day it was activated (None: not yet)."""
        return local_date(self.membership.activated, self.time_zone)

    @property
    def expires_on(self) -> date | None:
        """The day it expires (None: it counts from activation, or never)."""
        return local_date(self.membership.expires, self.time_zone)

    @property
    def days_left(self) -> int | None:
        """Whole days until it expires; negative once past."""
        return days_left(self.membership.expires, self.time_zone)

    @property
    def expiry_note(self) -> str:
        """'in 12 days', 'expired 3 days ago'."""
        return expiry_note(self.days_left)

    @property
    def expiry_warning(self) -> bool:
        """It expires within the warning window (today included), whatever its status."""
        days = self.warning_days if self.warning_days is not None else expires_soon_days()
        return self.days_left is not None and 0 <= self.days_left <= days

    @property
    def type_facts(self) -> list[TypeFacts]:
        """Where the type's facts are read: the type read by id first, then the row's own."""
        return [facts for facts in (self.kind, self.membership.type) if facts is not None]

    @property
    def starting_visits(self) -> int | None:
        """The visits a membership of its type starts with, when a type read says."""
        return next((f.starting_visits for f in self.type_facts if f.starting_visits), None)

    @property
    def visits_words(self) -> str:
        """'3 of 8 left', when the type says how many it starts with ('' otherwise)."""
        left, total = self.membership.visits_left, self.starting_visits
        if not total or left is None:
            return ""
        return gettext("%(left)s of %(total)s left") % {"left": left, "total": total}

    @property
    def starts_counting(self) -> str:
        """How an unused membership starts counting, in Altegio's words ('' when unsaid)."""
        titles = (facts.expiration_type_title for facts in self.type_facts)
        return next((title for title in titles if title), "")

    @property
    def activates_by_itself_after(self) -> str:
        """'30 days' after which an unused one activates by itself ('' when unsaid)."""
        words = (activation_words(facts) for facts in self.type_facts)
        return next((after for after in words if after), "")

    @property
    def activation_note(self) -> str:
        """'On the first visit, or by itself after 30 days unused' ('' when active or unsaid)."""
        if self.membership.is_activated or not self.starts_counting:
            return ""
        after = self.activates_by_itself_after
        if not after:
            return self.starts_counting
        return self.starts_counting + gettext(", or by itself after %(after)s unused") % {
            "after": after
        }

    @property
    def freeze_left(self) -> str:
        """'2 days' of freeze the type still allows, or 'no limit' ('' when not known)."""
        return self.freeze.left_words if self.freeze else ""

    @property
    def booking_while_frozen(self) -> str:
        """'Allowed' or 'Not allowed' for a frozen one, when its type says ('' otherwise)."""
        allowed = self.freeze.allowance.booking_while_frozen if self.freeze else None
        if not self.membership.is_frozen or allowed is None:
            return ""
        return gettext("Allowed") if allowed else gettext("Not allowed")

    @property
    def is_current(self) -> bool:
        """Issued or active: the client can still use it."""
        return is_current(self.membership)

    @property
    def expires_soon(self) -> bool:
        """A current one that burns within the warning window (today included)."""
        return self.is_current and self.expiry_warning

    @property
    def last_visit(self) -> bool:
        """Exactly one visit left in total."""
        return self.is_current and self.membership.visits_left == 1

    @property
    def needs_attention(self) -> bool:
        """Worth a warning badge."""
        return self.expires_soon or self.last_visit

    @property
    def attention_note(self) -> str:
        """'Expires in 3 days. Only one visit left.' ('' when nothing needs attention)."""
        notes = []
        if self.expires_soon:
            notes.append(gettext("Expires %(when)s.") % {"when": self.expiry_note})
        if self.last_visit:
            notes.append(gettext("Only one visit left."))
        return " ".join(notes)


def membership_panel(
    membership: Membership,
    *,
    time_zone: str,
    kinds: Mapping[int, MembershipType] | None = None,
    warning_days: int | None = None,
) -> MembershipPanel:
    """One membership as a person reads it; `kinds` are the types read by id (None: not read)."""
    kind = (kinds or {}).get(membership.type.id)
    return MembershipPanel(
        membership=membership,
        time_zone=time_zone,
        lines=balance_lines(membership),
        freeze=None if kinds is None else FreezeRules.of(membership, kind),
        kind=kind,
        warning_days=warning_days,
    )


def membership_panels(
    memberships: list[Membership],
    location: Location,
    kinds: Mapping[int, MembershipType] | None = None,
) -> list[MembershipPanel]:
    """Desk order: active, then issued, then the rest; soonest expiry first.

    `kinds` are the memberships' types read by id, for their freeze rules (membership_types.py).
    """
    panels = [
        membership_panel(membership, time_zone=location.timezone, kinds=kinds)
        for membership in memberships
    ]
    rank = {"active": 0, "created": 1}
    panels.sort(
        key=lambda panel: (
            rank.get(panel.membership.status_slug, 2),
            _expiry_key(panel.membership.expires),
            panel.membership.id,
        )
    )
    return panels


def _expiry_key(moment: datetime | None) -> float:
    """Sort key: soonest burn date first, none (not activated, never expires) last."""
    return moment.timestamp() if moment is not None else float("inf")
