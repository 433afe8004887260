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
from datetime import date, datetime

from .data import SandboxData
from .history_plans import (
    Charge,
    Line,
    extra_plan,
    gift_card_plans,
    membership_plans,
    spent_by,
    time_of_day,
    trainer_of,
    used_by,
)
from .models import Client
from .seed_places import chain_zone
from .seed_visits import DEMO_VISITS

# Visit and record ids: a base, then (client id − CLIENT_BASE) × VISITS_PER_CLIENT + the index.
CLIENT_BASE, VISITS_PER_CLIENT = 146_900_000, 1000
VISIT_ID_BASE, RECORD_ID_BASE = 1_000_000_000, 3_000_000_000


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
    extras = [extra_plan(data, extra) for extra in DEMO_VISITS.get(client.id, ())]
    plans = list(extras)
    for membership in data.memberships_by_client.get(client.id, []):
        plans += membership_plans(data, membership, used_by(extras, membership_id=membership.id))
    for card in data.gift_cards_by_client.get(client.id, []):
        plans += gift_card_plans(data, card, spent_by(extras, card.id))
    location = data.locations[client.location_id]
    rng = random.Random(client.id)
    tz = chain_zone(location.chain_id)
    timed = sorted(
        ((datetime.combine(plan.day, plan.at or time_of_day(rng), tz), plan) for plan in plans),
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
        for trainer in [trainer_of(data, location.id, plan, index)]
    ]
    return tuple(reversed(visits))
