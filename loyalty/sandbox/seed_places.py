"""The fixed places: chains, locations, service categories and services, and their clocks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import (
    Chain,
    Location,
    Service,
    ServiceCategory,
)

HARBOR = 145071
NEVSKY = 706028
HARBOR_STUDIO, HARBOR_NORTH, HARBOR_LAKESIDE = 720441, 720442, 720443
NEVSKY_CENTRAL, NEVSKY_PARK = 830001, 830002
# In the Harbor chain but in no demo user's locations: only the chain client search shows it.
HARBOR_MARINA = 720444
HARBOR_LOCATIONS = (HARBOR_STUDIO, HARBOR_NORTH, HARBOR_LAKESIDE)
NEVSKY_LOCATIONS = (NEVSKY_CENTRAL, NEVSKY_PARK)

SURFING, YOGA, PILATES, MASSAGE, FITNESS = 3129591, 3129592, 3129593, 3129594, 3129595
YOGA_CLASS, VINYASA, MAT_PILATES, REFORMER = 13160808, 13160809, 13160810, 13160811
SURF_LESSON, MASSAGE_60, MASSAGE_90, GYM, TRAINER = 13160812, 13160813, 13160814, 13160815, 13160816

# fmt: off
CHAINS = (
    Chain(HARBOR, "Harbor Wellness", 1, "United States", "$", "America/New_York",
          (*HARBOR_LOCATIONS, HARBOR_MARINA)),
    Chain(NEVSKY, "Nevsky Fitness", 2, "Russia", "₽", "Europe/Moscow", NEVSKY_LOCATIONS),
)

LOCATIONS = (
    Location(HARBOR_STUDIO, HARBOR, "Harbor Studio", "Yoga and surf studio", "+13155550100",
             2, "Syracuse", "100 Harbor St", 43.0481, -76.1474),
    Location(HARBOR_NORTH, HARBOR, "Harbor North", "Fitness club", "+13155550101",
             2, "Syracuse", "42 North Salina St", 43.0612, -76.1521),
    Location(HARBOR_LAKESIDE, HARBOR, "Harbor Lakeside", "Spa and massage", "+13155550102",
             3, "Skaneateles", "7 Lake Rd", 42.9470, -76.4291, id_as_string=True),
    Location(HARBOR_MARINA, HARBOR, "Harbor Marina", "Boat club and yoga deck", "+13155550103",
             2, "Syracuse", "1 Marina Dr", 43.0705, -76.1780),
    Location(NEVSKY_CENTRAL, NEVSKY, "Nevsky Central", "Фитнес-клуб", "+74951234567",
             10, "Moscow", "Nevsky pr. 28", 55.7558, 37.6173),
    Location(NEVSKY_PARK, NEVSKY, "Nevsky Park", "Fitness and yoga", "+74951234568",
             10, "Moscow", "Park Kultury 5", 55.7352, 37.5934),
)

CATEGORIES = (
    ServiceCategory(SURFING, "Surfing"),
    ServiceCategory(YOGA, "Yoga"),
    ServiceCategory(PILATES, "Pilates"),
    ServiceCategory(MASSAGE, "Massage"),
    ServiceCategory(FITNESS, "Fitness"),
)

SERVICES = (
    Service(YOGA_CLASS, "Yoga class", YOGA, 20, 25),
    Service(VINYASA, "Vinyasa flow", YOGA, 22, 28),
    Service(MAT_PILATES, "Mat pilates", PILATES, 20, 24),
    Service(REFORMER, "Reformer pilates", PILATES, 35, 45),
    Service(SURF_LESSON, "Surf lesson", SURFING, 60, 80),
    Service(MASSAGE_60, "Massage 60 min", MASSAGE, 90, 110),
    Service(MASSAGE_90, "Massage 90 min", MASSAGE, 120, 150),
    Service(GYM, "Gym session", FITNESS, 10, 15),
    Service(TRAINER, "Personal training", FITNESS, 50, 70),
)

# fmt: on


@cache
def zone(name: str) -> tzinfo:
    """The named time zone, or a fixed standard offset when the tz database is missing."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        hours = {"America/New_York": -5, "Europe/Moscow": 3}.get(name, 0)
        return timezone(timedelta(hours=hours))


@cache
def chain_zone(chain_id: int) -> tzinfo:
    """The time zone of a chain."""
    return zone(next(chain.timezone for chain in CHAINS if chain.id == chain_id))


def period_days(period: int, unit: int) -> int:
    """Approximate length in days of a validity period; absurd periods are capped at ten years."""
    per_unit = {1: 1, 2: 7, 3: 30, 4: 365}.get(unit, 30)
    return min(period * per_unit, 3650)


def at(day: date, hour: int, minute: int, chain_id: int) -> datetime:
    """A local wall-clock moment of a chain on a given day."""
    return datetime.combine(day, time(hour, minute), chain_zone(chain_id))


def end_of(day: date, chain_id: int) -> datetime:
    """The last second of a local day, which is how burn dates are written."""
    return datetime.combine(day, time(23, 59, 59), chain_zone(chain_id))
