"""How a gift card reads at the desk: balance against face value, expiry, status, in words."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

from loyalty.altegio.types import GiftCard, GiftCardType, Location
from loyalty.dates import days_left

from .memberships import EXPIRY_WARNING_DAYS
from .periods import period_in_words

# A gift-card balance below the first share of its face value reads "low", above the second "ok".
LOW_BALANCE_SHARE, HIGH_BALANCE_SHARE = Decimal("0.2"), Decimal("0.5")


def status_title(card: GiftCard) -> str:
    """Altegio's own status title (only 'activated' is known; docs/altegio.md Unknowns 1)."""
    return card.status.title or f"Status {card.status.id or card.status_id or '?'}"


def expiry_rule_words(kind: GiftCardType) -> str:
    """A gift-card type's expiry rule in words (docs/altegio.md §3.2)."""
    if kind.expiration_type_id == 1 and kind.expiration_date:
        return gettext("Expires on %(day)s") % {
            "day": date_format(kind.expiration_date, "DATE_FORMAT")
        }
    if kind.expiration_type_id == 2:
        words = period_in_words(kind.expiration_timeout, kind.expiration_timeout_unit_id)
        if words:
            return gettext("Valid for %(period)s from sale") % {"period": words}
        return gettext("Valid for a period from sale")
    if kind.expiration_type_id == 0:
        return gettext("Never expires")
    return ""


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
    def status_title(self) -> str:
        """Altegio's own status title."""
        return status_title(self.card)

    @property
    def pays_for(self) -> str:
        """Altegio's own words for what it pays for."""
        return self.card.type.pays_for if self.card.type else ""


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
    """Sort key: soonest burn date first, none (never expires) last."""
    return moment.timestamp() if moment is not None else float("inf")
