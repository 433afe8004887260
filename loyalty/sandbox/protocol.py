"""Envelopes, errors and request parsing for the sandbox routes (docs/altegio.md §1.5, §1.7)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol

import httpx

from .data import SandboxData
from .models import Location, User
from .seed_places import chain_zone
from .writes import MembershipWrites

MESSAGES = {
    400: "Bad request",
    401: "Authentication needed.",
    402: "Renew the licence in this location",
    403: "Access denied.",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "An error occurred",
    429: "Too many requests",
}


def message_for(status: int) -> str:
    """The vendor's usual `meta.message` for an HTTP status."""
    return MESSAGES.get(status, "Server error" if status >= 500 else "An error occurred")


@dataclass
class Reply:
    """A JSON answer before it is encoded."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """An error answer in the vendor's envelope."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        self.status = status
        self.message = message or message_for(status)
        self.errors = errors
        super().__init__(self.message)

    def reply(self) -> Reply:
        """The envelope `{"success": false, "data": null, "meta": {"message": …}}`."""
        meta: dict[str, Any] = {"message": self.message}
        if self.errors:
            meta["errors"] = self.errors
        return Reply(self.status, {"success": False, "data": None, "meta": meta})


def ok(data: Any, meta: Any = None, status: int = 200) -> Reply:
    """The success envelope; `meta` defaults to `[]` as the API sends it."""
    return Reply(status, {"success": True, "data": data, "meta": [] if meta is None else meta})


def invalid(name: str, text: str = "The value you selected is invalid") -> ApiError:
    """A 422 with one field error keyed in brackets, as Altegio does."""
    return ApiError(422, errors={f"[{name}]": [text]})


@dataclass
class Ctx:
    """Everything a route handler needs about one request."""

    request: httpx.Request
    data: SandboxData
    user: User | None
    ids: tuple[int, ...]
    body: bytes = b""
    # What writes changed (the sandbox's overlay); reads pass records through `writes.current`.
    writes: MembershipWrites = field(default_factory=MembershipWrites)
    quirks: Mapping[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> httpx.QueryParams:
        """The query string."""
        return self.request.url.params

    def text(self, *names: str) -> str | None:
        """The first non-empty value among aliases like company_id / location_id / salon_id."""
        for name in names:
            value: str | None = self.query.get(name)
            if value:
                return value
        return None

    def integer(self, *names: str, default: int | None = None) -> int | None:
        """An integer query value, or 422 when it is not one."""
        raw = self.text(*names)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise invalid(names[0], "The value must be an integer") from None

    def int_list(self, name: str) -> list[int]:
        """An array parameter sent as `name[]=1&name[]=2`, `name[0]=1` or `name=1,2`."""
        values: list[int] = []
        for key, raw in self.query.multi_items():
            if key == name or key.startswith(f"{name}["):
                for part in raw.split(","):
                    if part.strip():
                        try:
                            values.append(int(part))
                        except ValueError:
                            raise invalid(name, "The value must be an integer") from None
        return values

    def json(self) -> dict[str, Any]:
        """The JSON object body, or 400 when it is not one."""
        if not self.body.strip():
            return {}
        try:
            value = json.loads(self.body)
        except ValueError:
            raise ApiError(400, "Invalid JSON body") from None
        if not isinstance(value, dict):
            raise ApiError(400, "Invalid JSON body")
        return value

    def page(self, size_name: str, default: int, cap: int) -> tuple[int, int]:
        """1-based page and page size, clamped to the endpoint's maximum."""
        page = self.integer("page", default=1) or 1
        size = self.integer(size_name, default=default) or default
        if page < 1:
            raise invalid("page", "The value must be at least 1")
        return page, self.capped(max(1, min(size, cap)))

    def capped(self, size: int) -> int:
        """A page length under the `page_size_cap` quirk (a server that pages smaller)."""
        return min(size, int(self.quirks.get("page_size_cap") or size))

    def count_meta(self, total: int, rows: list[Any]) -> dict[str, int]:
        """`meta.count` of M5/C4: the total, or under a quirk the page's own length."""
        return {"count": len(rows) if self.quirks.get("meta_count_is_page_length") else total}

    def phone_for(self, phone: str, location: Location) -> str:
        """A client phone as this user may see it: masked without `client_phones_access`."""
        from .quirks import mask_phone

        access = self.need_user().chain_access.get(location.chain_id, {})
        if str(access.get("client_phones_access", "1")) == "0":
            return mask_phone(phone)
        return phone

    def need_user(self) -> User:
        """The signed-in user; the app has already checked the token."""
        if self.user is None:
            raise ApiError(401)
        return self.user

    def location(self, location_id: int | None, *, rights: bool = True) -> Location:
        """A location the user may work in: 404 when unknown, 403 without rights."""
        if location_id is None:
            raise ApiError(400, "company_id is required")
        location = self.data.locations.get(location_id)
        if location is None:
            raise ApiError(404)
        if rights and location_id not in self.need_user().location_ids:
            raise ApiError(403)
        return location

    def chain(self, chain_id: int, *, loyalty: bool, right: str | None = None) -> int:
        """A chain the user may read: 404 when unknown, 403 without (loyalty) rights.

        `right` is the per-feature key (docs/altegio.md §4.5): when the user's access has it, it
        decides; when absent, `loyalty_access` does.
        """
        if chain_id not in self.data.chains:
            raise ApiError(404)
        access = self.need_user().chain_access.get(chain_id)
        if access is None:
            raise ApiError(403)
        if right is not None and right in access:
            if str(access[right]) != "1":
                raise ApiError(403)
        elif (loyalty or right is not None) and str(access.get("loyalty_access", "0")) != "1":
            raise ApiError(403)
        return chain_id


def parse_moment(raw: str, chain_id: int, *, end_of_day: bool) -> datetime:
    """An ISO datetime with offset, or a YYYY-MM-DD date read in the chain's time zone."""
    text = raw.strip().replace(" ", "+") if "T" in raw else raw.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = time(23, 59, 59) if end_of_day else time(0, 0)
            return datetime.combine(day, moment, chain_zone(chain_id))
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(raw) from None
    return value if value.tzinfo else value.replace(tzinfo=chain_zone(chain_id))


class TypeOnSale(Protocol):
    """A membership or gift-card type, as far as "is it on sale at this location" goes."""

    @property
    def id(self) -> int: ...
    @property
    def chain_id(self) -> int: ...
    @property
    def is_archived(self) -> bool: ...
    def sold_at(self, location_id: int) -> bool: ...


def types_on_sale[T: TypeOnSale](ctx: Ctx, kinds: Iterable[T]) -> list[T]:
    """The types of the URL's location's chain sold there and not archived, by id."""
    location = ctx.location(ctx.ids[0])
    return sorted(
        (
            kind
            for kind in kinds
            if kind.chain_id == location.chain_id
            and kind.sold_at(location.id)
            and not kind.is_archived
        ),
        key=lambda kind: kind.id,
    )


def paginate[T](items: list[T], page: int, size: int) -> list[T]:
    """One page of a list."""
    start = (page - 1) * size
    return items[start : start + size]
