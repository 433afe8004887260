"""A client's loyalty cards by phone or by client card (docs/altegio.md §4.9)."""

from __future__ import annotations

from typing import Any

from .data import digits
from .protocol import ApiError, Ctx, Reply, ok
from .seed_loyalty_cards import LOYALTY_CARDS, LoyaltyCard


def cards_by_phone(ctx: Ctx) -> Reply:
    """`GET /loyalty/cards/{phone}/{chain_id}/{location_id}`: the phone's cards in the chain."""
    phone, chain_id, location_id = (str(ctx.ids[0]), ctx.ids[1], ctx.ids[2])
    location = ctx.location(location_id)
    if location.chain_id != chain_id:
        raise ApiError(404)
    return _answer(ctx, _cards(phone, chain_id))


def cards_of_client(ctx: Ctx) -> Reply:
    """`GET /loyalty/client_cards/{client_id}`: the cards of the client card's phone."""
    client = ctx.data.clients.get(ctx.ids[0])
    if client is None:
        raise ApiError(404)
    location = ctx.location(client.location_id)
    return _answer(ctx, _cards(client.phone, location.chain_id))


def _cards(phone: str, chain_id: int) -> list[LoyaltyCard]:
    wanted = digits(phone)
    return [card for card in LOYALTY_CARDS if card.phone == wanted and card.chain_id == chain_id]


def _answer(ctx: Ctx, cards: list[LoyaltyCard]) -> Reply:
    rows = [_card_to_wire(ctx, card) for card in cards]
    return ok(rows, {"count": len(rows)})


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _card_to_wire(ctx: Ctx, card: LoyaltyCard) -> dict[str, Any]:
    """The documented attributes of a card, its programs and their rules."""
    chain = ctx.data.chains[card.chain_id]
    return {
        "id": card.id,
        "balance": _number(card.balance),
        "paid_amount": _number(card.paid_amount),
        "sold_amount": _number(card.sold_amount),
        "visits_count": card.visits_count,
        "number": card.number,
        "type_id": card.type_id,
        "salon_group_id": card.chain_id,
        "type": {"id": card.type_id, "title": card.type_title},
        "salon_group": {"id": chain.id, "title": chain.title},
        "programs": [
            {
                "id": program.id,
                "title": program.title,
                "loyalty_type_id": program.loyalty_type_id,
                "item_type_id": 0,
                "value_unit_id": program.value_unit_id,
                "group_id": card.chain_id,
                "loyalty_type": {
                    "id": program.loyalty_type_id,
                    "title": program.loyalty_type_title,
                },
            }
            for program in card.programs
        ],
        "rules": [
            {
                "id": program.id + 1100,
                "loyalty_program_id": program.id,
                "loyalty_type_id": program.loyalty_type_id,
                "value": _number(program.value),
            }
            for program in card.programs
        ],
    }
