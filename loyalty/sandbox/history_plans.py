"""What each card's visits are planned as: their days, services, charges and staff."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from .data import SandboxData
from .models import GiftCard, Membership, MembershipType
from .seed_schedule import CHAIN_OF, CLASSES, TRAINERS
from .seed_visits import GOODS, DemoVisit

GIFT_CARD_VISITS = 3  # a gift card's spend is split over at most this many visits
UNLIMITED_WEEKLY_CAP = 8
MEMBERSHIP_USE, GIFT_CARD_WITHDRAWAL = 9, 8
PAID_FULL, NOT_PAID = "paid_full", "not_paid"


@dataclass(frozen=True, slots=True)
class Line:
    """One service or product of a visit: its cost, what was paid and the payment status."""

    title: str
    cost: float
    paid: float
    status: str = PAID_FULL


@dataclass(frozen=True, slots=True)
class Charge:
    """One loyalty transaction of a visit: a membership used, or money taken off a gift card."""

    type_id: int
    amount: float
    membership_id: int = 0
    gift_card_id: int = 0
    on_goods: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """A visit before it has ids, a time and a trainer."""

    day: date
    services: tuple[Line, ...]
    charges: tuple[Charge, ...] = ()
    goods: tuple[Line, ...] = ()
    attendance: int = 1
    at: time | None = None


def used_by(plans: list[Plan], *, membership_id: int) -> int:
    """How many visits of a membership the extras already use."""
    return sum(
        1
        for plan in plans
        for charge in plan.charges
        if charge.type_id == MEMBERSHIP_USE and charge.membership_id == membership_id
    )


def spent_by(plans: list[Plan], gift_card_id: int) -> float:
    """How much of a gift card the extras already spend."""
    return sum(
        charge.amount
        for plan in plans
        for charge in plan.charges
        if charge.type_id == GIFT_CARD_WITHDRAWAL and charge.gift_card_id == gift_card_id
    )


def used_services(data: SandboxData, membership: Membership, kind: MembershipType) -> list[int]:
    """One service id per visit the membership's balance says it paid for."""
    if membership.is_united_balance and not membership.is_united_balance_unlimited:
        used = kind.united_balance_services_count - membership.united_balance_services_count
        pool = [service_of(data, link.service_id, link.category_id) for link in kind.links]
        return [pool[i % len(pool)] for i in range(max(0, used))] if pool else []
    if membership.is_united_balance_unlimited or any(link.is_unlimited for link in kind.links):
        return []  # counted by weeks instead (see membership_plans)
    services: list[int] = []
    for bought, left in zip(kind.links, membership.links, strict=False):
        used = bought.count - left.count
        services += [service_of(data, bought.service_id, bought.category_id)] * max(0, used)
    return services


def membership_plans(data: SandboxData, membership: Membership, taken: int) -> list[Plan]:
    """The visits one membership paid for, spread evenly over the days it could be used."""
    if membership.status_id == 1 or membership.activated is None:
        return []
    kind = data.membership_types[membership.type_id]
    today = data.today
    first = membership.activated.date() + timedelta(days=1)
    last = today - timedelta(days=1)
    if membership.expires is not None:
        last = min(last, membership.expires.date())
    if membership.is_frozen:
        last = min(last, today - timedelta(days=membership.freeze_period + 1))
    services = used_services(data, membership, kind)
    unlimited = membership.is_united_balance_unlimited or any(
        link.is_unlimited for link in kind.links
    )
    if unlimited and last >= first:
        weeks = min(UNLIMITED_WEEKLY_CAP, max(1, (last - first).days // 7))
        pool = [service_of(data, link.service_id, link.category_id) for link in kind.links]
        services = [pool[i % len(pool)] for i in range(weeks)]
    services = services[taken:]
    days = spread(first, last, len(services))
    return [
        Plan(
            day,
            (line_of(data, service_id),),
            (Charge(MEMBERSHIP_USE, price_of(data, service_id), membership_id=membership.id),),
        )
        for day, service_id in zip(days, services, strict=True)
    ]


def gift_card_plans(data: SandboxData, card: GiftCard, taken: float) -> list[Plan]:
    """Visits that spent what the gift card no longer holds, in at most three parts."""
    spent = round(card.default_balance - card.balance - taken, 2)
    if card.status_id == 1 or spent <= 0:
        return []
    last = data.today - timedelta(days=1)
    if card.expires is not None:
        last = min(last, card.expires.date())
    parts = min(GIFT_CARD_VISITS, max(1, int(spent // 25)))
    share = round(spent / parts, 2)
    amounts = [share] * (parts - 1) + [round(spent - share * (parts - 1), 2)]
    kind = data.gift_card_types[card.type_id]
    service_id = kind.service_ids[0] if kind.service_ids else cheapest(data)
    title = data.services[service_id].title
    days = spread(card.created.date() + timedelta(days=1), last, parts)
    return [
        Plan(
            day,
            (Line(title, amount, amount),),
            (Charge(GIFT_CARD_WITHDRAWAL, amount, gift_card_id=card.id),),
        )
        for day, amount in zip(days, amounts, strict=True)
    ]


def extra_plan(data: SandboxData, extra: DemoVisit) -> Plan:
    """A hand-written demo visit as a plan."""
    services = tuple(
        Line(data.services[service_id].title, cost, paid, status)
        for service_id, cost, paid, status in extra.services
    )
    goods = tuple(
        Line(GOODS[goods_id], cost, paid, status) for goods_id, cost, paid, status in extra.goods
    )
    charges = tuple(
        Charge(type_id, amount, membership_id=membership_id, gift_card_id=gift_card_id,
               on_goods=on_goods)
        for type_id, amount, membership_id, gift_card_id, on_goods in extra.charges
    )  # fmt: skip
    return Plan(
        data.today - timedelta(days=extra.days_ago),
        services,
        charges,
        goods,
        extra.attendance,
        extra.at,
    )


def spread(first: date, last: date, count: int) -> list[date]:
    """`count` days spread evenly over [first, last] (all on `first` when the span is empty)."""
    if count <= 0:
        return []
    span = max(0, (last - first).days)
    return [first + timedelta(days=(span * (index + 1)) // (count + 1)) for index in range(count)]


def service_of(data: SandboxData, service_id: int | None, category_id: int | None) -> int:
    """The link's service, else the first service of its category."""
    if service_id is not None and service_id in data.services:
        return service_id
    for service in data.services.values():
        if service.category_id == category_id:
            return service.id
    return cheapest(data)


def cheapest(data: SandboxData) -> int:
    """The cheapest service (for a gift card that pays for anything)."""
    return min(data.services.values(), key=lambda service: (service.price_min, service.id)).id


def price_of(data: SandboxData, service_id: int) -> float:
    """What a service costs."""
    return float(data.services[service_id].price_min)


def line_of(data: SandboxData, service_id: int) -> Line:
    """A service paid in full."""
    price = price_of(data, service_id)
    return Line(data.services[service_id].title, price, price)


def time_of_day(rng: random.Random) -> time:
    """A class time between 07:00 and 20:45."""
    return time(rng.randint(7, 20), rng.choice((0, 15, 30, 45)))


def trainer_of(data: SandboxData, location_id: int, plan: Plan, index: int) -> tuple[int, str]:
    """Who taught the visit's first service: the location's trainer of its kind of class, else
    one of the location's (or its chain's) trainers in turn."""
    category = next(
        (svc.category_id for svc in data.services.values() if plan.services and
         svc.title == plan.services[0].title),
        None,
    )  # fmt: skip
    teaching = {
        trainer_id
        for slot in CLASSES.get(location_id, ())
        for trainer_id in [slot[5]]
        if slot[4] == category
    }
    chain_id = data.locations[location_id].chain_id
    here = (
        [trainer for trainer in TRAINERS if trainer.id in teaching]
        or [trainer for trainer in TRAINERS if trainer.location_id == location_id]
        or [trainer for trainer in TRAINERS if CHAIN_OF.get(trainer.location_id) == chain_id]
    )
    if not here:
        return 0, ""
    trainer = here[index % len(here)]
    return trainer.id, trainer.name
