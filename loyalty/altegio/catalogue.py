"""Membership and gift-card type catalogues: one set of calls, each kind described as data.

The two catalogues differ only in their paths and parameter names (M4–M7 for membership types,
C3–C6 for gift-card types, docs/altegio.md §2.5 and §3.3), so each kind is a `TypeEndpoints` and the
four calls are written once.
"""

from dataclasses import dataclass

from pydantic import BaseModel

from .http import UserClient
from .parsing import many, one, page_of, page_on_count
from .types import GiftCardType, MembershipType, Page


@dataclass(frozen=True)
class TypeEndpoints[M: BaseModel]:
    """Where one kind of type lives in Altegio and how its chain list pages."""

    model: type[M]
    path: str  # "abonement_types" or "certificate_types"
    codes: tuple[str, str, str, str]  # by ids, search, chain list, chain detail (reference names)
    chain_page_size_param: str  # M6 pages with `limit`, C5 with `page_size`
    chain_archived: bool  # M6 takes `is_archived`; C5 has no such filter

    async def fetch_at_location(
        self, api: UserClient, *, location_id: int, ids: list[int]
    ) -> list[M]:
        """M4 / C3: types by id, as available at a location."""
        # Reference: https://developer.alteg.io/api (docs/altegio.md §2.5 M4, §3.3 C3)
        envelope = await api.get(
            f"company/{location_id}/loyalty/{self.path}/fetch", params={"ids": ids}
        )
        return many(self.model, envelope.data)

    async def search_at_location(
        self,
        api: UserClient,
        *,
        location_id: int,
        title: str = "",
        page: int = 1,
        page_size: int = 25,
    ) -> Page[M]:
        """M5 / C4: types on sale at a location, by title; meta.count: total or page length."""
        # Reference: https://developer.alteg.io/api (docs/altegio.md §2.5 M5, §3.3 C4)
        envelope = await api.get(
            f"company/{location_id}/loyalty/{self.path}/search",
            params={"title": title or None, "page": page, "page_size": page_size},
        )
        # `meta.count` may be the total or the page length (docs/altegio.md §2.5): page on either.
        return page_on_count(self.model, envelope, number=page, size=page_size)

    async def list_in_chain(
        self,
        api: UserClient,
        *,
        chain_id: int,
        title: str = "",
        archived: bool = False,
        page: int = 1,
        page_size: int = 25,
    ) -> Page[M]:
        """M6 / C5: a chain's catalogue by title (membership types: current or archived)."""
        # Reference: https://developer.alteg.io/api (docs/altegio.md §2.5 M6, §3.3 C5)
        params: dict[str, str | int | None] = {"title": title or None}
        if self.chain_archived:
            params["is_archived"] = int(archived)
        params.update({"page": page, self.chain_page_size_param: page_size})
        envelope = await api.get(f"chain/{chain_id}/loyalty/{self.path}", params=params)
        return page_of(
            self.model, envelope, number=page, size=page_size, total_keys=("total_count",)
        )

    async def get_in_chain(self, api: UserClient, *, chain_id: int, type_id: int) -> M:
        """M7 / C6: one type with everything the chain knows about it."""
        # Reference: https://developer.alteg.io/api (docs/altegio.md §2.5 M7, §3.3 C6)
        envelope = await api.get(f"chain/{chain_id}/loyalty/{self.path}/{type_id}")
        return one(self.model, envelope.data)


MEMBERSHIP_TYPES = TypeEndpoints(
    MembershipType,
    path="abonement_types",
    codes=("M4", "M5", "M6", "M7"),
    chain_page_size_param="limit",
    chain_archived=True,
)
GIFT_CARD_TYPES = TypeEndpoints(
    GiftCardType,
    path="certificate_types",
    codes=("C3", "C4", "C5", "C6"),
    chain_page_size_param="page_size",
    chain_archived=False,
)
