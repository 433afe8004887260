"""Chain client search: a phone's client cards at every location of a chain (§4.4, §5.16)."""

from __future__ import annotations

from .data import digits
from .protocol import ApiError, Ctx, Reply, ok


def chain_clients(ctx: Ctx) -> Reply:
    """`GET /group/{chain_id}/clients?phone=`: every card of the chain with exactly these digits.

    Like Altegio, it lists cards at locations the user cannot open; the chain must be theirs.
    """
    chain_id = ctx.chain(ctx.ids[0], loyalty=False)
    phone = ctx.text("phone")
    if phone is None or not phone.strip():
        raise ApiError(400, "Invalid filter value", {"phone": ["The phone is required"]})
    # The same digit rule as M1: a card stored as "8 9…" matches only the national digits.
    cards = ctx.data.clients_by_phone.get(digits(phone), [])
    clients = [
        {
            "id": client.id,
            "company_id": client.location_id,
            "name": client.name,
            "email": client.email,
        }
        for client in cards
        if ctx.data.locations[client.location_id].chain_id == chain_id
    ]
    if not clients and not ctx.quirks.get("chain_client_not_found_empty"):
        # Documented: no card in the chain is a 404 with a bare message (docs/altegio.md §4.4).
        return Reply(404, {"message": "Client not found"})
    return ok({"salon_group_id": chain_id, "phone": phone, "clients": clients})
