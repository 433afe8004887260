"""Chain-wide client search: where in a chain a phone has client cards, and the chain's places."""

from .http import UserClient
from .parsing import many, one
from .types import ChainClient, ChainClientSearch, Location

CHAIN_LOCATIONS_PAGE_SIZE = 200


async def search_chain_clients(
    api: UserClient, *, chain_id: int, phone_digits: str
) -> list[ChainClient]:
    """GET /group/{chain_id}/clients?phone=: the chain's client cards with these phone digits."""
    # Reference: https://developer.alteg.io/api#tag/Clients (docs/altegio.md §4.4, §5.16)
    # It also lists cards at locations the user cannot open; callers decide what to ask there.
    envelope = await api.get(f"group/{chain_id}/clients", params={"phone": phone_digits})
    return one(ChainClientSearch, envelope.data).clients


async def list_chain_locations(api: UserClient, *, chain_id: int) -> list[Location]:
    """GET /companies?group_id=: every location of a chain, also those the user cannot open."""
    # Reference: https://developer.alteg.io/api#tag/Locations (docs/altegio.md §4.5)
    envelope = await api.get(
        "companies", params={"group_id": chain_id, "count": CHAIN_LOCATIONS_PAGE_SIZE, "page": 1}
    )
    return many(Location, envelope.data)
