"""The days one page of a visit history is asked for: the last 90 days, then the 90 before."""

from dataclasses import dataclass
from datetime import date, timedelta

from loyalty.altegio.types import Location
from loyalty.dates import today_at

HISTORY_DAYS = 90  # the first window, and each window before it


@dataclass(frozen=True)
class VisitWindow:
    """The days one page of history is asked for (both inclusive, at the location)."""

    date_from: date
    date_to: date

    @property
    def days(self) -> int:
        """How many days it covers."""
        return (self.date_to - self.date_from).days + 1


def opening_window(location: Location) -> VisitWindow:
    """The last 90 days at the location, today included."""
    today = today_at(location.timezone)
    return VisitWindow(today - timedelta(days=HISTORY_DAYS - 1), today)


def window_before(date_from: date) -> VisitWindow:
    """The 90 days before a day."""
    date_to = date_from - timedelta(days=1)
    return VisitWindow(date_to - timedelta(days=HISTORY_DAYS - 1), date_to)
