"""Gift-card (certificate) reads C1-C6 (docs/altegio.md §3.3)."""

from __future__ import annotations

from .data import SandboxData, digits
from .models import GiftCard
from .protocol import Ctx, Reply, ok, paginate, types_on_sale
from .routes_memberships import (
    LOCATION_ALIASES,
    CatalogueRoute,
    chain_type_page,
    client_phone_at,
    one_chain_type,
)
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
    """C1 `GET /loyalty/certificates?company_id=&phone=`: as M1, by a client card there."""
    asked = client_phone_at(ctx)
    cards = gift_cards_for_phone(ctx.data, asked[1], asked[0]) if asked else []
    rows = [gift_card_to_wire(card, ctx.data) for card in cards]
    return ok(rows, {"count": len(rows)})


def user_gift_cards(ctx: Ctx) -> Reply:
    """C2 `GET /user/loyalty/certificates?company_id=`: the signed-in user's own."""
    location = ctx.location(ctx.integer(*LOCATION_ALIASES), rights=False)
    cards = gift_cards_for_phone(ctx.data, ctx.need_user().phone, location.chain_id)
    rows = [gift_card_to_wire(card, ctx.data) for card in cards]
    return ok(rows, {"count": len(rows)})


def fetch_types(ctx: Ctx) -> Reply:
    """C3 `GET /company/{id}/loyalty/certificate_types/fetch?ids[]=`."""
    wanted = set(ctx.int_list("ids"))
    on_sale = types_on_sale(ctx, ctx.data.gift_card_types.values())
    rows = [gift_card_type_subset(kind) for kind in on_sale if kind.id in wanted]
    return ok(rows, {"count": len(rows)})


def search_types(ctx: Ctx) -> Reply:
    """C4 `GET /company/{id}/loyalty/certificate_types/search?title=&page=&page_size=`."""
    title = (ctx.text("title") or "").lower()
    on_sale = types_on_sale(ctx, ctx.data.gift_card_types.values())
    found = [kind for kind in on_sale if title in kind.title.lower()]
    page, size = ctx.page("page_size", default=25, cap=100)
    rows = [gift_card_type_subset(kind) for kind in paginate(found, page, size)]
    return ok(rows, ctx.count_meta(len(found), rows))


CHAIN_CATALOGUE = CatalogueRoute(
    "loyalty_certificate_types_access", False, "page_size", 10, gift_card_type_full
)


def chain_types(ctx: Ctx) -> Reply:
    """C5 `GET /chain/{id}/loyalty/certificate_types?title=&page=&page_size=`."""
    return chain_type_page(ctx, ctx.data.gift_card_types, lambda kind: True, CHAIN_CATALOGUE)


def chain_type(ctx: Ctx) -> Reply:
    """C6 `GET /chain/{id}/loyalty/certificate_types/{type_id}`."""
    return one_chain_type(ctx, ctx.data.gift_card_types, CHAIN_CATALOGUE)
