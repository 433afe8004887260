"""Memberships (abonements): M1–M3, M8 and M9 (docs/altegio.md §2.5); types: catalogue.py."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from .card_lists import CardLists
from .http import Params, UserClient
from .parsing import one, page_of
from .types import EventCheck, EventMembership, FreezeAnswer, Membership, Page, PeriodAnswer

CHAIN_PAGE_SIZES = (25, 50, 100)


MEMBERSHIPS = CardLists(Membership, "abonements")
list_client_memberships = MEMBERSHIPS.by_phone  # M1
list_user_memberships = MEMBERSHIPS.of_user  # M2


async def list_chain_memberships(
    api: UserClient,
    *,
    chain_id: int,
    ids: list[int] | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    page: int = 1,
    count: int = 25,
) -> Page[Membership]:
    """M3: memberships sold in a chain, by ids or else by sale dates (never both), one page."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.5 M3).
    # Altegio's own code sends `abonements_ids[]` or the date range, never both and never
    # neither; so do we (ids win). Its meta is undocumented (Unknowns 4): no total, so a full
    # page means "there may be more".
    params: Params
    if ids:
        params = {"abonements_ids": ids, "page": page, "count": count}
    elif created_after is not None or created_before is not None:
        params = {
            "created_after": created_after.isoformat() if created_after else None,
            "created_before": created_before.isoformat() if created_before else None,
            "page": page,
            "count": count,
        }
    else:
        raise ValueError("M3 is asked by ids or by sale dates, never by neither")
    envelope = await api.get(f"chain/{chain_id}/loyalty/abonements", params=params)
    return page_of(Membership, envelope, number=page, size=count, total_keys=("total_count",))


async def search_memberships_for_event(
    api: UserClient, *, location_id: int, client_id: int, event_id: int
) -> list[EventMembership]:
    """M8: the client's memberships that can pay for a group event (a JSON:API answer)."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.5 M8,
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
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.5 M9,
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


async def freeze_membership(
    api: UserClient, *, chain_id: int, membership_id: int, unfreezes_on: date
) -> FreezeAnswer:
    """Freeze a sold membership until it unfreezes by itself on `unfreezes_on` (sent once)."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.6, §5.7).
    # The doc page shows `freeze_till` as ISO 8601 with an offset; Altegio's own integration,
    # checked against the backend, sends the day alone ("2026-10-15"), the day it unfreezes by
    # itself. We send what the code sends.
    envelope = await api.post(
        f"chain/{chain_id}/loyalty/abonements/{membership_id}/freeze",
        json_body={"freeze_till": unfreezes_on.isoformat()},
    )
    return _freeze_answer(envelope.data, membership_id)


async def unfreeze_membership(
    api: UserClient, *, chain_id: int, membership_id: int
) -> FreezeAnswer:
    """Unfreeze a frozen membership; the expiry extension already applied stays."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.6, §5.7)
    envelope = await api.post(f"chain/{chain_id}/loyalty/abonements/{membership_id}/unfreeze")
    return _freeze_answer(envelope.data, membership_id)


async def set_membership_period(
    api: UserClient, *, chain_id: int, membership_id: int, period: int, period_unit_id: int
) -> PeriodAnswer:
    """Set a sold membership's validity to `period` units (1 day … 4 year), sent once."""
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.6, §5.8).
    # Altegio moves the expiry by itself; the protocol reads the membership back after it.
    envelope = await api.post(
        f"chain/{chain_id}/loyalty/abonements/{membership_id}/set_period",
        json_body={"period": period, "period_unit_id": period_unit_id},
    )
    data = envelope.data if isinstance(envelope.data, dict) else {}
    return one(PeriodAnswer, {"id": membership_id, **data})


async def set_membership_balance(
    api: UserClient,
    *,
    chain_id: int,
    membership_id: int,
    pool: int | None = None,
    lines: Sequence[tuple[int, int]] = (),
) -> None:
    """Set a shared pool (`pool`) or lines (`(service or category id, visits)`), sent once.

    The docs promise the new balance in the answer; the real API answers 2xx with an empty body
    (docs/altegio.md §2.6), so nothing is read from it: the protocol reads the membership back.
    """
    # Reference: https://developer.alteg.io/api#tag/Memberships (docs/altegio.md §2.6, §5.8).
    if pool is not None:
        body: dict[str, Any] = {"united_balance_services_count": pool}
    else:
        body = {
            "services_balance_count": [
                {"service_id": target, "balance": visits} for target, visits in lines
            ]
        }
    await api.post(
        f"chain/{chain_id}/loyalty/abonements/{membership_id}/set_balance", json_body=body
    )


def _freeze_answer(data: Any, membership_id: int) -> FreezeAnswer:
    """The answer's data, leniently: writes may answer 2xx with no body (docs/altegio.md §2.6)."""
    if not isinstance(data, dict):
        return FreezeAnswer(id=membership_id)
    return one(FreezeAnswer, {"id": membership_id, **data})


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
