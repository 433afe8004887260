"""Gift cards (certificates) and gift-card types: endpoints C1–C6 of the reference."""

from .http import UserClient
from .parsing import many, one, page_of, page_on_count
from .types import GiftCard, GiftCardType, Page


async def list_client_gift_cards(
    api: UserClient, *, location_id: int, phone_digits: str
) -> list[GiftCard]:
    """C1: a client's gift cards at a location, found by phone."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (shared/altegio-api.md §3.3 C1)
    envelope = await api.get(
        "loyalty/certificates", params={"company_id": location_id, "phone": phone_digits}
    )
    return many(GiftCard, envelope.data)


async def list_user_gift_cards(api: UserClient, *, location_id: int) -> list[GiftCard]:
    """C2: the signed-in user's own gift cards at a location."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (shared/altegio-api.md §3.3 C2)
    envelope = await api.get("user/loyalty/certificates", params={"company_id": location_id})
    return many(GiftCard, envelope.data)


async def fetch_location_gift_card_types(
    api: UserClient, *, location_id: int, ids: list[int]
) -> list[GiftCardType]:
    """C3: gift-card types by id, as available at a location."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (shared/altegio-api.md §3.3 C3)
    envelope = await api.get(
        f"company/{location_id}/loyalty/certificate_types/fetch", params={"ids": ids}
    )
    return many(GiftCardType, envelope.data)


async def search_location_gift_card_types(
    api: UserClient, *, location_id: int, title: str = "", page: int = 1, page_size: int = 25
) -> Page[GiftCardType]:
    """C4: gift-card types on sale at a location, by title; meta.count: total or page length."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (shared/altegio-api.md §3.3 C4)
    envelope = await api.get(
        f"company/{location_id}/loyalty/certificate_types/search",
        params={"title": title or None, "page": page, "page_size": page_size},
    )
    # `meta.count` may be the total or the page length (reference §2.5): page on either.
    return page_on_count(GiftCardType, envelope, number=page, size=page_size)


async def list_chain_gift_card_types(
    api: UserClient, *, chain_id: int, title: str = "", page: int = 1, page_size: int = 25
) -> Page[GiftCardType]:
    """C5: a chain's gift-card type catalogue; meta.total_count is the total."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (shared/altegio-api.md §3.3 C5)
    envelope = await api.get(
        f"chain/{chain_id}/loyalty/certificate_types",
        params={"title": title or None, "page": page, "page_size": page_size},
    )
    return page_of(GiftCardType, envelope, number=page, size=page_size, total_keys=("total_count",))


async def get_chain_gift_card_type(api: UserClient, *, chain_id: int, type_id: int) -> GiftCardType:
    """C6: one gift-card type of a chain."""
    # Reference: https://developer.alteg.io/api#tag/Certificates (shared/altegio-api.md §3.3 C6)
    envelope = await api.get(f"chain/{chain_id}/loyalty/certificate_types/{type_id}")
    return one(GiftCardType, envelope.data)
