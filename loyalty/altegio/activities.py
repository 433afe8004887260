"""Group events ("activities") of a location: the search and one event (docs/altegio.md §4.6)."""

from datetime import date

from .http import UserClient
from .parsing import one, page_of
from .types import GroupEvent, Page

EVENT_PAGE_SIZE = 50


async def search_group_events(
    api: UserClient,
    *,
    location_id: int,
    start: date,
    end: date,
    page: int = 1,
    count: int = EVENT_PAGE_SIZE,
) -> Page[GroupEvent]:
    """The location's group events on the local days `start`..`end`, one page; meta.count total."""
    # Reference: https://developers.alteg.io/ (docs/altegio.md §4.6, after the YCLIENTS
    # SDKs): `from`/`till` are required dates; the SDKs send partner + user tokens.
    envelope = await api.get(
        f"activity/{location_id}/search/",
        params={"from": start.isoformat(), "till": end.isoformat(), "page": page, "count": count},
    )
    return page_of(GroupEvent, envelope, number=page, size=count, total_keys=("count",))


async def get_group_event(api: UserClient, *, location_id: int, event_id: int) -> GroupEvent:
    """One group event by id (an id changes when the event is moved or re-created)."""
    # Reference: docs/altegio.md §4.6
    envelope = await api.get(f"activity/{location_id}/{event_id}")
    return one(GroupEvent, envelope.data)
