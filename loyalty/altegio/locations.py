"""The locations and chains a staff member may work in, and every location of a chain."""

from .http import Params, UserClient
from .parsing import many
from .types import Chain, Location

LOCATIONS_PAGE_SIZE = 100
MAX_LOCATION_PAGES = 20  # 2,000 locations: more is no staff member's list


async def list_my_locations(api: UserClient) -> list[Location]:
    """GET /companies?my=1, every page: the locations this user token may manage."""
    # Reference: https://developer.alteg.io/api#tag/Locations (docs/altegio.md §4.5)
    return await walk_locations(api, {"my": 1})


async def walk_locations(api: UserClient, query: Params) -> list[Location]:
    """GET /companies with `query`, page after page until an empty (or repeated) page."""
    # `meta` is [] here, so there is no total; and a server may keep its pages shorter than the
    # `count` asked, so a short page is no sign of the end: only an empty one is
    # (docs/altegio.md §1.7, §6.4).
    locations: list[Location] = []
    previous: list[int] = []
    for page in range(1, MAX_LOCATION_PAGES + 1):
        envelope = await api.get(
            "companies", params={**query, "count": LOCATIONS_PAGE_SIZE, "page": page}
        )
        batch = many(Location, envelope.data)
        ids = [location.id for location in batch]
        if not ids or ids == previous:  # the end, or a server that ignores `page`
            break
        locations += batch
        previous = ids
    return locations


async def list_my_chains(api: UserClient) -> list[Chain]:
    """GET /groups: the chains this user sees, with their access rights."""
    # Reference: https://developer.alteg.io/api#tag/Chains (docs/altegio.md §4.5)
    envelope = await api.get("groups")
    return many(Chain, envelope.data)
