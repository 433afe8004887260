"""A client's visit history and the chain's loyalty transactions (docs/altegio.md §4.7, §4.8).

The answers carry exactly the fields of Altegio's fixture `client-visits.json` and of the
transactions page: transaction rows have no date and no client, and are dated by their visit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .data import digits
from .history import Visit, client_history, client_of_visit
from .history_plans import GIFT_CARD_WITHDRAWAL, MEMBERSHIP_USE, Charge, Line
from .models import Client, Location
from .protocol import ApiError, Ctx, Reply, invalid, ok, paginate

PAGE_SIZE = 25  # visits a page (docs/altegio.md §4.7)
ATTENDANCE_HISTORY = "clients_show_attendance_history_access"
HISTORY_ACCESS = "loyalty_abonement_history_access"
GOODS_ID_BASE = 5_000_000_000
TYPE_TITLES = {
    GIFT_CARD_WITHDRAWAL: "Gift card withdrawal",
    MEMBERSHIP_USE: "Membership use",
    10: "Membership cost recalculation",
}
ATTENDANCES = frozenset({-1, 0, 1, 2})
NO_SPAN: dict[str, Any] = {"to": None, "from": None, "count": None}


def client_visits(ctx: Ctx) -> Reply:
    """`POST /company/{id}/clients/visits/search`: 25 visits a page, newest first."""
    location = ctx.location(ctx.ids[0])
    _may_read_attendance(ctx, location)
    body = ctx.json()
    client = _client(ctx, location, body)
    date_from, date_to = _day(body, "from"), _day(body, "to")
    wanted = _wanted(body)
    history = client_history(ctx.data, client.id) if client is not None else ()
    found = [
        visit
        for visit in history
        if (date_from is None or visit.day >= date_from)
        and (date_to is None or visit.day <= date_to)
        and wanted(visit)
    ]
    page = _page(found)
    after = _page(found[len(page) :])
    # The page before: the visits newer than this one's newest, closest first.
    newer = [visit for visit in history if page and visit.day > page[0].day and wanted(visit)]
    before = list(reversed(_page(list(reversed(newer)))))
    data = {
        "goods_transactions": [_goods_to_wire(visit) for visit in page if visit.goods],
        "records": [_record_to_wire(visit) for visit in page],
    }
    cursor = {
        "previous": _span(before),
        "current": _span(page),
        "next": _next_span(after, date_from),
    }
    return ok(data, {"dateCursor": cursor})


def chain_transactions(ctx: Ctx) -> Reply:
    """`GET /chain/{id}/loyalty/transactions`: created_after and created_before required."""
    chain_id = ctx.chain(ctx.ids[0], loyalty=True, right=HISTORY_ACCESS)
    after, before = _required_day(ctx, "created_after"), _required_day(ctx, "created_before")
    types = set(ctx.int_list("types"))
    locations = set(ctx.int_list("company_ids"))
    page, size = ctx.page("count", default=25, cap=200)
    rows = [
        _transaction_to_wire(visit, index, charge)
        for visit in _visits(ctx, chain_id, ctx.int_list("visit_ids"))
        if after <= visit.day <= before and (not locations or visit.location_id in locations)
        for index, charge in enumerate(visit.charges)
        if not types or charge.type_id in types
    ]
    return ok(paginate(rows, page, size), {"count": len(rows)})


def _may_read_attendance(ctx: Ctx, location: Location) -> None:
    """403 without the attendance history (when the key is sent), else without the client base
    (an absent key: loyalty_access)."""
    access = ctx.need_user().chain_access.get(location.chain_id, {})
    key = ATTENDANCE_HISTORY if ATTENDANCE_HISTORY in access else "clients_access"
    if str(access.get(key, access.get("loyalty_access", "0"))) != "1":
        raise ApiError(403)


def _client(ctx: Ctx, location: Location, body: dict[str, Any]) -> Client | None:
    """The client asked for by `client_id`, else by `client_phone`, among the location's."""
    raw_id = body.get("client_id")
    if raw_id not in (None, ""):
        try:
            client = ctx.data.clients.get(int(raw_id))
        except (TypeError, ValueError):
            raise invalid("client_id", "The value must be an integer") from None
        return client if client is not None and client.location_id == location.id else None
    phone = digits(str(body.get("client_phone") or ""))
    if not phone:
        raise invalid("client_id", "Either client_id or client_phone is required")
    return next(
        (c for c in ctx.data.clients_by_phone.get(phone, []) if c.location_id == location.id),
        None,
    )


def _day(body: dict[str, Any], name: str) -> date | None:
    """A `YYYY-MM-DD` day of the body, None when null or absent; 422 when unreadable."""
    raw = body.get(name)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise invalid(name, "The value must be a date in the format YYYY-MM-DD") from None


def _required_day(ctx: Ctx, name: str) -> date:
    """A required `YYYY-MM-DD` query value (docs/altegio.md §4.8)."""
    raw = ctx.text(name)
    if raw is None:
        raise invalid(name, "The field is required")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(name, "The value must be a date in the format YYYY-MM-DD") from None


def _wanted(body: dict[str, Any]) -> Any:
    """The body's `attendance` and `payment_statuses` filters as one test of a visit."""
    attendance = body.get("attendance")
    if attendance not in (None, "") and (
        not str(attendance).lstrip("-").isdigit() or int(attendance) not in ATTENDANCES
    ):
        raise invalid("attendance")
    statuses = body.get("payment_statuses") or []
    if not isinstance(statuses, list):
        raise invalid("payment_statuses")

    def wanted(visit: Visit) -> bool:
        if attendance not in (None, "") and visit.attendance != int(attendance):
            return False
        return not statuses or any(line.status in statuses for line in visit.services)

    return wanted


def _page(visits: list[Visit]) -> list[Visit]:
    """The first 25, and any more on the same day as the 25th (a day is never split)."""
    page = visits[:PAGE_SIZE]
    for visit in visits[PAGE_SIZE:]:
        if visit.day != page[-1].day:
            break
        page.append(visit)
    return page


def _span(visits: list[Visit]) -> dict[str, Any]:
    """A cursor page: its newest and oldest day and its count; all nulls when there is none."""
    if not visits:
        return dict(NO_SPAN)
    return {
        "to": visits[0].day.isoformat(),
        "from": visits[-1].day.isoformat(),
        "count": len(visits),
    }


def _next_span(after: list[Visit], date_from: date | None) -> dict[str, Any]:
    """The next page as a request for it: from the asked `from` to the day of the next visit.

    Asked again with these `from` and `to`, the search answers the next 25 and a cursor of its
    own, so paging needs no state (docs/altegio.md §4.7: "use the from and to values").
    """
    if not after:
        return dict(NO_SPAN)
    start = date_from or after[-1].day
    return {"to": after[0].day.isoformat(), "from": start.isoformat(), "count": len(after)}


def _visits(ctx: Ctx, chain_id: int, visit_ids: list[int]) -> Iterable[Visit]:
    """The chain's visits with these ids (every visit of the chain when none are given)."""
    if not visit_ids:
        for client in ctx.data.clients.values():
            if ctx.data.locations[client.location_id].chain_id == chain_id:
                yield from client_history(ctx.data, client.id)
        return
    for visit_id in dict.fromkeys(visit_ids):
        client_id = client_of_visit(visit_id)
        history = client_history(ctx.data, client_id) if client_id is not None else ()
        found = next((visit for visit in history if visit.visit_id == visit_id), None)
        if found is not None and found.chain_id == chain_id:
            yield found


def _number(value: float) -> int | float:
    """An amount as the fixture writes it: a whole number without decimals."""
    return int(value) if float(value).is_integer() else value


def _lines(lines: tuple[Line, ...]) -> list[dict[str, Any]]:
    return [
        {
            "title": line.title,
            "cost_to_pay": _number(line.cost),
            "paid_sum": _number(line.paid),
            "payment_status": line.status,
        }
        for line in lines
    ]


def _record_to_wire(visit: Visit) -> dict[str, Any]:
    """One `records[]` item, exactly the fixture's fields."""
    return {
        "id": visit.record_id,
        "date": visit.start.isoformat(timespec="seconds"),
        "visit_id": visit.visit_id,
        "attendance": visit.attendance,
        "services": _lines(visit.services),
        "staff": {"id": visit.staff_id, "name": visit.staff_name},
    }


def _goods_to_wire(visit: Visit) -> dict[str, Any]:
    """One `goods_transactions[]` item: the products bought in a visit."""
    return {
        "id": GOODS_ID_BASE + visit.visit_id,
        "date": visit.start.isoformat(timespec="seconds"),
        "visit_id": visit.visit_id,
        "record_id": visit.record_id,
        "goods": _lines(visit.goods),
        "staff": {"id": visit.staff_id, "name": visit.staff_name},
    }


def _transaction_to_wire(visit: Visit, index: int, charge: Charge) -> dict[str, Any]:
    """One transaction row: the documented fields, no date and no client."""
    return {
        "id": visit.visit_id * 10 + index,
        "visit_id": visit.visit_id,
        "status_id": 1,
        "amount": _number(charge.amount),
        "type_id": charge.type_id,
        "card_id": 0,
        "program_id": 0,
        "certificate_id": charge.gift_card_id,
        "abonement_id": charge.membership_id,
        "salon_group_id": visit.chain_id,
        "item_id": 0,
        "item_type_id": 2 if charge.on_goods else 1,
        "item_record_id": visit.record_id,
        "goods_transaction_id": GOODS_ID_BASE + visit.visit_id if charge.on_goods else 0,
        "services_transaction_id": 0 if charge.on_goods else visit.record_id,
        "is_discount": False,
        "is_loyalty_withdraw": True,
        "type": {"id": charge.type_id, "title": TYPE_TITLES.get(charge.type_id, "")},
    }
