"""Membership (abonement) reads M1-M7 (§2.5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .data import SandboxData, digits
from .models import Membership, MembershipType
from .protocol import (
    ApiError,
    Ctx,
    Reply,
    invalid,
    ok,
    paginate,
    parse_moment,
    types_on_sale,
)
from .wire import membership_to_wire, membership_type_full, membership_type_subset

# M1/M2 return issued and active memberships only (A-code overlay note, §2.1).
CURRENT_STATUSES = (1, 2)
LOCATION_ALIASES = ("company_id", "location_id", "salon_id")


def memberships_for_phone(data: SandboxData, phone: str, chain_id: int) -> list[Membership]:
    """Current memberships, sold in a chain, of every client whose stored phone has these digits."""
    found: list[Membership] = []
    for client in data.clients_by_phone.get(digits(phone), []):
        if data.locations[client.location_id].chain_id != chain_id:
            continue
        found.extend(
            membership
            for membership in data.memberships_by_client.get(client.id, [])
            if membership.chain_id == chain_id and membership.status_id in CURRENT_STATUSES
        )
    found.sort(key=lambda item: (item.created, item.id), reverse=True)
    return found


def has_card_at(data: SandboxData, phone: str, location_id: int) -> bool:
    """Whether a client card at the location stores a phone with exactly these digits."""
    return any(
        client.location_id == location_id for client in data.clients_by_phone.get(digits(phone), [])
    )


def client_phone_at(ctx: Ctx) -> tuple[int, str] | None:
    """M1/C1's query: the location's chain and the phone, if the phone has a card there."""
    location_id = ctx.integer(*LOCATION_ALIASES)
    if location_id is None:
        raise ApiError(400, "company_id is required")
    phone = ctx.text("phone")
    if phone is None:
        raise ApiError(400, "phone is required")
    location = ctx.location(location_id)
    # Digits-only comparison of the phone as stored: "8 9…" cards only match "89…" (docs/altegio.md
    # §2.5 notes). The location finds the client by a card of its own, then lists the chain's.
    return (location.chain_id, phone) if has_card_at(ctx.data, phone, location.id) else None


def client_memberships(ctx: Ctx) -> Reply:
    """M1 `GET /loyalty/abonements?company_id=&phone=`."""
    asked = client_phone_at(ctx)
    found = memberships_for_phone(ctx.data, asked[1], asked[0]) if asked else []
    rows = [membership_to_wire(ctx.writes.current(item), ctx.data) for item in found]
    return ok(rows, {"count": len(rows)})


def user_memberships(ctx: Ctx) -> Reply:
    """M2 `GET /user/loyalty/abonements?company_id=`: the signed-in user's own."""
    location_id = ctx.integer(*LOCATION_ALIASES)
    location = ctx.location(location_id, rights=False)
    found = memberships_for_phone(ctx.data, ctx.need_user().phone, location.chain_id)
    rows = [membership_to_wire(ctx.writes.current(item), ctx.data) for item in found]
    return ok(rows, {"count": len(rows)})


def chain_memberships(ctx: Ctx) -> Reply:
    """M3 `GET /chain/{id}/loyalty/abonements`: rows with the least embedded type (§5.4)."""
    chain_id = ctx.chain(ctx.ids[0], loyalty=True, right="loyalty_abonement_history_access")
    bounds: list[datetime | None] = []
    for name, end_of_day in (("created_after", False), ("created_before", True)):
        raw = ctx.text(name)
        if raw is None:
            bounds.append(None)
            continue
        try:
            bounds.append(parse_moment(raw, chain_id, end_of_day=end_of_day))
        except ValueError:
            raise invalid(name, "The value is not a valid date") from None
    page, size = ctx.page("count", default=25, cap=200)
    found = ctx.data.memberships_between(chain_id, bounds[0], bounds[1])
    wanted = set(ctx.int_list("abonements_ids"))
    if wanted:
        found = [item for item in found if item.id in wanted]
    rows = [
        membership_to_wire(ctx.writes.current(item), ctx.data, chain_list=True)
        for item in paginate(found, page, size)
    ]
    envelope = {"success": True, "data": rows, "meta": {"count": len(rows)}}
    # A plain envelope, as Altegio's own code reads it; its doc page prints the 200 body as an
    # array holding the envelope (docs/altegio.md §5 notes): the `m3_array_envelope` quirk.
    return Reply(200, [envelope] if ctx.quirks.get("m3_array_envelope") else envelope)


def fetch_types(ctx: Ctx) -> Reply:
    """M4 `GET /company/{id}/loyalty/abonement_types/fetch?ids[]=`."""
    kinds = types_on_sale(ctx, ctx.data.membership_types.values())
    wanted = set(ctx.int_list("ids"))
    rows = [membership_type_subset(kind) for kind in kinds if kind.id in wanted]
    return ok(rows, {"count": len(rows)})


def search_types(ctx: Ctx) -> Reply:
    """M5 `GET /company/{id}/loyalty/abonement_types/search?title=&page=&page_size=`."""
    kinds = types_on_sale(ctx, ctx.data.membership_types.values())
    title = (ctx.text("title") or "").lower()
    found = [kind for kind in kinds if title in str(kind.title).lower()]
    page, size = ctx.page("page_size", default=25, cap=100)
    rows = [membership_type_subset(kind) for kind in paginate(found, page, size)]
    return ok(rows, ctx.count_meta(len(found), rows))


def chain_types(ctx: Ctx) -> Reply:
    """M6 `GET /chain/{id}/loyalty/abonement_types?title=&is_archived=&page=&limit=`."""
    archived = ctx.text("is_archived")
    if archived not in (None, "0", "1"):
        raise invalid("is_archived")

    def keep(kind: MembershipType) -> bool:
        return archived is None or kind.is_archived == (archived == "1")

    return chain_type_page(ctx, ctx.data.membership_types, keep, CHAIN_CATALOGUE)


def chain_type(ctx: Ctx) -> Reply:
    """M7 `GET /chain/{id}/loyalty/abonement_types/{type_id}`."""
    return one_chain_type(ctx, ctx.data.membership_types, CHAIN_CATALOGUE)


@dataclass(frozen=True)
class CatalogueRoute:
    """How a chain catalogue answers (M6/M7, C5/C6): its right, paging and wire shape."""

    right: str
    loyalty: bool
    size_param: str
    default_size: int
    to_wire: Callable[[Any, SandboxData], dict[str, Any]]


CHAIN_CATALOGUE = CatalogueRoute(
    "loyalty_abonement_types_access", True, "limit", 25, membership_type_full
)


def chain_type_page(
    ctx: Ctx, types: Mapping[int, Any], keep: Callable[[Any], bool], route: CatalogueRoute
) -> Reply:
    """A chain's types by title (and `keep`), one page, with `meta.total_count`."""
    chain_id = ctx.chain(ctx.ids[0], loyalty=route.loyalty, right=route.right)
    title = (ctx.text("title") or "").lower()
    found = [
        kind
        for kind in sorted(types.values(), key=lambda kind: kind.id)
        if kind.chain_id == chain_id and title in str(kind.title).lower() and keep(kind)
    ]
    page, size = ctx.page(route.size_param, default=route.default_size, cap=100)
    rows = [route.to_wire(kind, ctx.data) for kind in paginate(found, page, size)]
    return ok(rows, {"total_count": len(found)})


def one_chain_type(ctx: Ctx, types: Mapping[int, Any], route: CatalogueRoute) -> Reply:
    """One type of the chain, or 404."""
    chain_id = ctx.chain(ctx.ids[0], loyalty=route.loyalty, right=route.right)
    kind = types.get(ctx.ids[1])
    if kind is None or kind.chain_id != chain_id:
        raise ApiError(404)
    return ok(route.to_wire(kind, ctx.data))
