"""Memberships (abonements) and membership types: endpoints M1–M9 of the reference."""

from datetime import datetime
from typing import Any

from .http import Params, UserClient
from .parsing import many, one, page_of, page_on_count
from .types import EventCheck, EventMembership, Membership, MembershipType, Page

CHAIN_PAGE_SIZES = (25, 50, 100)


async def list_client_memberships(
    api: UserClient, *, location_id: int, phone_digits: str
) -> list[Membership]:
    """M1: a client's memberships at a location, found by phone (digits with country code)."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M1)
    envelope = await api.get(
        "loyalty/abonements", params={"company_id": location_id, "phone": phone_digits}
    )
    return many(Membership, envelope.data)


async def list_user_memberships(api: UserClient, *, location_id: int) -> list[Membership]:
    """M2: the signed-in user's own memberships at a location."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M2)
    envelope = await api.get("user/loyalty/abonements", params={"company_id": location_id})
    return many(Membership, envelope.data)


async def list_chain_memberships(
    api: UserClient,
    *,
    chain_id: int,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    ids: list[int] | None = None,
    page: int = 1,
    count: int = 25,
) -> Page[Membership]:
    """M3: memberships sold in a chain, by sale date range and/or ids, one page."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M3).
    # Its meta is undocumented (Unknowns 4): no total, so a full page means "there may be more".
    params: Params = {
        "created_after": created_after.isoformat() if created_after else None,
        "created_before": created_before.isoformat() if created_before else None,
        "abonements_ids": ids or None,
        "page": page,
        "count": count,
    }
    envelope = await api.get(f"chain/{chain_id}/loyalty/abonements", params=params)
    return page_of(Membership, envelope, number=page, size=count, total_keys=("total_count",))


async def fetch_location_membership_types(
    api: UserClient, *, location_id: int, ids: list[int]
) -> list[MembershipType]:
    """M4: membership types by id, as available at a location."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M4)
    envelope = await api.get(
        f"company/{location_id}/loyalty/abonement_types/fetch", params={"ids": ids}
    )
    return many(MembershipType, envelope.data)


async def search_location_membership_types(
    api: UserClient, *, location_id: int, title: str = "", page: int = 1, page_size: int = 25
) -> Page[MembershipType]:
    """M5: membership types on sale at a location, by title; meta.count: total or page length."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M5)
    envelope = await api.get(
        f"company/{location_id}/loyalty/abonement_types/search",
        params={"title": title or None, "page": page, "page_size": page_size},
    )
    # `meta.count` may be the total or the page length (reference §2.5): page on either.
    return page_on_count(MembershipType, envelope, number=page, size=page_size)


async def list_chain_membership_types(
    api: UserClient,
    *,
    chain_id: int,
    title: str = "",
    archived: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> Page[MembershipType]:
    """M6: a chain's membership type catalogue (`limit` is the page size here)."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M6)
    envelope = await api.get(
        f"chain/{chain_id}/loyalty/abonement_types",
        params={
            "title": title or None,
            "is_archived": int(archived),
            "page": page,
            "limit": page_size,
        },
    )
    return page_of(
        MembershipType, envelope, number=page, size=page_size, total_keys=("total_count",)
    )


async def get_chain_membership_type(
    api: UserClient, *, chain_id: int, type_id: int
) -> MembershipType:
    """M7: one membership type with everything the chain knows about it."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M7)
    envelope = await api.get(f"chain/{chain_id}/loyalty/abonement_types/{type_id}")
    return one(MembershipType, envelope.data)


async def search_memberships_for_event(
    api: UserClient, *, location_id: int, client_id: int, event_id: int
) -> list[EventMembership]:
    """M8: the client's memberships that can pay for a group event (a JSON:API answer)."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M8,
    # §5.9). The `included` layout is undocumented (Unknowns 9): read type titles leniently.
    envelope = await api.get(
        f"company/{location_id}/client/{client_id}/loyalty/abonements/search_for_activity",
        params={"event_id": event_id},
    )
    titles = {
        str(item.get("id")): _attributes(item).get("title")
        for item in envelope.included
        if isinstance(item, dict)
    }
    found: list[EventMembership] = []
    for item in envelope.data if isinstance(envelope.data, list) else []:
        membership_id = _maybe_int(item.get("id")) if isinstance(item, dict) else None
        if membership_id is None:
            continue
        attributes = _attributes(item)
        # Any level may arrive as [] (or a to-many list) instead of an object: no type title then.
        type_ref = _object(_object(item.get("relationships")).get("loyalty_abonement_type"))
        type_id = str(_object(type_ref.get("data")).get("id", ""))
        found.append(
            EventMembership(
                id=membership_id,
                number=str(attributes.get("number") or ""),
                balance=_maybe_int(attributes.get("balance")),
                type_title=str(titles.get(type_id) or ""),
            )
        )
    return found


async def check_membership_for_event(
    api: UserClient,
    *,
    location_id: int,
    client_id: int,
    membership_id: int,
    event_id: int,
    schedule_day_ids: list[int],
) -> EventCheck:
    """M9: whether one membership can pay for these days of a group event."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (shared/altegio-api.md §2.5 M9,
    # §5.10)
    envelope = await api.get(
        f"company/{location_id}/client/{client_id}/loyalty/abonements/{membership_id}"
        "/check_for_activity",
        params={
            "event_id": event_id,
            "schedule_day_ids": ",".join(str(day) for day in schedule_day_ids),
        },
    )
    data = envelope.data
    return one(EventCheck, _attributes(data) if isinstance(data, dict) else data)


def _attributes(item: dict[str, Any]) -> dict[str, Any]:
    attributes = item.get("attributes")
    return attributes if isinstance(attributes, dict) else item


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _maybe_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
