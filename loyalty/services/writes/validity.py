"""A membership's validity as a length, and the expiry a new length leads to (docs/altegio.md §2.6).

Altegio keeps a validity as `period` in `period_unit_id` units (1 day, 2 week, 3 month, 4 year,
§2.2) and moves the expiry itself when set_period changes it. A length is counted here as
(months, days) from the day its validity starts (activation, else sale): a month ends on the
same day of the month, or the month's last day. The expiry a new length is expected to lead to
is the expiry now, moved by the difference between the two lengths from that start; the card
shows what Altegio reports after the write, never this.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from loyalty.altegio.types import Membership

# (months, days) per unit: 1 day, 2 week, 3 month, 4 year (docs/altegio.md §2.2).
UNIT_SIZES = {1: (0, 1), 2: (0, 7), 3: (1, 0), 4: (12, 0)}
DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4
EPOCH = date(2000, 1, 1)  # a start for a membership with neither activation nor sale date


@dataclass(frozen=True)
class Length:
    """A validity as whole months and days."""

    months: int = 0
    days: int = 0

    @classmethod
    def of(cls, period: int, unit_id: int) -> "Length":
        """`period` units as a length (nothing for a unit Altegio does not set)."""
        months, days = UNIT_SIZES.get(unit_id, (0, 0))
        return cls(months * period, days * period)

    def __add__(self, other: "Length") -> "Length":
        return Length(self.months + other.months, self.days + other.days)

    def end(self, start: date) -> date:
        """The day this length after `start` reaches (a month keeps its day, or the last one)."""
        year, month = divmod(start.month - 1 + self.months, 12)
        year += start.year
        day = min(start.day, monthrange(year, month + 1)[1])
        return date(year, month + 1, day) + timedelta(days=self.days)


def has_length(membership: Membership) -> bool:
    """Altegio states a validity length for it (a period in a known unit)."""
    return membership.period > 0 and membership.period_unit_id in UNIT_SIZES


def start_of(membership: Membership) -> date:
    """The day its validity counts from: activation, else the sale."""
    moment = membership.activated or membership.created
    return moment.date() if moment else EPOCH


def as_period(length: Length, membership: Membership) -> tuple[int, int]:
    """A length in Altegio's terms, `(period, period_unit_id)`, in its own unit where it fits.

    Months alone stay months (years when it counted in years and they are whole); days alone
    stay days (weeks likewise); months and days together become the days they make from its start.
    """
    unit = membership.period_unit_id
    if not length.days:
        whole_years = unit == YEAR and length.months % 12 == 0
        return (length.months // 12, YEAR) if whole_years else (length.months, MONTH)
    if not length.months:
        whole_weeks = unit == WEEK and length.days % 7 == 0
        return (length.days // 7, WEEK) if whole_weeks else (length.days, DAY)
    start = start_of(membership)
    return (length.end(start) - start).days, DAY


def expected_expiry(membership: Membership, length: Length) -> date | None:
    """The expiry a new length is expected to lead to (None before activation: none yet)."""
    if membership.expires is None:
        return None
    start = start_of(membership)
    now = Length.of(membership.period, membership.period_unit_id)
    return membership.expires.date() + (length.end(start) - now.end(start))
