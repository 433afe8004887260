"""Sign-in, locations, chains and client search (docs/altegio.md §1.2, §4.1, §4.3, §4.5)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from .data import digits
from .models import Client
from .protocol import ApiError, Ctx, Reply, invalid, ok, paginate
from .quirks import WRONG_CREDENTIALS_MESSAGE
from .wire import chain_to_wire, location_to_wire

CLIENT_FIELDS = ("id", "name", "phone", "email")


def auth(ctx: Ctx, issue_token: Callable[[int], str]) -> Reply:
    """`POST /auth`: log in with an e-mail or phone and a password (docs/altegio.md §1.2, §5.1)."""
    body = ctx.json()
    login, password = body.get("login"), body.get("password")
    if not isinstance(login, str) or not login.strip():
        raise invalid("login", "This value should not be blank.")
    if not isinstance(password, str) or not password:
        raise invalid("password", "This value should not be blank.")
    user = ctx.data.user_by_login(login)
    if user is None or not secrets.compare_digest(user.password, password):
        # Real Altegio may refuse with a 2xx (the `auth_refusal_status` quirk); 401 by default.
        status = int(ctx.quirks.get("auth_refusal_status") or 401)
        message = {"message": WRONG_CREDENTIALS_MESSAGE}
        return Reply(status, {"success": False, "data": None, "meta": message})
    data = {
        "id": user.id,
        "user_token": issue_token(user.id),
        "name": user.name,
        "phone": user.phone,
        "login": user.email,
        "email": user.email,
        "avatar": f"https://assets.alteg.io/general/0/01/{user.id}.png",
        "is_approved": True,
        "is_email_confirmed": True,
    }
    return ok(data, status=201)


def locations(ctx: Ctx) -> Reply:
    """`GET /companies`: `my=1`: the user's locations, else all (docs/altegio.md §4.5, §5.17)."""
    mine = ctx.text("my") == "1"
    if mine:
        allowed = set(ctx.need_user().location_ids)
        found = [loc for loc in ctx.data.locations.values() if loc.id in allowed]
    else:
        found = list(ctx.data.locations.values())
    chain_id = ctx.integer("group_id", "chain_id")
    if chain_id is not None:
        found = [loc for loc in found if loc.chain_id == chain_id]
    title = (ctx.text("title") or "").lower()
    if title:
        found = [loc for loc in found if title in loc.title.lower()]
    page, size = ctx.page("count", default=50, cap=200)
    without_name = bool(ctx.quirks.get("timezone_without_name"))
    rows = [
        location_to_wire(loc, ctx.data.chains[loc.chain_id], without_name=without_name)
        for loc in found
    ]
    return ok(paginate(rows, page, size))


def location_card(ctx: Ctx) -> Reply:
    """`GET /companies/{id}`: one location (§4.5)."""
    location = ctx.data.locations.get(ctx.ids[0])
    if location is None:
        raise ApiError(404)
    without_name = bool(ctx.quirks.get("timezone_without_name"))
    chain = ctx.data.chains[location.chain_id]
    return ok(location_to_wire(location, chain, without_name=without_name))


def chains(ctx: Ctx) -> Reply:
    """`GET /groups`: the chains the user has rights in (docs/altegio.md §4.5, §5.18)."""
    user = ctx.need_user()
    rows = [
        chain_to_wire(chain, user, ctx.data)
        for chain in ctx.data.chains.values()
        if chain.id in user.chain_access
    ]
    return ok(rows)


def _matches(client: Client, value: str) -> bool:
    """The `quick_search` rule: phone digits as a substring, else name as a substring."""
    wanted = digits(value)
    if wanted and not any(char.isalpha() for char in value):
        return wanted in digits(client.phone)
    return value.strip().lower() in client.name.lower()


def clients_search(ctx: Ctx) -> Reply:
    """`POST /company/{id}/clients/search` by `quick_search` or `id` (docs/altegio.md §4.1)."""
    location = ctx.location(ctx.ids[0])
    body = ctx.json()
    found = list(ctx.data.clients_by_location.get(location.id, []))
    filters = body.get("filters") or []
    if not isinstance(filters, list):
        raise ApiError(400, "Invalid filter value", {"filters": ["must be an array"]})
    for item in filters:
        if not isinstance(item, dict) or not isinstance(item.get("state"), dict):
            raise ApiError(400, "Invalid filter value", {"filters": ["invalid filter"]})
        value: Any = item["state"].get("value")
        if item.get("type") == "quick_search" and isinstance(value, str) and value.strip():
            found = [client for client in found if _matches(client, value)]
        elif item.get("type") == "id" and isinstance(value, list):
            wanted = {int(raw) for raw in value if str(raw).isdigit()}
            found = [client for client in found if client.id in wanted]
    page, size = _body_page(body)
    size = ctx.capped(size)
    fields = [name for name in body.get("fields") or ["id"] if name in CLIENT_FIELDS] or ["id"]
    rows = [
        {name: getattr(client, name) for name in fields} for client in paginate(found, page, size)
    ]
    for row in rows:
        if "phone" in row:
            row["phone"] = ctx.phone_for(row["phone"], location)
    return ok(rows, {"total_count": len(found)})


def _body_page(body: dict[str, Any]) -> tuple[int, int]:
    """Page and page size from a search body (page_size ≤ 200, default 25)."""
    try:
        page = int(body.get("page") or 1)
        size = int(body.get("page_size") or 25)
    except (TypeError, ValueError):
        raise invalid("page", "The value must be an integer") from None
    if page < 1:
        raise invalid("page", "The value must be at least 1")
    return page, max(1, min(size, 200))


def client_card(ctx: Ctx) -> Reply:
    """`GET /client/{location_id}/{client_id}`: one client card (docs/altegio.md §4.3, §5.15)."""
    location = ctx.location(ctx.ids[0])
    client = ctx.data.clients.get(ctx.ids[1])
    if client is None or client.location_id != location.id:
        raise ApiError(404)
    first, _, last = client.name.partition(" ")
    card = {
        "id": client.id,
        "name": first,
        "surname": last,
        "middle_name": "",
        # The card writes the phone as bare digits (docs/altegio.md §4.3), unless in national form.
        "phone": ctx.phone_for(digits(client.phone), location),
        "email": client.email,
        "categories": [],
        "discount": 0,
        "card": "",
        "spent": 0,
        "balance": 0,
        "visits": len(ctx.data.memberships_by_client.get(client.id, [])),
    }
    return ok(card)
