"""Deterministic seeded data for the sandbox, built once per process and indexed for lookups.

Demo logins are in `DEMO_LOGINS`, handy phones in `DEMO_PHONES`, group events in `DEMO_EVENTS`:
- frontdesk@sandbox.example / frontdesk-demo: Harbor Studio (720441) only, the chain's clients but
  no loyalty rights: reads clients' visits, not what paid for them.
- manager@sandbox.example / manager-demo: all five locations, loyalty rights in both chains.
- owner@sandbox.example / owner-demo: Nevsky Fitness (830001, 830002) only.
- +1 315 555 0178 is James Smith at 720441 with the brief's example membership 659878.
- Event 12345 "Morning yoga flow" at 720441 has schedule days 1-5 over the next ten days.
"""

from __future__ import annotations

import random
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from .models import (
    Chain,
    Client,
    Event,
    GiftCard,
    GiftCardType,
    Location,
    Membership,
    MembershipType,
    Service,
    ServiceCategory,
    Trainer,
    User,
)
from .seed_catalog import GIFT_CARD_TYPES, MEMBERSHIP_TYPES
from .seed_demo import DEMO_CLIENTS, DEMO_PHONES, demo_gift_cards, demo_memberships
from .seed_events import DEMO_EVENTS
from .seed_people import build_clients, build_gift_cards, build_memberships
from .seed_places import CATEGORIES, CHAINS, LOCATIONS, SERVICES, end_of
from .seed_schedule import TRAINERS, build_schedule
from .seed_staff import DEMO_LOGINS, USERS

SEED = 20260901
# A fixed-date gift-card type burns this many days after the build day, so it is always "soon".
FIXED_DATE_CARD_TYPE, FIXED_DATE_DAYS = 27847, 12

__all__ = ["DEMO_EVENTS", "DEMO_LOGINS", "DEMO_PHONES", "SandboxData", "build_data", "get_data"]


def digits(text: str) -> str:
    """Only the digits of a phone or login."""
    return "".join(char for char in text if char.isdigit())


@dataclass(frozen=True, eq=False)
class SandboxData:
    """Everything the sandbox serves, with the indexes the handlers need."""

    today: date
    chains: dict[int, Chain]
    locations: dict[int, Location]
    categories: dict[int, ServiceCategory]
    services: dict[int, Service]
    membership_types: dict[int, MembershipType]
    gift_card_types: dict[int, GiftCardType]
    clients: dict[int, Client]
    memberships: dict[int, Membership]
    gift_cards: dict[int, GiftCard]
    events: dict[int, Event]
    users: tuple[User, ...]
    clients_by_phone: dict[str, list[Client]]
    clients_by_location: dict[int, list[Client]]
    memberships_by_client: dict[int, list[Membership]]
    gift_cards_by_client: dict[int, list[GiftCard]]
    # Per chain, newest sale first; `_created_keys` holds the matching negated timestamps.
    chain_memberships: dict[int, list[Membership]]
    chain_created_keys: dict[int, list[float]]
    sold_per_type: dict[int, int]
    released_per_card_type: dict[int, int]
    trainers: dict[int, Trainer] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        """Two builds are equal when every record is equal."""
        if not isinstance(other, SandboxData):
            return NotImplemented
        return (
            self.today == other.today
            and self.clients == other.clients
            and self.memberships == other.memberships
            and self.gift_cards == other.gift_cards
            and self.membership_types == other.membership_types
            and self.gift_card_types == other.gift_card_types
            and self.events == other.events
        )

    __hash__ = None  # type: ignore[assignment]

    def chain_of_location(self, location_id: int) -> Chain | None:
        """The chain a location belongs to."""
        location = self.locations.get(location_id)
        return self.chains[location.chain_id] if location else None

    def memberships_between(
        self, chain_id: int, after: datetime | None, before: datetime | None
    ) -> list[Membership]:
        """A chain's memberships sold in [after, before], newest first."""
        items = self.chain_memberships.get(chain_id, [])
        keys = self.chain_created_keys.get(chain_id, [])
        start = 0 if before is None else bisect_left(keys, -before.timestamp())
        stop = len(items) if after is None else bisect_right(keys, -after.timestamp())
        return items[start:stop]

    def user_by_login(self, login: str) -> User | None:
        """The user whose e-mail (any case) or phone digits equal `login`."""
        wanted = login.strip().lower()
        wanted_digits = digits(login)
        for user in self.users:
            if user.email.lower() == wanted:
                return user
            if "@" not in wanted and wanted_digits and digits(user.phone) == wanted_digits:
                return user
        return None


def build_data(today: date | None = None) -> SandboxData:
    """Build the whole seeded world for `today` (default: the real today)."""
    today = today or date.today()
    rng = random.Random(SEED)
    membership_types, gift_card_types = _dated_types(today)
    crowd = build_clients(rng, first_id=146_920_000)
    clients = list(DEMO_CLIENTS) + crowd
    types_by_location: dict[int, list[MembershipType]] = {loc.id: [] for loc in LOCATIONS}
    for kind in membership_types.values():
        for location_id in kind.attached_location_ids:
            types_by_location[location_id].append(kind)
    cards_by_location: dict[int, list[GiftCardType]] = {loc.id: [] for loc in LOCATIONS}
    for card_kind in gift_card_types.values():
        for location_id in card_kind.salon_ids:
            cards_by_location[location_id].append(card_kind)

    memberships = demo_memberships(today) + build_memberships(
        rng, today, crowd, types_by_location, first_id=700_000
    )
    gift_cards = demo_gift_cards(today, gift_card_types) + build_gift_cards(
        rng, today, crowd, cards_by_location, first_id=410_000
    )
    return _index(today, clients, memberships, gift_cards, membership_types, gift_card_types)


def _dated_types(today: date) -> tuple[dict[int, MembershipType], dict[int, GiftCardType]]:
    """The catalogue's types with their days set from `today`: archived ones, the fixed date."""
    gift_card_types = {kind.id: kind for kind in GIFT_CARD_TYPES}
    fixed = gift_card_types[FIXED_DATE_CARD_TYPE]
    gift_card_types[fixed.id] = replace(
        fixed,
        expiration_date=end_of(today + timedelta(days=FIXED_DATE_DAYS), fixed.chain_id),
    )
    membership_types = {kind.id: kind for kind in MEMBERSHIP_TYPES}
    archived_on = today - timedelta(days=200)
    for kind in MEMBERSHIP_TYPES:
        if kind.is_archived:
            moment = end_of(archived_on - timedelta(days=kind.id % 50), kind.chain_id)
            membership_types[kind.id] = replace(kind, date_archived=moment)
    for card_kind in GIFT_CARD_TYPES:
        if card_kind.is_archived:
            moment = end_of(archived_on, card_kind.chain_id)
            gift_card_types[card_kind.id] = replace(card_kind, date_archived=moment)
    return membership_types, gift_card_types


def _index(
    today: date,
    clients: list[Client],
    memberships: list[Membership],
    gift_cards: list[GiftCard],
    membership_types: dict[int, MembershipType],
    gift_card_types: dict[int, GiftCardType],
) -> SandboxData:
    """Wrap the records with the lookup indexes."""
    by_phone: dict[str, list[Client]] = {}
    by_location: dict[int, list[Client]] = {}
    for client in clients:
        by_phone.setdefault(digits(client.phone), []).append(client)
        by_location.setdefault(client.location_id, []).append(client)
    by_client: dict[int, list[Membership]] = {}
    by_chain: dict[int, list[Membership]] = {}
    sold: dict[int, int] = {}
    for membership in memberships:
        by_client.setdefault(membership.client_id, []).append(membership)
        by_chain.setdefault(membership.chain_id, []).append(membership)
        sold[membership.type_id] = sold.get(membership.type_id, 0) + 1
    created_keys: dict[int, list[float]] = {}
    for chain_id, items in by_chain.items():
        keyed = sorted(((-item.created.timestamp(), -item.id), item) for item in items)
        by_chain[chain_id] = [item for _, item in keyed]
        created_keys[chain_id] = [key[0] for key, _ in keyed]
    cards_by_client: dict[int, list[GiftCard]] = {}
    released: dict[int, int] = {}
    for card in gift_cards:
        cards_by_client.setdefault(card.client_id, []).append(card)
        released[card.type_id] = released.get(card.type_id, 0) + 1
    return SandboxData(
        today=today,
        chains={chain.id: chain for chain in CHAINS},
        locations={location.id: location for location in LOCATIONS},
        categories={category.id: category for category in CATEGORIES},
        services={service.id: service for service in SERVICES},
        membership_types=membership_types,
        gift_card_types=gift_card_types,
        clients={client.id: client for client in clients},
        memberships={membership.id: membership for membership in memberships},
        gift_cards={card.id: card for card in gift_cards},
        events={event.id: event for event in build_schedule(today)},
        users=USERS,
        clients_by_phone=by_phone,
        clients_by_location=by_location,
        memberships_by_client=by_client,
        gift_cards_by_client=cards_by_client,
        chain_memberships=by_chain,
        chain_created_keys=created_keys,
        sold_per_type=sold,
        released_per_card_type=released,
        trainers={trainer.id: trainer for trainer in TRAINERS},
    )


_lock = threading.Lock()
_cached: SandboxData | None = None


def get_data() -> SandboxData:
    """The process-wide data, built on first use."""
    global _cached
    if _cached is None or _cached.today != date.today():
        with _lock:
            if _cached is None or _cached.today != date.today():
                _cached = build_data()
    return _cached
