"""Chain-wide client search: where in a chain a phone has client cards, and the chain's places."""

from .errors import AltegioNotFound
from .http import UserClient
from .locations import walk_locations
from .parsing import one
from .types import ChainClient, ChainClientSearch, Location


async def search_chain_clients(
    api: UserClient, *, chain_id: int, phone_digits: str
) -> list[ChainClient]:
    """GET /group/{chain_id}/clients?phone=: the chain's client cards with these phone digits."""
    # Reference: https://developer.alteg.io/api#tag/Clients (docs/altegio.md §4.4, §5.16)
    # It also lists cards at locations the user cannot open; callers decide what to ask there.
    try:
        envelope = await api.get(f"group/{chain_id}/clients", params={"phone": phone_digits})
    except AltegioNotFound:
        # A phone with no card in the chain is a documented 404 {"message": "Client not found"}:
        # nobody found, not a failure (docs/altegio.md §4.4). The chain is one of the person's.
        return []
    return one(ChainClientSearch, envelope.data).clients


async def list_chain_locations(api: UserClient, *, chain_id: int) -> list[Location]:
    """GET /companies?group_id=: every location of a chain, also those the user cannot open."""
    # Reference: https://developer.alteg.io/api#tag/Locations (docs/altegio.md §4.5)
    return await walk_locations(api, {"group_id": chain_id})
