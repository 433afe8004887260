"""The fixed catalogue: chains, locations, services, membership and gift-card types, events."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import (
    Chain,
    Event,
    GiftCardType,
    Interval,
    Link,
    Location,
    MembershipType,
    Service,
    ServiceCategory,
    User,
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

WEEKDAYS = Interval((1, 2, 3, 4, 5), ((25200, 79200),))
MORNINGS = Interval((1, 2, 3, 4, 5, 6, 7), ((21600, 43200),))
WEEKENDS = Interval((6, 7), ((28800, 72000),))


def cat(category_id: int, count: int, *, unlimited: bool = False) -> Link:
    """A category line of a balance container."""
    return Link(count, unlimited, category_id=category_id)


def svc(service_id: int, count: int, *, unlimited: bool = False) -> Link:
    """A service line of a balance container."""
    return Link(count, unlimited, service_id=service_id)


H_ALL, N_ALL = HARBOR_LOCATIONS, NEVSKY_LOCATIONS
H, N = HARBOR, NEVSKY


def _type(
    type_id: int,
    chain_id: int,
    title: str | int,
    cost: int,
    period: int,
    unit: int,
    links: tuple[Link, ...],
    attached: tuple[int, ...],
    *,
    united: int = 0,
    unlimited: bool = False,
    freeze: int = 0,
    freeze_unit: int = 1,
    freeze_without_limit: bool = False,
    archived: bool = False,
    frozen_booking: bool = False,
    availability: tuple[Interval, ...] = (),
) -> MembershipType:
    """Build one membership type with the common defaults."""
    return MembershipType(
        id=type_id,
        chain_id=chain_id,
        title=title,
        cost=cost,
        period=period,
        period_unit_id=unit,
        # Freezing allowed with a limit of 0 (null in YCLIENTS' admin): no limit at all.
        allow_freeze=freeze > 0 or freeze_without_limit,
        freeze_limit=freeze,
        freeze_limit_unit_id=freeze_unit if freeze > 0 else 0,
        is_united_balance=united > 0 or unlimited,
        is_united_balance_unlimited=unlimited,
        united_balance_services_count=united,
        links=links,
        attached_location_ids=attached,
        is_archived=archived,
        is_booking_when_frozen_allowed=frozen_booking,
        is_allow_empty_code=type_id % 3 == 0,
        is_code_required=type_id % 3 != 0,
        expiration_type_id=1 + type_id % 2,
        is_online_sale_enabled=type_id % 4 == 1,
        availability=availability,
        weight=type_id % 10,
    )


# fmt: off
# Types whose balance is a shared pool list their covered items with count 0
# (A-code, docs/altegio.md §2.3).
MEMBERSHIP_TYPES = (
    _type(97801, H, "Yoga 8 visits", 160, 1, 3, (cat(YOGA, 8),), H_ALL, freeze=14),
    _type(97802, H, "Yoga 12 visits", 220, 2, 3, (cat(YOGA, 12),), H_ALL, freeze=30),
    _type(97803, H, "Yoga 20 visits", 340, 3, 3, (cat(YOGA, 20),), H_ALL, freeze=30),
    # The product brief's example type: numeric title, 9999-month validity.
    _type(97804, H, 89999, 500, 9999, 3, (cat(SURFING, 10),), H_ALL),
    _type(97805, H, "Pilates 10 visits", 250, 2, 3, (cat(PILATES, 10),), H_ALL, freeze=14,
          availability=(WEEKDAYS, WEEKENDS)),
    _type(97806, H, "Reformer pilates x5", 200, 1, 3, (svc(REFORMER, 5),), (HARBOR_STUDIO,)),
    _type(97807, H, "Studio pass 10 (shared)", 230, 3, 3,
          (cat(YOGA, 0), cat(PILATES, 0)), H_ALL, united=10, freeze=21),
    _type(97808, H, "All-access unlimited month", 180, 1, 3,
          (cat(YOGA, 0), cat(PILATES, 0), cat(SURFING, 0), cat(FITNESS, 0)), H_ALL,
          unlimited=True, freeze=7, frozen_booking=True, availability=(MORNINGS,)),
    _type(97809, H, "Massage 60 min x5", 450, 6, 3, (svc(MASSAGE_60, 5),),
          (HARBOR_STUDIO, HARBOR_LAKESIDE)),
    _type(97810, H, "Surf camp week", 390, 1, 2, (cat(SURFING, 0, unlimited=True),),
          (HARBOR_STUDIO,)),
    _type(97811, H, "Drop-in single class", 25, 14, 1, (cat(YOGA, 0), cat(PILATES, 0)),
          H_ALL, united=1),
    # Its freeze limit is in weeks (2 weeks = 14 days): the one type showing the unit at work.
    _type(97812, H, "Yoga & massage combo", 390, 2, 3,
          (cat(YOGA, 8), svc(MASSAGE_60, 2)), H_ALL, freeze=2, freeze_unit=2),
    _type(97813, H, "Annual unlimited", 1500, 1, 4,
          (cat(YOGA, 0), cat(PILATES, 0), cat(FITNESS, 0)), H_ALL, unlimited=True,
          freeze_without_limit=True),
    _type(97814, H, "Intro offer 3 classes", 39, 2, 2, (cat(YOGA, 0), cat(PILATES, 0)),
          H_ALL, united=3),
    _type(97815, H, "Kids surf club x8", 280, 3, 3, (cat(SURFING, 8),), (HARBOR_STUDIO,)),
    _type(97816, H, "Winter yoga 2024", 150, 1, 3, (cat(YOGA, 10),), H_ALL, archived=True),
    _type(97817, H, "Old pilates x8", 180, 2, 3, (cat(PILATES, 8),), H_ALL, archived=True),
    _type(97818, H, "Legacy massage pass", 400, 6, 3, (svc(MASSAGE_90, 4),),
          (HARBOR_LAKESIDE,), archived=True),
    _type(97819, H, "Gym open access 3 months", 210, 3, 3, (cat(FITNESS, 0, unlimited=True),),
          (HARBOR_NORTH,), freeze=30),
    _type(97820, H, "Personal training x10", 600, 6, 3, (svc(TRAINER, 10),), (HARBOR_NORTH,)),
    _type(97821, H, "Spa day duo", 320, 3, 3, (svc(MASSAGE_90, 2), svc(MASSAGE_60, 2)),
          (HARBOR_LAKESIDE,)),
    _type(489150, N, "Йога 8 занятий", 6400, 1, 3, (cat(YOGA, 8),), N_ALL, freeze=14),
    _type(489151, N, "Йога 16 занятий", 11200, 2, 3, (cat(YOGA, 16),), N_ALL, freeze=30),
    _type(489152, N, "Тренажёрный зал безлимит", 4500, 1, 3, (cat(FITNESS, 0, unlimited=True),),
          N_ALL, freeze=14),
    _type(489153, N, "Годовая карта", 39000, 1, 4,
          (cat(FITNESS, 0), cat(YOGA, 0), cat(PILATES, 0)), N_ALL, unlimited=True, freeze=90),
    _type(489154, N, "Пилатес 12 занятий", 9600, 2, 3, (cat(PILATES, 12),), N_ALL),
    _type(489155, N, "Массаж 5 сеансов", 15000, 3, 3, (svc(MASSAGE_60, 5),), (NEVSKY_CENTRAL,)),
    _type(489156, N, "Персональные тренировки x8", 24000, 3, 3, (svc(TRAINER, 8),), N_ALL),
    _type(489157, N, "Общий пул 20 посещений", 14000, 3, 3,
          (cat(YOGA, 0), cat(PILATES, 0), cat(FITNESS, 0)), N_ALL, united=20, freeze=30),
    _type(489158, N, "Утренний абонемент", 3500, 1, 3, (cat(FITNESS, 0, unlimited=True),),
          (NEVSKY_PARK,), availability=(MORNINGS,)),
    _type(489159, N, "Group classes x10", 8000, 2, 3, (cat(YOGA, 5), cat(PILATES, 5)), N_ALL),
    _type(489160, N, "Летний абонемент 2024", 5000, 3, 3, (cat(FITNESS, 0, unlimited=True),),
          N_ALL, archived=True),
    _type(489161, N, "Старый безлимит", 4000, 1, 3, (cat(FITNESS, 0, unlimited=True),),
          N_ALL, archived=True),
)
# fmt: on


def _gift(
    type_id: int,
    chain_id: int,
    title: str,
    balance: int,
    item_type_id: int,
    salons: tuple[int, ...],
    *,
    expiry: tuple[int, int, int] = (2, 12, 3),
    services: tuple[int, ...] = (),
    archived: bool = False,
    multi: bool = True,
) -> GiftCardType:
    """Build one gift-card type; `expiry` is (expiration_type_id, timeout, timeout unit)."""
    kind, timeout, unit = expiry
    return GiftCardType(
        id=type_id,
        chain_id=chain_id,
        title=title,
        balance=balance,
        is_multi=multi,
        item_type_id=item_type_id,
        expiration_type_id=kind,
        expiration_date=None,
        expiration_timeout=timeout if kind == 2 else 0,
        expiration_timeout_unit_id=unit if kind == 2 else 0,
        salon_ids=salons,
        service_ids=services,
        is_archived=archived,
        is_allow_empty_code=type_id % 2 == 0,
        online_sale_is_enabled=type_id % 3 == 0,
        weight=type_id % 7,
    )


# fmt: off
GIFT_CARD_TYPES = (
    _gift(27840, H, "Gift card $50", 50, 0, H_ALL),
    _gift(27841, H, "Gift card 9000", 9000, 0, H_ALL, expiry=(2, 365, 1)),
    _gift(27842, H, "Gift card $100", 100, 0, H_ALL),
    _gift(27843, H, "Spa day card $250", 250, 3, (HARBOR_LAKESIDE,),
          services=(MASSAGE_60, MASSAGE_90)),
    _gift(27844, H, "Surf lesson card $80", 80, 3, (HARBOR_STUDIO,), services=(SURF_LESSON,),
          multi=False),
    _gift(27845, H, "Shop card $30", 30, 2, H_ALL, expiry=(2, 6, 3)),
    _gift(27846, H, "Holiday card 2024", 75, 0, H_ALL, archived=True),
    _gift(27847, H, "Summer card $75", 75, 1, H_ALL, expiry=(1, 0, 0)),
    _gift(27848, H, "Forever card $200", 200, 0, H_ALL, expiry=(0, 0, 0)),
    _gift(289056, N, "Gift Certificate 1000", 1000, 0, (NEVSKY_CENTRAL,), expiry=(2, 6, 3)),
    _gift(289057, N, "Сертификат 3000 ₽", 3000, 0, N_ALL),
    _gift(289058, N, "Сертификат 5000 ₽", 5000, 0, N_ALL),
    _gift(289059, N, "Массаж: сертификат", 4500, 3, (NEVSKY_CENTRAL,), services=(MASSAGE_60,),
          multi=False),
    _gift(289060, N, "Новогодний сертификат 2024", 2024, 0, N_ALL, archived=True),
    _gift(289061, N, "Сертификат на товары 2000", 2000, 2, N_ALL, expiry=(2, 3, 3)),
    _gift(289062, N, "Сертификат 10000 ₽", 10000, 4, N_ALL, expiry=(2, 1, 4)),
)

USERS = (
    User(
        1001, "Anna Brooks", "frontdesk@sandbox.example", "+13155550175", "frontdesk-demo",
        "Front desk: Harbor Studio (720441) only, the chain's clients but no loyalty rights; "
        "sees clients' visits, not which membership or gift card paid",
        (HARBOR_STUDIO,),
        # The client base opens the visits (the attendance key is not in Altegio's docs, so the
        # least sandbox does not send it; the extra_access_keys quirk does).
        {HARBOR: {"settings_access": "0", "clients_access": "1", "users_access": "0",
                  "loyalty_access": "0", "loyalty_cards_manual_transactions_access": "0",
                  "network_services_access": "0", "loyalty_certificate_types_access": "0",
                  "clients_show_attendance_history_access": "1"}},
    ),
    User(
        1002, "Mark Turner", "manager@sandbox.example", "+13155550176", "manager-demo",
        "Manager: all 5 locations, loyalty rights in both chains; freezes memberships in "
        "Harbor Wellness only",
        HARBOR_LOCATIONS + NEVSKY_LOCATIONS,
        {
            # The docs show access flags both as "1"/"0" strings and as 1/0 ints; one chain each
            # (the membership rights, as Altegio's own code's tests send them, always as ints).
            HARBOR: {"settings_access": "1", "clients_access": "1", "users_access": "0",
                     "loyalty_access": "1", "loyalty_cards_manual_transactions_access": "1",
                     "network_services_access": "0", "loyalty_abonement_types_access": 1,
                     "loyalty_abonement_period_edit_access": 1,
                     "loyalty_abonement_balance_edit_access": 1,
                     "loyalty_abonement_history_access": 1,
                     "loyalty_certificate_types_access": "1"},
            NEVSKY: {"settings_access": 1, "clients_access": 1, "users_access": 0,
                     "loyalty_access": 1, "loyalty_cards_manual_transactions_access": 1,
                     "network_services_access": 1, "loyalty_abonement_types_access": 1,
                     "loyalty_abonement_period_edit_access": 0,
                     "loyalty_abonement_balance_edit_access": 0,
                     "loyalty_abonement_history_access": 1,
                     "loyalty_certificate_types_access": 1},
        },
    ),
    User(
        1003, "Olga Sokolova", "owner@sandbox.example", "+79031234567", "owner-demo",
        "Owner: Nevsky Fitness only (830001, 830002), full rights there",
        NEVSKY_LOCATIONS,
        {NEVSKY: {"settings_access": 1, "clients_access": 1, "users_access": 1,
                  "loyalty_access": 1, "loyalty_cards_manual_transactions_access": 1,
                  "network_services_access": 1, "loyalty_abonement_types_access": 1,
                  "loyalty_abonement_period_edit_access": 1,
                  "loyalty_abonement_balance_edit_access": 1,
                  "loyalty_abonement_history_access": 1,
                  "loyalty_certificate_types_access": 1}},
    ),
    User(
        1004, "Sam Rivera", "supervisor@sandbox.example", "+13155550177", "supervisor-demo",
        "Supervisor: Harbor Studio and Harbor North, loyalty rights in Harbor but no membership "
        "history, no gift-card types, and no rights to see client phones",
        (HARBOR_STUDIO, HARBOR_NORTH),
        {HARBOR: {"settings_access": "0", "clients_access": "1", "users_access": "0",
                  "loyalty_access": "1", "loyalty_abonement_types_access": 1,
                  "loyalty_abonement_history_access": 0,
                  "loyalty_certificate_types_access": "0",
                  "loyalty_abonement_period_edit_access": 0,
                  "client_phones_access": "0", "network_services_access": "0"}},
    ),
)

# fmt: on

DEMO_LOGINS: list[dict[str, str]] = [
    {"login": user.email, "password": user.password, "role": user.role} for user in USERS
]

# Schedule day ids map to offsets in days from today; the event's start time is local.
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
