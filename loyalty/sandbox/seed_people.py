"""The seeded crowd: a couple of thousand clients with their memberships and gift cards."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, tzinfo

from .models import Client, GiftCard, GiftCardType, Link, Membership, MembershipType
from .seed_places import (
    HARBOR_LAKESIDE,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    NEVSKY_CENTRAL,
    NEVSKY_PARK,
    at,
    chain_zone,
    end_of,
    period_days,
)

CLIENTS_PER_LOCATION = {
    HARBOR_STUDIO: 520,
    HARBOR_NORTH: 380,
    HARBOR_LAKESIDE: 300,
    NEVSKY_CENTRAL: 480,
    NEVSKY_PARK: 400,
}
MEMBERSHIP_COUNT = 10_400
GIFT_CARD_COUNT = 1_200
NATIONAL_FORM_CLIENTS = 20

# fmt: off
US_FIRST = (
    "Liam", "Olivia", "Noah", "Emma", "Oliver", "Ava", "Elijah", "Sophia", "Lucas", "Mia",
    "Mason", "Isabella", "Logan", "Amelia", "Ethan", "Harper", "Aiden", "Evelyn", "Caleb",
    "Abigail", "Ryan", "Emily", "Nathan", "Ella", "Owen", "Grace", "Leo", "Chloe",
)
US_LAST = (
    "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
    "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Young",
)
RU_MALE = (
    "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Никита", "Артём", "Павел", "Иван",
    "Максим",
)
RU_FEMALE = (
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Дарья", "Екатерина",
    "Ксения",
)
RU_LAST_MALE = (
    "Смирнов", "Кузнецов", "Попов", "Васильев", "Новиков", "Федоров", "Морозов", "Волков",
    "Лебедев", "Козлов",
)
# fmt: on
# The feminine form of each surname above.
RU_LAST_FEMALE = tuple(f"{name}\u0430" for name in RU_LAST_MALE)

# Status weights: issued, active, expired, used up.
_STATUS_WEIGHTS = (12, 46, 27, 15)


def _int(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high]; faster than `randint` for the ten thousand drafts."""
    return low + int(rng.random() * (high - low + 1))


def _pick[T](rng: random.Random, items: tuple[T, ...] | list[T]) -> T:
    """A uniform choice; faster than `choice` for the ten thousand drafts."""
    return items[int(rng.random() * len(items))]


def _weighted(rng: random.Random, items: tuple[int, ...], weights: tuple[int, ...]) -> int:
    """A weighted choice among a few small integers."""
    point = rng.random() * sum(weights)
    for item, weight in zip(items, weights, strict=True):
        point -= weight
        if point < 0:
            return item
    return items[-1]


def build_clients(rng: random.Random, first_id: int) -> list[Client]:
    """Clients with unique phones; a few Russian ones are stored in national form."""
    us_suffixes = iter(rng.sample(range(200, 10000), 1500))
    ru_numbers = iter(rng.sample(range(10**8, 10**9), 1000))
    clients: list[Client] = []
    client_id = first_id
    national_left = NATIONAL_FORM_CLIENTS
    for location_id, count in CLIENTS_PER_LOCATION.items():
        russian = location_id in (NEVSKY_CENTRAL, NEVSKY_PARK)
        for _ in range(count):
            client_id += _int(rng, 1, 40)
            if russian:
                female = rng.random() < 0.5
                first = _pick(rng, RU_FEMALE if female else RU_MALE)
                last = _pick(rng, RU_LAST_FEMALE if female else RU_LAST_MALE)
                digits = f"9{next(ru_numbers)}"
                # Some Russian cards were typed as 8 9xx…: the E.164 digits do not find them.
                if national_left and rng.random() < 0.03:
                    national_left -= 1
                    phone = f"8{digits}"
                else:
                    phone = f"+7{digits}"
                email = ""
            else:
                first, last = _pick(rng, US_FIRST), _pick(rng, US_LAST)
                suffix = next(us_suffixes)
                # Client cards show the phone with and without "+"
                # (docs/altegio.md §4.3 vs §5.14).
                phone = f"{'+' if rng.random() < 0.85 else ''}1315555{suffix:04d}"
                email = f"{first.lower()}.{last.lower()}{suffix}@example.com"
            clients.append(Client(client_id, location_id, f"{first} {last}", phone, email))
    return clients


def _random_links(rng: random.Random, kind: MembershipType, status_id: int) -> tuple[Link, ...]:
    """Visits left per link for a membership of `kind` in status `status_id`."""
    if kind.is_united_balance or status_id == 1:
        # Shared pools keep their count on the membership; issued ones are untouched.
        return kind.links
    links = []
    for link in kind.links:
        if link.is_unlimited:
            count = link.count
        elif status_id == 4:
            count = 0
        elif rng.random() < 0.12:
            count = 1
        else:
            count = _int(rng, 1, max(1, link.count))
        links.append(Link(count, link.is_unlimited, link.service_id, link.category_id))
    return tuple(links)


def _pool(rng: random.Random, kind: MembershipType, status_id: int) -> int:
    """Visits left in a shared pool."""
    full = kind.united_balance_services_count
    if not kind.is_united_balance or kind.is_united_balance_unlimited or status_id == 1:
        return full
    if status_id == 4:
        return 0
    return 1 if rng.random() < 0.15 else _int(rng, 1, max(1, full))


def _moment(ordinal: int, minutes: int, tz: tzinfo) -> datetime:
    """A local moment from a day ordinal and minutes after midnight."""
    day = date.fromordinal(ordinal)
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=tz)


def _dates(
    rng: random.Random, today: int, kind: MembershipType, status_id: int
) -> tuple[int, datetime, datetime | None, datetime | None]:
    """A sort key plus sale, activation and burn moments that agree with the status."""
    length = period_days(kind.period, kind.period_unit_id)
    tz = chain_zone(kind.chain_id)
    if status_id == 1:
        sold = today - _int(rng, 1, 45)
    elif status_id == 2:
        sold = today - _int(rng, 1, min(length - 1, 700))
    elif status_id == 3:
        sold = today - length - _int(rng, 1, 540)
    else:
        sold = today - _int(rng, 5, 500)
    minutes = 540 + 15 * _int(rng, 0, 47)
    created = _moment(sold, minutes, tz)
    key = sold * 1440 + minutes
    if status_id == 1:
        return key, created, None, None
    activated_day = sold + (_int(rng, 0, 3) if status_id != 2 else 0)
    activated = _moment(activated_day, max(minutes, 420 + 10 * _int(rng, 0, 80)), tz)
    expires = _moment(activated_day + length, 1439, tz).replace(second=59)
    return key, created, activated, expires


def build_memberships(
    rng: random.Random,
    today: date,
    clients: list[Client],
    types_by_location: dict[int, list[MembershipType]],
    first_id: int,
) -> list[Membership]:
    """Random memberships of random clients, ids ascending with the sale date."""
    drafts = []
    today_ordinal = today.toordinal()
    for _ in range(MEMBERSHIP_COUNT):
        client = _pick(rng, clients)
        kind = _pick(rng, types_by_location[client.location_id])
        if kind.is_archived:
            status_id = _weighted(rng, (3, 4), (27, 15))
        else:
            status_id = _weighted(rng, (1, 2, 3, 4), _STATUS_WEIGHTS)
        key, created, activated, expires = _dates(rng, today_ordinal, kind, status_id)
        frozen = 0
        if status_id == 2 and kind.allow_freeze and rng.random() < 0.1:
            frozen = _int(rng, 1, min(kind.freeze_limit or 20, 20))  # a limit of 0: none
            expires = expires + timedelta(days=frozen) if expires else None
        links = _random_links(rng, kind, status_id)
        pool = _pool(rng, kind, status_id)
        code = _int(rng, 100000, 999999)
        drafts.append(
            (key, created, client, kind, status_id, activated, expires, frozen, links, pool, code)
        )
    drafts.sort(key=lambda draft: draft[0])
    memberships = []
    membership_id = first_id
    for draft in drafts:
        _, created, client, kind, status_id, activated, expires, frozen, links, pool, code = draft
        membership_id += _int(rng, 1, 3)
        memberships.append(
            Membership(
                membership_id,
                # `number` arrives as an int in the vendor's own example, as a string elsewhere.
                code if membership_id % 7 == 0 else str(code),
                client.id,
                kind.chain_id,
                kind.id,
                status_id,
                created,
                activated,
                expires,
                kind.period,
                kind.period_unit_id,
                kind.is_united_balance,
                kind.is_united_balance_unlimited,
                pool,
                links,
                900_000_000 + membership_id,
                frozen > 0,
                frozen,
            )
        )
    return memberships


def _card_dates(
    rng: random.Random, today: date, kind: GiftCardType, status_id: int
) -> tuple[date, datetime | None]:
    """Sale day and burn moment of a gift card that agree with its status."""
    unit_days = {1: 1, 2: 7, 3: 30, 4: 365}.get(kind.expiration_timeout_unit_id, 30)
    length = kind.expiration_timeout * unit_days if kind.expiration_type_id == 2 else 365
    if status_id == 3:
        sold = today - timedelta(days=length + _int(rng, 1, 300))
    elif status_id == 2 and kind.expiration_type_id == 2 and rng.random() < 0.12:
        # Some active cards burn within the next two weeks.
        sold = today - timedelta(days=length - _int(rng, 1, 13))
    else:
        sold = today - timedelta(days=_int(rng, 1, max(1, length - 1)))
    if kind.expiration_type_id == 1 and kind.expiration_date is not None:
        expires: datetime | None = kind.expiration_date
    elif kind.expiration_type_id == 2:
        expires = end_of(sold + timedelta(days=length), kind.chain_id)
    else:
        expires = None
    if status_id == 3 and expires is not None and expires.date() >= today:
        expires = end_of(today - timedelta(days=_int(rng, 1, 60)), kind.chain_id)
    return sold, expires


def build_gift_cards(
    rng: random.Random,
    today: date,
    clients: list[Client],
    types_by_location: dict[int, list[GiftCardType]],
    first_id: int,
) -> list[GiftCard]:
    """Random gift cards of random clients; some nearly spent, some burning soon."""
    cards = []
    card_id = first_id
    for _ in range(GIFT_CARD_COUNT):
        client = _pick(rng, clients)
        kind = _pick(rng, types_by_location[client.location_id])
        status_id = _weighted(rng, (1, 2, 3, 4), (10, 55, 20, 15))
        if kind.is_archived:
            status_id = _pick(rng, (3, 4))
        sold, expires = _card_dates(rng, today, kind, status_id)
        full = kind.balance
        if status_id == 1:
            balance: float = full
        elif status_id == 4:
            balance = 0
        elif rng.random() < 0.15:
            balance = round(full * rng.uniform(0.01, 0.08), 2)
        else:
            balance = round(full * rng.uniform(0.1, 1.0)) if kind.is_multi else full
        card_id += _int(rng, 1, 5)
        cards.append(
            GiftCard(
                id=card_id,
                number=str(_int(rng, 10**3, 10**8)),
                client_id=client.id,
                chain_id=kind.chain_id,
                type_id=kind.id,
                status_id=status_id,
                balance=balance,
                default_balance=full,
                created=at(sold, _int(rng, 9, 20), _pick(rng, (5, 20, 40)), kind.chain_id),
                expires=expires,
            )
        )
    return cards
