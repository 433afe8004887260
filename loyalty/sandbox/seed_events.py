"""The demo group events at Harbor Studio, dated from today, for the event check."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .models import (
    Event,
)
from .seed_places import (
    FITNESS,
    GYM,
    HARBOR,
    HARBOR_STUDIO,
    PILATES,
    REFORMER,
    SURF_LESSON,
    SURFING,
    YOGA,
    YOGA_CLASS,
    chain_zone,
)

EVENT_DAY_OFFSETS = {1: 1, 2: 3, 3: 5, 4: 8, 5: 10}

DEMO_EVENTS: dict[int, str] = {
    12345: "Morning yoga flow at Harbor Studio (720441), yoga, 07:30; schedule days 1-5 fall "
    "1, 3, 5, 8 and 10 days from today. For James Smith (client 146915197): 659883, 659887 "
    "and the unlimited 659880 book all days; 659882 (expires in 5 days) books days 1-3 and "
    "659881 (1 shared visit left) day 1; 659878 (surfing), 659879 (frozen) and 659886 "
    "(massage) cannot pay and are not listed by search_for_activity.",
    12346: "Reformer pilates at Harbor Studio (720441), pilates, 18:00; schedule days 1-5.",
    12347: "Sunrise surf session at Harbor Studio (720441), surfing, 06:00; schedule days 1-5. "
    "James's issued brief-example membership 659878 (Surfing x10) can pay.",
    12348: "Lunchtime gym circuit at Harbor Studio (720441), fitness, 12:30; schedule days 1-5.",
}

_EVENT_SPECS = (
    (12345, "Morning yoga flow", YOGA_CLASS, YOGA, time(7, 30)),
    (12346, "Reformer pilates", REFORMER, PILATES, time(18, 0)),
    (12347, "Sunrise surf session", SURF_LESSON, SURFING, time(6, 0)),
    (12348, "Lunchtime gym circuit", GYM, FITNESS, time(12, 30)),
)


def build_events(today: date) -> tuple[Event, ...]:
    """Group events at Harbor Studio, dated from `today`."""
    tz = chain_zone(HARBOR)
    events = []
    for event_id, title, service_id, category_id, start in _EVENT_SPECS:
        days = tuple(
            (day_id, datetime.combine(today + timedelta(days=offset), start, tz))
            for day_id, offset in EVENT_DAY_OFFSETS.items()
        )
        events.append(Event(event_id, HARBOR_STUDIO, title, service_id, category_id, days))
    return tuple(events)
