"""A lookup's ticket: what its follow-up (the client card) may ask for, kept in the session.

A lookup shows memberships and gift cards first; its client card follows in a second request that
presents the ticket. Only a recent lookup, at the same location and for the same phone, opens it.
"""

import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from loyalty.altegio.types import Location
from loyalty.services.phones import Phone

from .desk import ClientLoyalty

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


async def issue_ticket(session: SessionBase, result: ClientLoyalty) -> LookupTicket:
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


def _now() -> float:
    # Wall-clock time: a ticket issued by one worker is redeemed by whichever serves the follow-up.
    return time.time()
