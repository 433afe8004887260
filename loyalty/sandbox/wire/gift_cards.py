"""Sold gift cards as C1 and C2 send them (docs/altegio.md §3.1, §5.11)."""

from __future__ import annotations

from ..data import SandboxData
from ..models import (
    GiftCard,
)
from .shape import JSON, current_shape, iso, money
from .types import ITEM_TYPES, gift_card_type_subset

GIFT_CARD_STATUSES = {1: "issued", 2: "activated", 3: "expired", 4: "used"}


def gift_card_to_wire(card: GiftCard, data: SandboxData) -> JSON:
    """A gift card as C1 and C2 return it (docs/altegio.md §3.1, §5.11)."""
    kind = data.gift_card_types[card.type_id]
    item_title = "No limits" if kind.item_type_id == 0 else ITEM_TYPES[kind.item_type_id]
    card_type: JSON = {
        **gift_card_type_subset(kind),
        "item_type": {"id": kind.item_type_id, "title": item_title},
    }
    if current_shape().full_type_fields:  # where it is sold: the chain's list has it (§3.3)
        card_type["salon_ids"] = list(kind.salon_ids)
    return {
        "id": card.id,
        "number": card.number,
        "balance": money(card.balance, card.id),
        "default_balance": card.default_balance,
        "type_id": kind.id,
        "status_id": card.status_id,
        "created_date": iso(card.created),
        "expiration_date": iso(card.expires),
        "type": card_type,
        "status": {"id": card.status_id, "title": GIFT_CARD_STATUSES[card.status_id]},
    }
