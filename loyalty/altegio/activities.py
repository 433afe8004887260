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
    """The location's group events on the local days `start`..`end`, one page (no total)."""
    # Reference: https://developer.alteg.io/api (events/search_events; docs/altegio.md §4.6):
    # the path has no trailing slash; `from`/`till` are required dates. Its `meta.count` may be
    # the page's own length, so it is no total: callers page until an empty page.
    envelope = await api.get(
        f"activity/{location_id}/search",
        params={"from": start.isoformat(), "till": end.isoformat(), "page": page, "count": count},
    )
    return page_of(GroupEvent, envelope, number=page, size=count, total_keys=())


async def get_group_event(api: UserClient, *, location_id: int, event_id: int) -> GroupEvent:
    """One group event by id (an id changes when the event is moved or re-created)."""
    # Reference: docs/altegio.md §4.6
    envelope = await api.get(f"activity/{location_id}/{event_id}")
    return one(GroupEvent, envelope.data)
