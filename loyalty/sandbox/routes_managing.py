"""Extend a membership's validity and correct its balance (docs/altegio.md §2.6, §5.8).

Rules, each with Altegio's documented status and words where the docs give them:
- rights: set_period needs `loyalty_abonement_period_edit_access`, set_balance
  `loyalty_abonement_balance_edit_access`; a key the chain does not send falls back to
  `loyalty_access` (403 "Access denied."); the membership must be the chain's (404);
- set_period: `period` a whole number of at least 1 (else 422 with a field error), and
  `period_unit_id` 1–4 (else 422 "Invalid period unit"); an issued or active membership only,
  and the new expiry not before its last use (else 400 "Cannot change period"). The expiry
  moves by the difference between the two lengths counted from its activation; an issued
  membership has none yet. Answers `{id, period, period_unit_id, expiration_date}`;
- set_balance: `united_balance_services_count` for a shared pool, or `services_balance_count`
  `[{service_id, balance}]` (a category's id in `service_id`): an id not on the membership →
  422 "Invalid service ID"; an unlimited pool or line, a negative or non-whole number, the
  wrong one of the two for the membership, or neither → 422 with a field error (Altegio's own
  words for these are not documented). Answers **2xx with an empty body**, as the real API does.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from .history import client_history
from .history_plans import MEMBERSHIP_USE
from .models import Link, Membership
from .protocol import ApiError, Ctx, Reply, invalid, ok
from .routes_freezing import USABLE_STATUSES, chain_membership
from .seed_places import chain_zone
from .wire import iso
from .writes import BalanceState, PeriodState

BALANCE_EDIT = "loyalty_abonement_balance_edit_access"
CANNOT_CHANGE_PERIOD = "Cannot change period"
INVALID_UNIT = "Invalid period unit"
INVALID_SERVICE = "Invalid service ID"
UNLIMITED = "Unlimited balance cannot be changed"
NEGATIVE = "This value should be greater than or equal to 0."
NOT_WHOLE = "This value should be of type integer."
POOL, LINES = "united_balance_services_count", "services_balance_count"


def add_period(start: date, period: int, unit_id: int) -> date:
    """The day a length of `period` units after `start` ends (a month's end keeps to it)."""
    if unit_id in (1, 2):
        return start + timedelta(days=period * (7 if unit_id == 2 else 1))
    months = period * (12 if unit_id == 4 else 1) if unit_id in (3, 4) else 0
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, monthrange(start.year + year, month + 1)[1])
    return date(start.year + year, month + 1, day)


def _whole(value: Any) -> int | None:
    """A JSON whole number (not a flag, not text), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _last_use(ctx: Ctx, membership: Membership) -> date | None:
    """The day of the membership's last visit, from the client's visit history."""
    days = [
        visit.day
        for visit in client_history(ctx.data, membership.client_id)
        for charge in visit.charges
        if charge.type_id == MEMBERSHIP_USE and charge.membership_id == membership.id
    ]
    return max(days, default=None)


def _new_expiry(membership: Membership, period: int, unit_id: int) -> datetime | None:
    """The expiry after the new length: moved by the difference, counted from activation."""
    if membership.expires is None:
        return None
    start = (
        (membership.activated or membership.created)
        .astimezone(chain_zone(membership.chain_id))
        .date()
    )
    old = add_period(start, membership.period, membership.period_unit_id)
    new = add_period(start, period, unit_id)
    return membership.expires + (new - old)


def set_period(ctx: Ctx) -> Reply:
    """`POST /chain/{chain_id}/loyalty/abonements/{id}/set_period`: `{period, period_unit_id}`."""
    seeded = chain_membership(ctx)
    body = ctx.json()
    period, unit_id = _whole(body.get("period")), _whole(body.get("period_unit_id"))
    if period is None or period < 1:
        raise invalid("period", "This value should be greater than 0.")
    if unit_id not in (1, 2, 3, 4):
        raise ApiError(422, INVALID_UNIT)
    with ctx.writes.editing() as write:
        membership = ctx.writes.current(seeded)
        if membership.status_id not in USABLE_STATUSES:
            raise ApiError(400, CANNOT_CHANGE_PERIOD)
        expires = _new_expiry(membership, period, unit_id)
        last_use = _last_use(ctx, membership)
        if expires is not None and last_use is not None and expires.date() < last_use:
            raise ApiError(400, CANNOT_CHANGE_PERIOD)
        write(membership, PeriodState(period, unit_id, expires))
    answer = {"id": membership.id, "period": period, "period_unit_id": unit_id}
    return ok({**answer, "expiration_date": iso(expires)})


def set_balance(ctx: Ctx) -> Reply:
    """`POST /chain/{chain_id}/loyalty/abonements/{id}/set_balance`: 2xx, empty body."""
    seeded = chain_membership(ctx, BALANCE_EDIT)
    body = ctx.json()
    with ctx.writes.editing() as write:
        membership = ctx.writes.current(seeded)
        if membership.is_united_balance:
            state = BalanceState(_new_pool(membership, body), membership.links)
        else:
            state = BalanceState(
                membership.united_balance_services_count, _new_links(membership, body)
            )
        write(membership, state)
    return Reply(200, b"")


def _new_pool(membership: Membership, body: dict[str, Any]) -> int:
    """The shared pool's new number, or 422."""
    if POOL not in body:
        raise invalid(POOL, "This value should not be blank.")
    if membership.is_united_balance_unlimited:
        raise invalid(POOL, UNLIMITED)
    return _count(body[POOL], POOL)


def _count(value: Any, name: str) -> int:
    """A new number of visits: whole and not negative, or 422 for the field `name`."""
    count = _whole(value)
    if count is None:
        raise invalid(name, NOT_WHOLE)
    if count < 0:
        raise invalid(name, NEGATIVE)
    return count


def _new_links(membership: Membership, body: dict[str, Any]) -> tuple[Link, ...]:
    """The lines with their new numbers, or 422."""
    asked = body.get(LINES)
    if not isinstance(asked, list) or not asked:
        raise invalid(LINES, "This value should not be blank.")
    links = list(membership.links)
    for index, item in enumerate(asked):
        entry = item if isinstance(item, dict) else {}
        target = _whole(entry.get("service_id"))
        at = next((i for i, link in enumerate(links) if target in _ids(link)), None)
        if target is None or at is None:
            raise ApiError(422, INVALID_SERVICE)
        name = f"{LINES}][{index}][balance"
        if links[at].is_unlimited:
            raise invalid(name, UNLIMITED)
        links[at] = replace(links[at], count=_count(entry.get("balance"), name))
    return tuple(links)


def _ids(link: Link) -> tuple[int | None, ...]:
    """What a line's `service_id` may name: its service, or its category."""
    return (link.service_id, link.category_id)
