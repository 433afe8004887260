"""One visit as the desk reads it: when, what, with whom, attended, paid, and what paid."""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from django.utils.translation import gettext, gettext_noop

from loyalty.altegio.types import Location
from loyalty.altegio.visits import (
    CAME,
    CONFIRMED,
    NO_SHOW,
    WAITING,
    GoodsSale,
    VisitHistoryPage,
    VisitLine,
    VisitRecord,
)
from loyalty.dates import zone
from loyalty.services.cards.labels import CardRef


@dataclass(frozen=True)
class Payment:
    """One membership's or gift card's part in one visit."""

    card: CardRef
    name: str  # "Yoga 8 visits No. 219174", "Gift card 888"
    visits: int = 0  # membership uses (type 9 rows)
    amount: Decimal | None = None  # taken off a gift card (type 8 rows)
    other: tuple[str, ...] = ()  # Altegio's titles of any other row (type 10)

    @property
    def is_membership(self) -> bool:
        """A membership's part (else a gift card's)."""
        return self.card.kind == "membership"


# `attendance` (docs/altegio.md §4.7) → a slug for styling and the words a person reads.
ATTENDANCE_WORDS = {
    CAME: ("came", gettext_noop("Came")),
    NO_SHOW: ("missed", gettext_noop("Did not come")),
    WAITING: ("waiting", gettext_noop("Booked")),
    CONFIRMED: ("confirmed", gettext_noop("Confirmed")),
}


@dataclass(frozen=True)
class VisitRow:
    """One visit as the desk reads it: when, what, with whom, attended, paid, and what paid."""

    visit_id: int
    starts: datetime | None  # in the location's time zone
    attendance: int | None
    services: list[VisitLine]
    goods: list[VisitLine]
    staff: list[str]
    payments: tuple[Payment, ...] = ()

    @property
    def lines(self) -> list[VisitLine]:
        """Services, then products."""
        return self.services + self.goods

    @property
    def cost(self) -> Decimal | None:
        """What the visit cost (None when Altegio gave no costs)."""
        costs = [line.cost for line in self.lines if line.cost is not None]
        return sum(costs, Decimal(0)) if costs else None

    @property
    def paid(self) -> Decimal | None:
        """What was paid for it, by any means."""
        paid = [line.paid for line in self.lines if line.paid is not None]
        return sum(paid, Decimal(0)) if paid else None

    @property
    def paid_state(self) -> str:
        """'paid', 'part', 'unpaid' or '' (unknown), from the lines' own payment status."""
        statuses = {line.payment_status for line in self.lines if line.payment_status}
        if not statuses:
            return ""
        if statuses <= {"paid_full", "paid_over"}:
            return "paid"
        if statuses == {"not_paid"}:
            return "unpaid"
        return "part"

    @property
    def attendance_slug(self) -> str:
        """For styling: came, missed, waiting, confirmed ('' when Altegio said nothing)."""
        if self.attendance is None or self.attendance not in ATTENDANCE_WORDS:
            return ""
        return ATTENDANCE_WORDS[self.attendance][0]

    @property
    def attendance_words(self) -> str:
        """'Came', 'Did not come', 'Booked', 'Confirmed' ('' when unknown)."""
        if self.attendance is None or self.attendance not in ATTENDANCE_WORDS:
            return ""
        return gettext(ATTENDANCE_WORDS[self.attendance][1])

    def paid_with(self, card: CardRef) -> bool:
        """Whether this card paid (part of) the visit."""
        return any(payment.card == card for payment in self.payments)


@dataclass(frozen=True)
class CardUsage:
    """How often one card paid in the visits on the page."""

    card: CardRef
    name: str
    times: int


def rows_of(page: VisitHistoryPage, location: Location) -> list[VisitRow]:
    """The page's appointments grouped by visit (products joined to theirs), newest first."""
    tz = zone(location.timezone)
    grouped: dict[int, list[VisitRecord]] = {}
    for record in page.records:
        grouped.setdefault(record.visit_id or -record.id, []).append(record)
    sales: dict[int, list[GoodsSale]] = {}
    for sale in page.goods:
        sales.setdefault(sale.visit_id or -sale.id - 10**12, []).append(sale)
    rows = [
        VisitRow(
            visit_id=max(0, key),
            starts=_local(min((r.date for r in records if r.date), default=None), tz),
            attendance=records[0].attendance,
            services=[line for record in records for line in record.services],
            goods=[line for sale in sales.pop(key, []) for line in sale.goods],
            staff=list(dict.fromkeys(r.staff.name for r in records if r.staff.name)),
        )
        for key, records in grouped.items()
    ]
    rows += [  # products bought outside any appointment on the page
        VisitRow(
            visit_id=max(0, key),
            starts=_local(min((s.date for s in found if s.date), default=None), tz),
            attendance=None,
            services=[],
            goods=[line for sale in found for line in sale.goods],
            staff=list(dict.fromkeys(s.staff.name for s in found if s.staff.name)),
        )
        for key, found in sales.items()
    ]
    rows.sort(key=lambda row: row.starts or datetime.min.replace(tzinfo=tz), reverse=True)
    return rows


def usage_of(rows: list[VisitRow]) -> list[CardUsage]:
    """Per card that paid on the page: how many visits it was used for (a membership counts
    each visit it paid, type 9 row by row), memberships first."""
    times: dict[CardRef, int] = {}
    names: dict[CardRef, str] = {}
    for row in rows:
        for payment in row.payments:
            used = payment.visits if payment.is_membership else 1
            times[payment.card] = times.get(payment.card, 0) + used
            names[payment.card] = payment.name
    return [CardUsage(card, names[card], times[card]) for card in sorted(times) if times[card]]


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """A visit's start in the location's zone (a start without an offset is taken as local)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
