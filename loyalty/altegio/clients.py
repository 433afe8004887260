"""Client search: who is behind a phone number at a location."""

from .http import UserClient
from .parsing import many
from .types import ClientRecord


async def search_clients_by_phone(
    api: UserClient, *, location_id: int, phone_digits: str, limit: int = 10
) -> list[ClientRecord]:
    """POST /company/{id}/clients/search with a quick_search filter on the phone digits."""
    # Reference: https://developer.alteg.io/api#tag/Clients (docs/altegio.md §4.1)
    envelope = await api.post(
        f"company/{location_id}/clients/search",
        json_body={
            "page": 1,
            "page_size": limit,
            "fields": ["id", "name", "phone", "email"],
            "filters": [{"type": "quick_search", "state": {"value": phone_digits}}],
        },
    )
    return many(ClientRecord, envelope.data)
