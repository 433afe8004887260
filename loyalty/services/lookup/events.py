"""The event picker: a location's group events for today and the next days, by local day.

The list is the same for everyone at a location (no client data), so it is fresh for
EVENT_LIST_CACHE_SECONDS per location and day range: a desk opening the picker for client after
client costs Altegio one search a minute. It is kept EVENT_LIST_STALE_SECONDS longer, shown as it
is while it is read again in the background (freshness.py). Entries are plain JSON-ready data, not
pickled classes.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext

from loyalty.altegio.activities import search_group_events
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import GroupEvent, Location
from loyalty.dates import zone
from loyalty.services.concurrency import read_once, start_once
from loyalty.services.freshness import get_with_mark, keep

KEY_PREFIX = "loyalty:events:v1"
PICKER_DAYS = 7  # today and the six days after it
SEARCH_PAGE_SIZE = 100
MAX_SEARCH_PAGES = 3  # ≈ 40 classes a day for a week: more is not a desk's picker


@dataclass(frozen=True)
class PickerEvent:
    """One event as the picker shows it: local start and end, and the event itself."""

    event: GroupEvent
    starts: datetime
    ends: datetime

    @property
    def seats_words(self) -> str:
        """'9 of 16 taken', or '4 taken' when Altegio does not count seats."""
        if self.event.capacity > 0:
            return gettext("%(taken)s of %(seats)s taken") % {
                "taken": self.event.records_count,
                "seats": self.event.capacity,
            }
        return gettext("%(taken)s taken") % {"taken": self.event.records_count}


@dataclass(frozen=True)
class EventDay:
    """The events starting on one local day, in start order."""

    day: date
    events: list[PickerEvent]
    is_today: bool = False


@dataclass(frozen=True)
class EventSchedule:
    """What the picker shows: days with events, whether today has any left, and the zone."""

    days: list[EventDay]
    today: date
    time_zone: str

    @property
    def has_today(self) -> bool:
        """Events are left today (started or ended ones are not offered)."""
        return bool(self.days) and self.days[0].is_today

    @property
    def today_events(self) -> list[PickerEvent]:
        """Today's classes not yet over (the desk's first question)."""
        return self.days[0].events if self.has_today else []

    @property
    def later_days(self) -> list[EventDay]:
        """The days after today that have classes."""
        return self.days[1:] if self.has_today else self.days

    def find(self, event_id: int) -> PickerEvent | None:
        """The listed event with this id, if the picker shows it."""
        return next(
            (item for day in self.days for item in day.events if item.event.id == event_id), None
        )


def events_cache_key(*, location_id: int, start: date, end: date) -> str:
    """`loyalty:events:v1:720441:2026-12-02:2026-12-08`."""
    return f"{KEY_PREFIX}:{location_id}:{start.isoformat()}:{end.isoformat()}"


async def list_upcoming_events(
    *,
    api: UserClient,
    location: Location,
    days: int = PICKER_DAYS,
    now: datetime | None = None,
) -> EventSchedule:
    """Group events from now to the end of the `days`-th local day, grouped by local day."""
    tz_name = location.timezone or "UTC"
    tz = zone(tz_name)
    moment = (now or timezone.now()).astimezone(tz)
    start = moment.date()
    end = start + timedelta(days=days - 1)
    events = await _cached_events(api, location_id=location.id, start=start, end=end)
    grouped: dict[date, list[PickerEvent]] = {}
    for event in events:
        starts = event.starts_at(tz)
        if starts is None:
            continue
        ends = starts + timedelta(seconds=event.length)
        # A class that has ended is no desk question; one under way still is (late arrivals).
        if ends <= moment or not start <= starts.date() <= end:
            continue
        grouped.setdefault(starts.date(), []).append(PickerEvent(event, starts, ends))
    schedule = [
        EventDay(
            day=day,
            events=sorted(grouped[day], key=lambda item: (item.starts, item.event.id)),
            is_today=day == start,
        )
        for day in sorted(grouped)
    ]
    return EventSchedule(days=schedule, today=start, time_zone=tz_name)


async def cached_event(*, location: Location, event_id: int) -> PickerEvent | None:
    """The event as the picker listed it (from the cache only), to name it beside a check."""
    tz = zone(location.timezone or "UTC")
    start = timezone.now().astimezone(tz).date()
    key = events_cache_key(
        location_id=location.id, start=start, end=start + timedelta(days=PICKER_DAYS - 1)
    )
    stored = await cache.aget(key)
    for event in _load(stored) or []:
        if event.id == event_id and (starts := event.starts_at(tz)) is not None:
            return PickerEvent(event, starts, starts + timedelta(seconds=event.length))
    return None


async def _cached_events(
    api: UserClient, *, location_id: int, start: date, end: date
) -> list[GroupEvent]:
    """The search's events for the range, from the cache or from Altegio (a few pages at most).

    Past its freshness the cached list is shown as it is and read again in the background: the
    client card then never waits for it (a class's seats are read live when it is checked).
    """
    key = events_cache_key(location_id=location_id, start=start, end=end)
    stored, fresh = await get_with_mark(key)
    events = _load(stored)
    read = partial(_read_events, api, key=key, location_id=location_id, start=start, end=end)
    if events is None:
        # Desks whose cache missed together (a new day, a quiet hour) share one read.
        return await read_once(key, read)
    if not fresh:
        start_once(key, read)
    return events


async def _read_events(
    api: UserClient, *, key: str, location_id: int, start: date, end: date
) -> list[GroupEvent]:
    """Read the range's events from Altegio (a few pages at most) and keep them in the cache."""
    events: list[GroupEvent] = []
    previous: list[int] = []
    for number in range(1, MAX_SEARCH_PAGES + 1):
        page = await search_group_events(
            api,
            location_id=location_id,
            start=start,
            end=end,
            page=number,
            count=SEARCH_PAGE_SIZE,
        )
        ids = [event.id for event in page.items]
        # Only an empty page (or one repeating the last) ends the list: `meta.count` may be the
        # page's length, and a server may keep its pages shorter than asked (docs/altegio.md §4.6).
        if not ids or ids == previous:
            break
        events += page.items
        previous = ids
    # A shared read may outlive the request that started it (its card went without the classes).
    await keep(
        {key: [event.model_dump(mode="json") for event in events]},
        fresh=settings.EVENT_LIST_CACHE_SECONDS,
        stale=settings.EVENT_LIST_STALE_SECONDS,
    )
    return events


def _load(stored: Any) -> list[GroupEvent] | None:
    """Events stored by `_cached_events`, or None (nothing there, or another release's shape)."""
    if not isinstance(stored, list):
        return None
    try:
        return [GroupEvent.model_validate(item) for item in stored]
    except (TypeError, ValueError):
        return None
