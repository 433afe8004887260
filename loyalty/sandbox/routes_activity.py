"""Group-event checks M8 (search_for_activity), M9 (check_for_activity): docs/altegio.md §5.9."""

from __future__ import annotations

from typing import Any

from .data import SandboxData
from .models import Client, Event, Membership, MembershipType
from .protocol import ApiError, Ctx, Reply, invalid
from .wire import availability_to_wire, iso

PAYING_STATUSES = (1, 2)


def _client(ctx: Ctx) -> Client:
    """The path's client, who must belong to the path's location chain."""
    location = ctx.location(ctx.ids[0])
    client = ctx.data.clients.get(ctx.ids[1])
    if client is None or ctx.data.locations[client.location_id].chain_id != location.chain_id:
        raise ApiError(404, "Client not found")
    return client


def _event(ctx: Ctx) -> Event:
    """The `event_id` query value, which must name an event of the path's location."""
    event_id = ctx.integer("event_id", "activity_id")
    if event_id is None:
        raise invalid("event_id", "This value should not be blank.")
    event = ctx.data.events.get(event_id)
    if event is None or event.location_id != ctx.ids[0]:
        raise ApiError(404, "Event not found")
    return event


def _visits(membership: Membership, event: Event) -> int | None:
    """Visits the membership has for this event (None = unlimited, 0 = does not cover it)."""
    covering = [
        link
        for link in membership.links
        if link.service_id == event.service_id or link.category_id == event.category_id
    ]
    if not covering:
        return 0
    if membership.is_united_balance:
        if membership.is_united_balance_unlimited:
            return None
        return membership.united_balance_services_count
    if any(link.is_unlimited for link in covering):
        return None
    return sum(link.count for link in covering)


def _in_availability(kind: MembershipType, event: Event, day_id: int) -> bool:
    """Whether the type's availability windows allow the event's start on that day."""
    if not kind.availability:
        return True
    moment = dict(event.days)[day_id]
    second = moment.hour * 3600 + moment.minute * 60
    return any(
        moment.isoweekday() in window.week_days
        and any(start <= second < end for start, end in window.intervals)
        for window in kind.availability
    )


def bookable_days(
    data: SandboxData, membership: Membership, event: Event, day_ids: list[int]
) -> tuple[list[int], int | None]:
    """Schedule days this membership can pay for, in date order, and its visits for the event."""
    kind = data.membership_types[membership.type_id]
    visits = _visits(membership, event)
    frozen_blocks = membership.is_frozen and not kind.is_booking_when_frozen_allowed
    if membership.status_id not in PAYING_STATUSES or frozen_blocks or visits == 0:
        return [], visits
    days = sorted((moment, day_id) for day_id, moment in event.days if day_id in day_ids)
    ids = [
        day_id
        for moment, day_id in days
        if (membership.expires is None or moment <= membership.expires)
        and _in_availability(kind, event, day_id)
    ]
    return (ids if visits is None else ids[:visits]), visits


def search_for_activity(ctx: Ctx) -> Reply:
    """M8: the client's memberships that can pay for at least one day of the event."""
    client = _client(ctx)
    event = _event(ctx)
    all_days = [day_id for day_id, _ in event.days]
    rich = bool(ctx.quirks.get("rich_event_memberships"))
    resources: list[dict[str, Any]] = []
    included: dict[int, dict[str, Any]] = {}
    for seeded in ctx.data.memberships_by_client.get(client.id, []):
        membership = ctx.writes.current(seeded)  # a freeze blocks paying from now on
        days, visits = bookable_days(ctx.data, membership, event, all_days)
        if not days:
            continue
        kind = ctx.data.membership_types[membership.type_id]
        attributes: dict[str, Any] = {"number": str(membership.number), "balance": visits}
        type_attributes: dict[str, Any] = {"title": kind.title}
        if rich:  # said to be there, not in the doc's example (docs/altegio.md §5.9)
            attributes.update(is_unlimited=visits is None, expiration_date=iso(membership.expires))
            type_attributes["availability"] = availability_to_wire(kind)
        resources.append(
            {
                "id": str(membership.id),
                "type": "loyalty_abonement",
                "attributes": attributes,
                "relationships": {
                    "loyalty_abonement_type": {
                        "data": {"id": str(kind.id), "type": "loyalty_abonement_type"}
                    }
                },
            }
        )
        included[kind.id] = {
            "id": str(kind.id),
            "type": "loyalty_abonement_type",
            "attributes": type_attributes,
        }
    # JSON:API without the success envelope, as the docs print it
    # (docs/altegio.md §5.9, Unknowns 9).
    return Reply(200, {"data": resources, "included": list(included.values())})


def check_for_activity(ctx: Ctx) -> Reply:
    """M9: which of the requested schedule days one membership can pay for."""
    client = _client(ctx)
    seeded = ctx.data.memberships.get(ctx.ids[2])
    membership = ctx.writes.current(seeded) if seeded is not None else None
    if membership is None or membership.client_id != client.id:
        raise ApiError(404)
    event = _event(ctx)
    requested = ctx.int_list("schedule_day_ids")
    if not requested:
        raise invalid("schedule_day_ids", "This value should not be blank.")
    known = {day_id for day_id, _ in event.days}
    if not set(requested) <= known:
        raise invalid("schedule_day_ids", "Unknown schedule day")
    days, visits = bookable_days(ctx.data, membership, event, requested)
    attributes = {
        "last_booking_date": iso(membership.expires),
        "available_visits": visits,
        "can_book_all_days": set(days) == set(requested),
        "bookable_day_ids": days,
    }
    return Reply(
        200,
        {
            "data": {
                "id": f"check_{membership.id}",
                "type": "loyalty_abonement_check",
                "attributes": attributes,
            }
        },
    )
