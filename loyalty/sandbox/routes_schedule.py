"""Group-event search and one event (§4.6): the location's classes for the event picker."""

from __future__ import annotations

from datetime import date
from typing import Any

from .models import Event
from .protocol import ApiError, Ctx, Reply, invalid, ok, paginate
from .seed_places import chain_zone

DEFAULT_COUNT, MAX_COUNT = 50, 200


def event_to_wire(ctx: Ctx, event: Event) -> dict[str, Any]:
    """One event as Altegio's doc page prints it (§4.6); the SDKs' shape under a quirk."""
    # The doc page: `date` in ISO 8601 with the offset and milliseconds, no `timestamp`,
    # `labels` as an object.
    location = ctx.data.locations[event.location_id]
    start = event.start.astimezone(chain_zone(location.chain_id))
    trainer = ctx.data.trainers.get(event.staff_id)
    odd = bool(ctx.quirks.get("odd_scalars"))
    row: dict[str, Any] = {
        "id": event.id,
        "company_id": event.location_id,
        "service_id": event.service_id,
        "staff_id": event.staff_id,
        "date": start.isoformat(timespec="milliseconds"),
        "length": event.length,
        "capacity": event.capacity,
        # Counts as text now and then, as Altegio does (docs/altegio.md §1.5), under a quirk.
        "records_count": str(event.records_count) if odd and event.id % 2 else event.records_count,
        "comment": "",
        "service": {"id": event.service_id, "title": event.title, "category_id": event.category_id},
        "staff": {
            "id": event.staff_id,
            "name": trainer.name if trainer else "",
            "specialization": trainer.specialization if trainer else "",
        },
        "resource_instances": [],
        "labels": {},
    }
    if ctx.quirks.get("sdk_event_shape"):  # the YCLIENTS SDKs' reading (mkosinov/yclientsapi)
        row.update(date=f"{start:%Y-%m-%d %H:%M:%S}", timestamp=int(start.timestamp()), labels=[])
    return row


def _day(ctx: Ctx, name: str) -> date:
    raw = ctx.text(name)
    if raw is None:
        raise invalid(name, "This value should not be blank.")
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise invalid(name, "This value is not a valid date.") from None


def search_events(ctx: Ctx) -> Reply:
    """`GET /activity/{location_id}/search?from=&till=`: events starting on those local days."""
    location = ctx.location(ctx.ids[0])
    start, end = _day(ctx, "from"), _day(ctx, "till")
    if end < start:
        raise invalid("till", "This value should be greater than or equal to from.")
    page, size = ctx.page("count", DEFAULT_COUNT, MAX_COUNT)
    services = set(ctx.int_list("service_ids"))
    staff = set(ctx.int_list("staff_ids"))
    tz = chain_zone(location.chain_id)
    found = sorted(
        (
            event
            for event in ctx.data.events.values()
            if event.location_id == location.id
            and start <= event.start.astimezone(tz).date() <= end
            and (not services or event.service_id in services)
            and (not staff or event.staff_id in staff)
        ),
        key=lambda event: (event.start, event.id),
    )
    items = [event_to_wire(ctx, event) for event in paginate(found, page, size)]
    return ok(items, {"count": len(found)})


def one_event(ctx: Ctx) -> Reply:
    """`GET /activity/{location_id}/{activity_id}`: one event of the location."""
    location = ctx.location(ctx.ids[0])
    event = ctx.data.events.get(ctx.ids[1])
    if event is None or event.location_id != location.id:
        raise ApiError(404, "Event not found")
    return ok(event_to_wire(ctx, event))
