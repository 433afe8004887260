"""A client's or the signed-in user's memberships and gift cards: M1/C1 and M2/C2 as data.

Memberships and gift cards are listed by the same two calls on different paths
(docs/altegio.md §2.5 M1–M2, §3.3 C1–C2), so each kind is a `CardLists` and the calls are
written once.
"""

from dataclasses import dataclass

from pydantic import BaseModel

from .http import Params, UserClient
from .parsing import many


@dataclass(frozen=True)
class CardLists[M: BaseModel]:
    """Where one kind of card is listed: `loyalty/<path>` by phone, `user/loyalty/<path>`."""

    model: type[M]
    path: str  # "abonements" or "certificates"

    async def by_phone(self, api: UserClient, *, location_id: int, phone_digits: str) -> list[M]:
        """M1 / C1: a client's cards at a location, found by phone (digits with country code)."""
        # Reference: https://developer.alteg.io/api (docs/altegio.md §2.5 M1, §3.3 C1)
        params: Params = {"company_id": location_id, "phone": phone_digits}
        return many(self.model, (await api.get(f"loyalty/{self.path}", params=params)).data)

    async def of_user(self, api: UserClient, *, location_id: int) -> list[M]:
        """M2 / C2: the signed-in user's own cards at a location."""
        # Reference: https://developer.alteg.io/api (docs/altegio.md §2.5 M2, §3.3 C2)
        params = {"company_id": location_id}
        return many(self.model, (await api.get(f"user/loyalty/{self.path}", params=params)).data)
