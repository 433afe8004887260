"""How a membership or a gift card reads at the desk: status, balance, validity, warnings.

Shared by the client lookup and the signed-in person's own cards; dates count at the location.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from loyalty.altegio.types import GiftCard, Location, Membership, MembershipType, TypeFacts
from loyalty.dates import days_left

from .freeze_rules import FreezeRules

# A membership or gift card that burns within this many days gets a warning at the desk.
EXPIRY_WARNING_DAYS = 7
# A gift-card balance below the first share of its face value reads "low", above the second "ok".
LOW_BALANCE_SHARE, HIGH_BALANCE_SHARE = Decimal("0.2"), Decimal("0.5")
CURRENT_STATUS_IDS = (1, 2)  # issued, active (docs/altegio.md §2.1)


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
        words = (facts.autoactivation_words for facts in self.type_facts)
        return next((after for after in words if after), "")

    @property
    def is_current(self) -> bool:
        """Issued or active: the client can still use it."""
        return self.membership.status.id in CURRENT_STATUS_IDS or (
            self.membership.status_slug in ("created", "active")
        )

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


@dataclass(frozen=True)
class GiftCardPanel:
    """A gift card with its balance against face value and days left at the location."""

    card: GiftCard
    days_left: int | None

    @property
    def expires_soon(self) -> bool:
        """Burns within EXPIRY_WARNING_DAYS while money is left on it."""
        return (
            self.days_left is not None
            and 0 <= self.days_left <= EXPIRY_WARNING_DAYS
            and bool(self.card.balance)
        )

    @property
    def is_expired(self) -> bool:
        """Its burn date has passed."""
        return self.days_left is not None and self.days_left < 0

    @property
    def is_spent(self) -> bool:
        """Nothing left on it."""
        return self.card.balance is not None and self.card.balance <= 0

    @property
    def low_mark(self) -> Decimal | None:
        """The meter's "low" threshold."""
        face = self.card.face_value
        return face * LOW_BALANCE_SHARE if face else None

    @property
    def high_mark(self) -> Decimal | None:
        """The meter's "high" threshold: above it the balance reads as healthy."""
        face = self.card.face_value
        return face * HIGH_BALANCE_SHARE if face else None

    @property
    def is_activated(self) -> bool:
        """Status 2, the only certificate status the docs confirm (docs/altegio.md Unknowns 1)."""
        return (self.card.status.id or self.card.status_id) == 2

    @property
    def is_multi(self) -> bool:
        """Can be spent several times (else one write-off)."""
        return bool(self.card.type and self.card.type.is_multi)

    @property
    def pays_for(self) -> str:
        """Altegio's own words for what it pays for."""
        return self.card.type.pays_for if self.card.type else ""


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


def gift_card_panels(cards: list[GiftCard], location: Location) -> list[GiftCardPanel]:
    """Panels with money left first, soonest expiry first."""
    panels = [
        GiftCardPanel(card=card, days_left=days_left(card.expires, location.timezone))
        for card in cards
    ]
    panels.sort(
        key=lambda panel: (
            panel.is_expired or panel.is_spent,
            _expiry_key(panel.card.expires),
            panel.card.id,
        )
    )
    return panels


def _expiry_key(moment: datetime | None) -> float:
    """Sort key: soonest burn date first, none (not activated, never expires) last."""
    return moment.timestamp() if moment is not None else float("inf")
