"""A type's detail page in words: the locations it is sold at, the hours it can be used."""

from dataclasses import dataclass
from typing import Any

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext

from loyalty.altegio.types import Chain

WEEKDAYS = {day: WEEKDAYS_ABBR[day - 1] for day in range(1, 8)}


@dataclass(frozen=True)
class AttachedLocation:
    """A location a type is sold at, with its title when the chain lists it."""

    id: int
    title: str


def attached_locations(chain: Chain, location_ids: list[int]) -> list[AttachedLocation]:
    """The type's locations by title (in the chain's order), unknown ids last."""
    titles = {location.id: location.title for location in chain.locations}
    known = [
        AttachedLocation(
            location.id, location.title or gettext("Location %(id)s") % {"id": location.id}
        )
        for location in chain.locations
        if location.id in location_ids
    ]
    unknown = [
        AttachedLocation(i, gettext("Location %(id)s") % {"id": i})
        for i in location_ids
        if i not in titles
    ]
    return known + unknown


def availability_words(availability: list[Any]) -> list[str]:
    """M7 `availability` as 'Mon, Tue, Wed 10:00–20:00'; entries we cannot read are skipped."""
    lines: list[str] = []
    for entry in availability:
        if not isinstance(entry, dict):
            continue
        days = [
            str(WEEKDAYS[day])
            for day in entry.get("week_days") or []
            if isinstance(day, int) and day in WEEKDAYS
        ]
        hours = [
            f"{_clock(interval.get('from'))}–{_clock(interval.get('to'))}"
            for interval in entry.get("intervals") or []
            if isinstance(interval, dict)
            and isinstance(interval.get("from"), int)
            and isinstance(interval.get("to"), int)
        ]
        if days:
            lines.append(f"{', '.join(days)} {', '.join(hours) or gettext('all day')}")
    return lines


def _clock(seconds: Any) -> str:
    """Seconds from midnight as HH:MM (24:00 for the end of the day)."""
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}"
