"""How a gift card reads at the desk: balance against face value, expiry, status, in words."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

from loyalty.altegio.types import GiftCard, GiftCardType, Location
from loyalty.dates import days_left, local_date

from .memberships import expires_soon_days
from .money import money_words
from .periods import expiry_note, period_in_words

# A gift-card balance below the first share of its face value reads "low", above the second "ok".
LOW_BALANCE_SHARE, HIGH_BALANCE_SHARE = Decimal("0.2"), Decimal("0.5")


def status_title(card: GiftCard) -> str:
    """Altegio's own status title (only 'activated' is known; docs/altegio.md Unknowns 1)."""
    number = card.status.id or card.status_id or "?"
    return card.status.title or gettext("Status %(id)s") % {"id": number}


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
    time_zone: str  # where its days count
    currency: str = ""  # the location's

    @property
    def title(self) -> str:
        """Its type's title, or 'Gift card'."""
        return (
            self.card.type.title
            if self.card.type and self.card.type.title
            else gettext("Gift card")
        )

    @property
    def days_left(self) -> int | None:
        """Whole days until it expires; negative once past."""
        return days_left(self.card.expires, self.time_zone)

    @property
    def expires_on(self) -> date | None:
        """The day it expires (None: never)."""
        return local_date(self.card.expires, self.time_zone)

    @property
    def sold_on(self) -> date | None:
        """The day it was sold."""
        return local_date(self.card.created, self.time_zone)

    @property
    def expiry_note(self) -> str:
        """'in 12 days', 'expired 3 days ago'."""
        return expiry_note(self.days_left)

    @property
    def balance_words(self) -> str:
        """'$50'."""
        return money_words(self.card.balance, self.currency)

    @property
    def of_face_value(self) -> str:
        """'of $100' ('' when the face value is not known)."""
        face = self.card.face_value
        return gettext("of %(total)s") % {"total": money_words(face, self.currency)} if face else ""

    @property
    def balance_of_face_value(self) -> str:
        """'$50 of $100' (the meter's words)."""
        return gettext("%(left)s of %(total)s") % {
            "left": self.balance_words,
            "total": money_words(self.card.face_value, self.currency),
        }

    @property
    def balance_label(self) -> str:
        """'Balance left: $50 of $100' (the meter's label)."""
        return gettext("Balance left: %(left)s of %(total)s") % {
            "left": self.balance_words,
            "total": money_words(self.card.face_value, self.currency),
        }

    @property
    def use_words(self) -> str:
        """How it can be spent."""
        if self.is_multi:
            return gettext("Several times, until spent")
        return gettext("Once (single write-off)")

    @property
    def attention_note(self) -> str:
        """'Expires in 3 days with $50 left.' ('' unless it expires soon)."""
        if not self.expires_soon:
            return ""
        return gettext("Expires %(when)s with %(left)s left.") % {
            "when": self.expiry_note,
            "left": self.balance_words,
        }

    @property
    def expires_soon(self) -> bool:
        """Burns within the "expires soon" days (a setting) while money is left on it."""
        return (
            self.days_left is not None
            and 0 <= self.days_left <= expires_soon_days()
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
    panels = [GiftCardPanel(card, location.timezone, location.currency) for card in cards]
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
