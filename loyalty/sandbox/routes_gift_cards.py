"""Gift-card (certificate) reads C1-C6 (docs/altegio.md §3.3)."""

from __future__ import annotations

from .data import SandboxData, digits
from .models import GiftCard, GiftCardType
from .protocol import ApiError, Ctx, Reply, ok, paginate
from .routes_memberships import LOCATION_ALIASES, has_card_at
from .wire import gift_card_to_wire, gift_card_type_full, gift_card_type_subset


def gift_cards_for_phone(data: SandboxData, phone: str, chain_id: int) -> list[GiftCard]:
    """Gift cards, sold in a chain, of every client whose stored phone has these digits."""
    found: list[GiftCard] = []
    for client in data.clients_by_phone.get(digits(phone), []):
        if data.locations[client.location_id].chain_id != chain_id:
            continue
        cards = data.gift_cards_by_client.get(client.id, [])
        found.extend(card for card in cards if card.chain_id == chain_id)
    found.sort(key=lambda card: (card.created, card.id), reverse=True)
    return found


def client_gift_cards(ctx: Ctx) -> Reply:
    """C1 `GET /loyalty/certificates?company_id=&phone=`."""
    location_id = ctx.integer(*LOCATION_ALIASES)
    if location_id is None:
        raise ApiError(400, "company_id is required")
    phone = ctx.text("phone")
    if phone is None:
        raise ApiError(400, "phone is required")
    location = ctx.location(location_id)
    # As M1: only a location where the phone has a client card finds the chain's gift cards.
    cards = []
    if has_card_at(ctx.data, phone, location.id):
        cards = gift_cards_for_phone(ctx.data, phone, location.chain_id)
    rows = [gift_card_to_wire(card, ctx.data) for card in cards]
    return ok(rows, {"count": len(rows)})


def user_gift_cards(ctx: Ctx) -> Reply:
    """C2 `GET /user/loyalty/certificates?company_id=`: the signed-in user's own."""
    location = ctx.location(ctx.integer(*LOCATION_ALIASES), rights=False)
    cards = gift_cards_for_phone(ctx.data, ctx.need_user().phone, location.chain_id)
    rows = [gift_card_to_wire(card, ctx.data) for card in cards]
    return ok(rows, {"count": len(rows)})


def _location_types(ctx: Ctx) -> list[GiftCardType]:
    """Types of the location's chain sold at the location and not archived."""
    location = ctx.location(ctx.ids[0])
    return sorted(
        (
            kind
            for kind in ctx.data.gift_card_types.values()
            if kind.chain_id == location.chain_id
            and (not kind.salon_ids or location.id in kind.salon_ids)
            and not kind.is_archived
        ),
        key=lambda kind: kind.id,
    )


def fetch_types(ctx: Ctx) -> Reply:
    """C3 `GET /company/{id}/loyalty/certificate_types/fetch?ids[]=`."""
    wanted = set(ctx.int_list("ids"))
    rows = [gift_card_type_subset(kind) for kind in _location_types(ctx) if kind.id in wanted]
    return ok(rows, {"count": len(rows)})


def search_types(ctx: Ctx) -> Reply:
    """C4 `GET /company/{id}/loyalty/certificate_types/search?title=&page=&page_size=`."""
    title = (ctx.text("title") or "").lower()
    found = [kind for kind in _location_types(ctx) if title in kind.title.lower()]
    page, size = ctx.page("page_size", default=25, cap=100)
    rows = [gift_card_type_subset(kind) for kind in paginate(found, page, size)]
    return ok(rows, ctx.count_meta(len(found), rows))


def chain_types(ctx: Ctx) -> Reply:
    """C5 `GET /chain/{id}/loyalty/certificate_types?title=&page=&page_size=`."""
    chain_id = ctx.chain(ctx.ids[0], loyalty=False, right="loyalty_certificate_types_access")
    title = (ctx.text("title") or "").lower()
    found = [
        kind
        for kind in sorted(ctx.data.gift_card_types.values(), key=lambda kind: kind.id)
        if kind.chain_id == chain_id and title in kind.title.lower()
    ]
    page, size = ctx.page("page_size", default=10, cap=100)
    rows = [gift_card_type_full(kind, ctx.data) for kind in paginate(found, page, size)]
    return ok(rows, {"total_count": len(found)})


def chain_type(ctx: Ctx) -> Reply:
    """C6 `GET /chain/{id}/loyalty/certificate_types/{type_id}`."""
    chain_id = ctx.chain(ctx.ids[0], loyalty=False, right="loyalty_certificate_types_access")
    kind = ctx.data.gift_card_types.get(ctx.ids[1])
    if kind is None or kind.chain_id != chain_id:
        raise ApiError(404)
    return ok(gift_card_type_full(kind, ctx.data))
