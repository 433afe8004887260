"""How a membership reads at the desk: status, balance, validity, warnings, in words.

Shared by the client lookup, the chain-wide lookup, the signed-in person's own cards and the page
after a write; dates count at the location.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext, gettext_noop

from loyalty.altegio.types import Location, Membership, MembershipType, MembershipTypeRef, TypeFacts
from loyalty.dates import days_left

from .freeze import FreezeRules
from .periods import period_in_words

# A membership or gift card that burns within this many days gets a warning at the desk.
EXPIRY_WARNING_DAYS = 7
CURRENT_STATUS_IDS = (1, 2)  # issued, active (docs/altegio.md §2.1)
# Our titles for the statuses (docs/altegio.md §2.1) when Altegio sends no title of its own.
STATUS_TITLES = {
    1: gettext_noop("Issued"),
    2: gettext_noop("Active"),
    3: gettext_noop("Expired"),
    4: gettext_noop("Used up"),
}


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
class BalanceLine:
    """One service or category a membership pays for, with the visits left on it."""

    title: str
    is_category: bool
    visits: int | None  # None = unlimited
    is_last: bool


@dataclass(frozen=True)
class MembershipPanel:
    """A membership with the facts the desk reads at a glance, computed at the location."""

    membership: Membership
    days_left: int | None
    lines: list[BalanceLine]
    # The freeze rules from the type read by id (None: the caller read no types).
    freeze: FreezeRules | None = None
    kind: MembershipType | None = None  # the type read by id, when it could be

    @property
    def status_title(self) -> str:
        """Altegio's own status title, or ours."""
        return status_title(self.membership)

    @property
    def period_words(self) -> str:
        """The validity period in words ('' when not set)."""
        return period_words(self.membership)

    @property
    def type_facts(self) -> list[TypeFacts]:
        """Where the type's facts are read: the type read by id first, then the row's own."""
        return [facts for facts in (self.kind, self.membership.type) if facts is not None]

    @property
    def starting_visits(self) -> int | None:
        """The visits a membership of its type starts with, when a type read says."""
        return next((f.starting_visits for f in self.type_facts if f.starting_visits), None)

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
    def is_current(self) -> bool:
        """Issued or active: the client can still use it."""
        return is_current(self.membership)

    @property
    def expires_soon(self) -> bool:
        """Burns within EXPIRY_WARNING_DAYS (today included)."""
        return (
            self.is_current
            and self.days_left is not None
            and 0 <= self.days_left <= EXPIRY_WARNING_DAYS
        )

    @property
    def last_visit(self) -> bool:
        """Exactly one visit left in total."""
        return self.is_current and self.membership.visits_left == 1

    @property
    def needs_attention(self) -> bool:
        """Worth a warning badge."""
        return self.expires_soon or self.last_visit

    @property
    def covered_titles(self) -> str:
        """What a shared pool or an unlimited membership covers, in one line."""
        return ", ".join(line.title for line in self.lines if line.title)


def membership_panels(
    memberships: list[Membership],
    location: Location,
    kinds: Mapping[int, MembershipType] | None = None,
) -> list[MembershipPanel]:
    """Desk order: active, then issued, then the rest; soonest expiry first.

    `kinds` are the memberships' types read by id, for their freeze rules (membership_types.py).
    """
    panels = [
        MembershipPanel(
            membership=membership,
            days_left=days_left(membership.expires, location.timezone),
            lines=[
                BalanceLine(
                    title=link.target.title,
                    is_category=link.is_category,
                    visits=None if link.is_unlimited else link.count,
                    is_last=not membership.is_united_balance
                    and not link.is_unlimited
                    and link.count == 1,
                )
                for link in membership.links
            ],
            freeze=(
                None if kinds is None else FreezeRules.of(membership, kinds.get(membership.type.id))
            ),
            kind=(kinds or {}).get(membership.type.id),
        )
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
