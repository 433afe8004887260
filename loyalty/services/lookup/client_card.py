"""The client card behind a phone: who it is, searched once per person.

The search's answer is kept for a few minutes per staff member, location and phone, so the
lookup's follow-up (tickets.py), a re-lookup of the same phone and the event check never ask
Altegio again. Balances are never kept: they stay in desk.py.
"""

from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext

from loyalty.altegio import UserClient
from loyalty.altegio.clients import search_clients_by_phone
from loyalty.altegio.types import ChainClient, ClientRecord, Location
from loyalty.services.audit import StaffMember, phone_hash

CLIENT_CARD_SECONDS = 300  # how long one person's client search answer is reused


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


def _search_key(user: StaffMember, location: Location, digits: str) -> str:
    # Keyed hash, as in the audit log: the cache's key names never hold a phone.
    return f"loyalty:client-search:{user.pk}:{location.id}:{phone_hash(digits)}"


def _client_key(user: StaffMember, location: Location, client_id: int) -> str:
    return f"loyalty:client-card:{user.pk}:{location.id}:{client_id}"
