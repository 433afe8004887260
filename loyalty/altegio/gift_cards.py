"""Gift cards (certificates): C1 and C2 (docs/altegio.md §3.3); types: catalogue.py."""

from .http import UserClient
from .parsing import many
from .types import GiftCard


async def list_client_gift_cards(
    api: UserClient, *, location_id: int, phone_digits: str
) -> list[GiftCard]:
    """C1: a client's gift cards at a location, found by phone."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (docs/altegio.md §3.3 C1)
    envelope = await api.get(
        "loyalty/certificates", params={"company_id": location_id, "phone": phone_digits}
    )
    return many(GiftCard, envelope.data)


async def list_user_gift_cards(api: UserClient, *, location_id: int) -> list[GiftCard]:
    """C2: the signed-in user's own gift cards at a location."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (docs/altegio.md §3.3 C2)
    envelope = await api.get("user/loyalty/certificates", params={"company_id": location_id})
    return many(GiftCard, envelope.data)
