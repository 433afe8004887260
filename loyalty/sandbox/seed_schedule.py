"""The demo class schedule: group events at every location that sells group classes.

From 7 days ago to 21 days ahead, several classes a day per location, matching the membership
types' categories, each with a trainer, a capacity of 8–20 and some full. Every day has an early
(07:00) and a late (21:00) class, so "today" has something ahead in most time zones. Event ids
are derived from the location and the calendar date, so they are the same in every build.
The hand-written demo events 12345–12348 (see `DEMO_EVENTS`) are part of the schedule.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from .models import Event, Trainer
from .seed_events import build_events
from .seed_places import (
    FITNESS,
    GYM,
    HARBOR,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    MAT_PILATES,
    NEVSKY,
    NEVSKY_CENTRAL,
    NEVSKY_PARK,
    PILATES,
    REFORMER,
    SURF_LESSON,
    SURFING,
    VINYASA,
    YOGA,
    YOGA_CLASS,
    chain_zone,
)

DAYS_BEFORE, DAYS_AHEAD = 7, 21
# A generated event repeats weekly; its schedule days are this one and the next two weeks.
SCHEDULE_WEEKS = 3
# ids: 60,000,000 + location slot × 1,000,000 + days since EPOCH × 10 + class slot.
EVENT_ID_BASE, EPOCH = 60_000_000, date(2024, 1, 1)

# fmt: off
TRAINERS = (
    Trainer(5001, HARBOR_STUDIO, "Emma Collins", "Yoga teacher"),
    Trainer(5002, HARBOR_STUDIO, "Liam Carter", "Pilates instructor"),
    Trainer(5003, HARBOR_STUDIO, "Noah Reyes", "Surf coach"),
    Trainer(5004, HARBOR_NORTH, "Ava Mitchell", "Fitness coach"),
    Trainer(5005, HARBOR_NORTH, "Sophia Park", "Yoga teacher"),
    Trainer(5006, NEVSKY_CENTRAL, "Анна Смирнова", "Инструктор йоги"),
    Trainer(5007, NEVSKY_CENTRAL, "Дмитрий Козлов", "Тренер по пилатесу"),
    Trainer(5008, NEVSKY_PARK, "Екатерина Волкова", "Инструктор йоги"),
    Trainer(5009, NEVSKY_PARK, "Мария Новикова", "Тренер по пилатесу"),
)

# Per location: (class slot, start, title, service, category, trainer, minutes).
_Slot = tuple[int, time, str, int, int, int, int]
CLASSES: dict[int, tuple[_Slot, ...]] = {
    HARBOR_STUDIO: (
        (1, time(7, 0), "Sunrise yoga", YOGA_CLASS, YOGA, 5001, 60),
        (2, time(9, 30), "Surf basics", SURF_LESSON, SURFING, 5003, 90),
        (3, time(12, 15), "Mat pilates", MAT_PILATES, PILATES, 5002, 45),
        (4, time(18, 30), "Vinyasa flow", VINYASA, YOGA, 5001, 75),
        (5, time(21, 0), "Late reformer pilates", REFORMER, PILATES, 5002, 50),
    ),
    HARBOR_NORTH: (
        (1, time(7, 0), "Early gym circuit", GYM, FITNESS, 5004, 45),
        (2, time(12, 0), "Lunch yoga", YOGA_CLASS, YOGA, 5005, 45),
        (3, time(18, 0), "Gym circuit", GYM, FITNESS, 5004, 60),
        (4, time(21, 0), "Night yoga stretch", VINYASA, YOGA, 5005, 60),
    ),
    NEVSKY_CENTRAL: (
        (1, time(7, 0), "Утренняя йога", YOGA_CLASS, YOGA, 5006, 60),
        (2, time(11, 0), "Пилатес на коврике", MAT_PILATES, PILATES, 5007, 55),
        (3, time(19, 0), "Виньяса-флоу", VINYASA, YOGA, 5006, 75),
        (4, time(21, 0), "Вечерний пилатес", MAT_PILATES, PILATES, 5007, 55),
    ),
    NEVSKY_PARK: (
        (1, time(7, 0), "Утренняя йога", YOGA_CLASS, YOGA, 5008, 60),
        (2, time(10, 0), "Пилатес-реформер", REFORMER, PILATES, 5009, 50),
        (3, time(18, 30), "Хатха-йога", YOGA_CLASS, YOGA, 5008, 75),
        (4, time(21, 0), "Поздняя растяжка", VINYASA, YOGA, 5008, 45),
    ),
}
# fmt: on
LOCATION_SLOTS = {HARBOR_STUDIO: 1, HARBOR_NORTH: 2, NEVSKY_CENTRAL: 3, NEVSKY_PARK: 4}
CHAIN_OF = {HARBOR_STUDIO: HARBOR, HARBOR_NORTH: HARBOR, NEVSKY_CENTRAL: NEVSKY,
            NEVSKY_PARK: NEVSKY}  # fmt: skip
# The hand-written events keep their ids, days and behaviour; they gain a trainer and seats.
DEMO_EVENT_SEATS = {12345: (5001, 3600, 16, 9), 12346: (5002, 3000, 8, 8),
                    12347: (5003, 5400, 10, 4), 12348: (5001, 2700, 20, 12)}  # fmt: skip


def event_id(location_id: int, day: date, slot: int) -> int:
    """The stable id of one class: the same location, date and slot give the same id."""
    return EVENT_ID_BASE + LOCATION_SLOTS[location_id] * 1_000_000 + (day - EPOCH).days * 10 + slot


def build_schedule(today: date) -> tuple[Event, ...]:
    """Every demo group event: the hand-written ones and the generated classes."""
    events = [
        replace(event, staff_id=s, length=length, capacity=c, records_count=r)
        for event in build_events(today)
        for s, length, c, r in [DEMO_EVENT_SEATS[event.id]]
    ]
    for location_id, classes in CLASSES.items():
        tz = chain_zone(CHAIN_OF[location_id])
        for offset in range(-DAYS_BEFORE, DAYS_AHEAD + 1):
            day = today + timedelta(days=offset)
            for slot, start, title, service_id, category_id, trainer_id, minutes in classes:
                ident = event_id(location_id, day, slot)
                first = datetime.combine(day, start, tz)
                days = tuple(
                    (week + 1, first + timedelta(days=7 * week)) for week in range(SCHEDULE_WEEKS)
                )
                capacity, booked = _seats(ident)
                events.append(
                    Event(
                        ident,
                        location_id,
                        title,
                        service_id,
                        category_id,
                        days,
                        staff_id=trainer_id,
                        length=minutes * 60,
                        capacity=capacity,
                        records_count=booked,
                    )
                )
    return tuple(events)


def _seats(ident: int) -> tuple[int, int]:
    """Capacity 8–20 and bookings, from the event id alone; about one class in five is full."""
    rng = random.Random(ident)
    capacity = rng.randint(8, 20)
    booked = capacity if rng.random() < 0.2 else rng.randint(0, capacity - 1)
    return capacity, booked
