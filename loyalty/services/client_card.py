"""The client card that follows a lookup's cards: who is behind the phone, searched once per person.

A lookup shows memberships (M1) and gift cards (C1) as soon as they are in; the client search
follows in a second request that presents the lookup's ticket. The search's answer is kept for a
few minutes per staff member, location and phone, so the follow-up, a re-lookup of the same phone
and the event check never ask Altegio again. Balances are never kept: they stay in lookup.py.
"""

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.utils.translation import gettext

from loyalty.altegio import UserClient
from loyalty.altegio.clients import search_clients_by_phone
from loyalty.altegio.types import ChainClient, ClientRecord, Location
from loyalty.services.audit import StaffMember, phone_hash
from loyalty.services.phones import Phone

if TYPE_CHECKING:
    from loyalty.services.lookup import ClientLoyalty

CLIENT_CARD_SECONDS = 300  # how long one person's client search answer is reused
TICKET_SECONDS = 120  # how long after a lookup its client card may still be asked for
TICKETS_KEY = "loyalty.lookup_tickets"
MAX_TICKETS = 5  # a few tabs' worth of lookups in flight


@dataclass(frozen=True)
class LookupTicket:
    """What one lookup's follow-up may ask for: the client card behind these phone digits."""

    token: str
    location_id: int
    digits: str
    client_digits: tuple[str, ...]
    has_cards: bool


async def issue_ticket(session: SessionBase, result: "ClientLoyalty") -> LookupTicket:
    """Remember a lookup server-side, under a short-lived token its follow-up presents."""
    ticket = LookupTicket(
        token=secrets.token_urlsafe(16),
        location_id=result.location.id,
        digits=result.phone.digits,
        client_digits=tuple(result.client_digits),
        has_cards=result.has_cards,
    )
    now = _now()
    kept = {
        token: entry
        for token, entry in (await session.aget(TICKETS_KEY, {})).items()
        if entry["expires"] > now
    }
    kept[ticket.token] = {
        "location_id": ticket.location_id,
        "digits": ticket.digits,
        "client_digits": list(ticket.client_digits),
        "has_cards": ticket.has_cards,
        "expires": now + TICKET_SECONDS,
    }
    newest = sorted(kept.items(), key=lambda item: item[1]["expires"])[-MAX_TICKETS:]
    await session.aset(TICKETS_KEY, dict(newest))
    return ticket


async def redeem_ticket(
    session: SessionBase, *, token: str, location: Location, phone: Phone | None
) -> LookupTicket | None:
    """The lookup behind `token` if it is recent, at this location and for this phone; else None."""
    entry: dict[str, Any] | None = (await session.aget(TICKETS_KEY, {})).get(token)
    if (
        entry is None
        or phone is None
        or entry["expires"] <= _now()
        or entry["location_id"] != location.id
        or entry["digits"] != phone.digits
    ):
        return None
    return LookupTicket(
        token=token,
        location_id=entry["location_id"],
        digits=entry["digits"],
        client_digits=tuple(entry["client_digits"]),
        has_cards=bool(entry["has_cards"]),
    )


async def find_clients(
    *, api: UserClient, user: StaffMember, location: Location, digits: Sequence[str]
) -> list[ClientRecord]:
    """The client cards behind a phone, trying each digit form in turn until one finds someone."""
    clients: list[ClientRecord] = []
    for form in dict.fromkeys(digits):
        clients = await search_clients(api=api, user=user, location=location, digits=form)
        if clients:
            break
    return clients


async def search_clients(
    *, api: UserClient, user: StaffMember, location: Location, digits: str
) -> list[ClientRecord]:
    """One client search (one Altegio call), unless this person got its answer minutes ago."""
    key = _search_key(user, location, digits)
    cached: list[dict[str, Any]] | None = await cache.aget(key)
    if cached is not None:
        return [ClientRecord.model_validate(raw) for raw in cached]
    clients = await search_clients_by_phone(api, location_id=location.id, phone_digits=digits)
    # An empty answer is not kept: a card created in Altegio a minute ago shows at the next lookup.
    if clients:
        dumped = [client.model_dump(mode="json") for client in clients]
        entries: dict[str, Any] = {key: dumped}
        for client, raw in zip(clients, dumped, strict=True):
            entries[_client_key(user, location, client.id)] = raw
        await cache.aset_many(entries, timeout=CLIENT_CARD_SECONDS)
    return clients


async def cached_client(
    *, user: StaffMember, location: Location, client_id: int
) -> ClientRecord | None:
    """A client this person's recent lookups found, without asking Altegio; None if none did."""
    raw: dict[str, Any] | None = await cache.aget(_client_key(user, location, client_id))
    return ClientRecord.model_validate(raw) if raw is not None else None


def client_name(client: ClientRecord | ChainClient) -> str:
    """Name and surname, whichever Altegio filled in."""
    return " ".join(part for part in (client.name, client.surname) if part) or gettext(
        "Unnamed client"
    )


def _now() -> float:
    # Wall-clock time: a ticket issued by one worker is redeemed by whichever serves the follow-up.
    return time.time()


def _search_key(user: StaffMember, location: Location, digits: str) -> str:
    # Keyed hash, as in the audit log: the cache's key names never hold a phone.
    return f"loyalty:client-search:{user.pk}:{location.id}:{phone_hash(digits)}"


def _client_key(user: StaffMember, location: Location, client_id: int) -> str:
    return f"loyalty:client-card:{user.pk}:{location.id}:{client_id}"
