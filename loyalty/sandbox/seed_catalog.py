"""The fixed catalogue: membership types and gift-card types of both chains."""

from __future__ import annotations

from .models import (
    GiftCardType,
    Interval,
    Link,
    MembershipType,
)
from .seed_places import (
    FITNESS,
    HARBOR,
    HARBOR_LAKESIDE,
    HARBOR_LOCATIONS,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    MASSAGE_60,
    MASSAGE_90,
    NEVSKY,
    NEVSKY_CENTRAL,
    NEVSKY_LOCATIONS,
    NEVSKY_PARK,
    PILATES,
    REFORMER,
    SURF_LESSON,
    SURFING,
    TRAINER,
    YOGA,
)

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
