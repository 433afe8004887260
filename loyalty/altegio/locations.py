"""The locations and chains a staff member may work in."""

from .http import UserClient
from .parsing import many
from .types import Chain, Location

LOCATIONS_PAGE_SIZE = 100


async def list_my_locations(api: UserClient) -> list[Location]:
    """GET /companies?my=1, every page: the locations this user token may manage."""
    # Reference: https://developer.alteg.io/api#tag/Locations (docs/altegio.md §4.5)
    locations: list[Location] = []
    page = 1
    while True:
        envelope = await api.get(
            "companies", params={"my": 1, "count": LOCATIONS_PAGE_SIZE, "page": page}
        )
        batch = many(Location, envelope.data)
        locations += batch
        # `meta` is [] here, so a short page is the only sign of the end (docs/altegio.md §1.7).
        if len(batch) < LOCATIONS_PAGE_SIZE or page >= 20:
            return locations
        page += 1


async def list_my_chains(api: UserClient) -> list[Chain]:
    """GET /groups: the chains this user sees, with their access rights."""
    # Reference: https://developer.alteg.io/api#tag/Chains (docs/altegio.md §4.5)
    envelope = await api.get("groups")
    return many(Chain, envelope.data)
