"""Every client's visit history, built on demand so that it agrees with their cards.

A membership with 4 of 8 visits left has 4 visits that used it (one loyalty transaction of type
9 each); a gift card with 2,500 spent has visits (or a product sale) whose type 8 transactions
add up to 2,500. Issued memberships have no visits; a frozen one none since its freeze began;
an unlimited one about one a week. The hand-written extras of `seed_visits.DEMO_VISITS` (a
visit paid by two cards, one paid in cash, a missed one, a product sale) count towards the same
totals. Ids are derived from the client id, so a visit id alone says whose it is.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .data import SandboxData
from .models import Client, GiftCard, Membership, MembershipType
from .seed_catalog import chain_zone
from .seed_schedule import CHAIN_OF, CLASSES, TRAINERS
from .seed_visits import DEMO_VISITS, GOODS, DemoVisit

# Visit and record ids: a base, then (client id − CLIENT_BASE) × VISITS_PER_CLIENT + the index.
CLIENT_BASE, VISITS_PER_CLIENT = 146_900_000, 1000
VISIT_ID_BASE, RECORD_ID_BASE = 1_000_000_000, 3_000_000_000
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
class Visit:
    """One visit of one client at one location, with what paid for it."""

    visit_id: int
    record_id: int
    client_id: int
    location_id: int
    chain_id: int
    start: datetime  # local, with the chain's zone
    attendance: int
    services: tuple[Line, ...]
    staff_id: int
    staff_name: str
    goods: tuple[Line, ...] = ()
    charges: tuple[Charge, ...] = ()

    @property
    def day(self) -> date:
        """The local calendar day, which is also the day of its transactions."""
        return self.start.date()


@dataclass(frozen=True, slots=True)
class _Plan:
    """A visit before it has ids, a time and a trainer."""

    day: date
    services: tuple[Line, ...]
    charges: tuple[Charge, ...] = ()
    goods: tuple[Line, ...] = ()
    attendance: int = 1
    at: time | None = None


def client_of_visit(visit_id: int) -> int | None:
    """The client a visit id belongs to (ids are built from the client id)."""
    offset = visit_id - VISIT_ID_BASE
    return CLIENT_BASE + offset // VISITS_PER_CLIENT if offset >= 0 else None


def client_history(data: SandboxData, client_id: int) -> tuple[Visit, ...]:
    """The client's visits, newest first (built once per data build and client)."""
    key = (id(data), client_id)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] is data:
            _cache.move_to_end(key)
            return cached[1]
    client = data.clients.get(client_id)
    visits = _build(data, client) if client is not None else ()
    with _lock:
        _cache[key] = (data, visits)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return visits


CACHE_SIZE = 4096
_lock = threading.Lock()
_cache: OrderedDict[tuple[int, int], tuple[SandboxData, tuple[Visit, ...]]] = OrderedDict()


def _build(data: SandboxData, client: Client) -> tuple[Visit, ...]:
    """Plan the visits of every card, add the demo extras, then date, number and staff them."""
    extras = [_extra_plan(data, extra) for extra in DEMO_VISITS.get(client.id, ())]
    plans = list(extras)
    for membership in data.memberships_by_client.get(client.id, []):
        plans += _membership_plans(data, membership, _used_by(extras, membership_id=membership.id))
    for card in data.gift_cards_by_client.get(client.id, []):
        plans += _gift_card_plans(data, card, _spent_by(extras, card.id))
    location = data.locations[client.location_id]
    rng = random.Random(client.id)
    tz = chain_zone(location.chain_id)
    timed = sorted(
        ((datetime.combine(plan.day, plan.at or _time_of_day(rng), tz), plan) for plan in plans),
        key=lambda item: item[0],
    )[: VISITS_PER_CLIENT - 1]
    offset = (client.id - CLIENT_BASE) * VISITS_PER_CLIENT
    visits = [
        Visit(
            visit_id=VISIT_ID_BASE + offset + index,
            record_id=RECORD_ID_BASE + offset + index,
            client_id=client.id,
            location_id=location.id,
            chain_id=location.chain_id,
            start=start,
            attendance=plan.attendance,
            services=plan.services,
            staff_id=trainer[0],
            staff_name=trainer[1],
            goods=plan.goods,
            charges=plan.charges,
        )
        for index, (start, plan) in enumerate(timed)
        for trainer in [_trainer(data, location.id, plan, index)]
    ]
    return tuple(reversed(visits))


def _used_by(plans: list[_Plan], *, membership_id: int) -> int:
    """How many visits of a membership the extras already use."""
    return sum(
        1
        for plan in plans
        for charge in plan.charges
        if charge.type_id == MEMBERSHIP_USE and charge.membership_id == membership_id
    )


def _spent_by(plans: list[_Plan], gift_card_id: int) -> float:
    """How much of a gift card the extras already spend."""
    return sum(
        charge.amount
        for plan in plans
        for charge in plan.charges
        if charge.type_id == GIFT_CARD_WITHDRAWAL and charge.gift_card_id == gift_card_id
    )


def _used_services(data: SandboxData, membership: Membership, kind: MembershipType) -> list[int]:
    """One service id per visit the membership's balance says it paid for."""
    if membership.is_united_balance and not membership.is_united_balance_unlimited:
        used = kind.united_balance_services_count - membership.united_balance_services_count
        pool = [_service_of(data, link.service_id, link.category_id) for link in kind.links]
        return [pool[i % len(pool)] for i in range(max(0, used))] if pool else []
    if membership.is_united_balance_unlimited or any(link.is_unlimited for link in kind.links):
        return []  # counted by weeks instead (see _membership_plans)
    services: list[int] = []
    for bought, left in zip(kind.links, membership.links, strict=False):
        used = bought.count - left.count
        services += [_service_of(data, bought.service_id, bought.category_id)] * max(0, used)
    return services


def _membership_plans(data: SandboxData, membership: Membership, taken: int) -> list[_Plan]:
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
    services = _used_services(data, membership, kind)
    unlimited = membership.is_united_balance_unlimited or any(
        link.is_unlimited for link in kind.links
    )
    if unlimited and last >= first:
        weeks = min(UNLIMITED_WEEKLY_CAP, max(1, (last - first).days // 7))
        pool = [_service_of(data, link.service_id, link.category_id) for link in kind.links]
        services = [pool[i % len(pool)] for i in range(weeks)]
    services = services[taken:]
    days = _spread(first, last, len(services))
    return [
        _Plan(
            day,
            (_line(data, service_id),),
            (Charge(MEMBERSHIP_USE, _price(data, service_id), membership_id=membership.id),),
        )
        for day, service_id in zip(days, services, strict=True)
    ]


def _gift_card_plans(data: SandboxData, card: GiftCard, taken: float) -> list[_Plan]:
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
    service_id = kind.service_ids[0] if kind.service_ids else _cheapest(data)
    title = data.services[service_id].title
    days = _spread(card.created.date() + timedelta(days=1), last, parts)
    return [
        _Plan(
            day,
            (Line(title, amount, amount),),
            (Charge(GIFT_CARD_WITHDRAWAL, amount, gift_card_id=card.id),),
        )
        for day, amount in zip(days, amounts, strict=True)
    ]


def _extra_plan(data: SandboxData, extra: DemoVisit) -> _Plan:
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
    return _Plan(
        data.today - timedelta(days=extra.days_ago),
        services,
        charges,
        goods,
        extra.attendance,
        extra.at,
    )


def _spread(first: date, last: date, count: int) -> list[date]:
    """`count` days spread evenly over [first, last] (all on `first` when the span is empty)."""
    if count <= 0:
        return []
    span = max(0, (last - first).days)
    return [first + timedelta(days=(span * (index + 1)) // (count + 1)) for index in range(count)]


def _service_of(data: SandboxData, service_id: int | None, category_id: int | None) -> int:
    """The link's service, else the first service of its category."""
    if service_id is not None and service_id in data.services:
        return service_id
    for service in data.services.values():
        if service.category_id == category_id:
            return service.id
    return _cheapest(data)


def _cheapest(data: SandboxData) -> int:
    """The cheapest service (for a gift card that pays for anything)."""
    return min(data.services.values(), key=lambda service: (service.price_min, service.id)).id


def _price(data: SandboxData, service_id: int) -> float:
    """What a service costs."""
    return float(data.services[service_id].price_min)


def _line(data: SandboxData, service_id: int) -> Line:
    """A service paid in full."""
    price = _price(data, service_id)
    return Line(data.services[service_id].title, price, price)


def _time_of_day(rng: random.Random) -> time:
    """A class time between 07:00 and 20:45."""
    return time(rng.randint(7, 20), rng.choice((0, 15, 30, 45)))


def _trainer(data: SandboxData, location_id: int, plan: _Plan, index: int) -> tuple[int, str]:
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
