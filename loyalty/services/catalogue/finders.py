"""Membership and gift-card type catalogues (M4–M7, C3–C6), cached in the Django cache.

Each catalogue is a `CatalogueKind` (its Altegio calls, names and words); the finders below are
written once for both.

Types are the same for everyone who may see a location or chain, and they change rarely, so each
answer is cached for CATALOGUE_CACHE_SECONDS per location or chain and query: that saves
Altegio's shared rate limit. Views check the person's rights before they call anything here,
and `refresh=True` goes to Altegio and refills the cache. Entries are plain JSON-ready data, not
pickled classes, so a deploy that changes a type never breaks a cached read.
"""

from typing import Any

from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Page

from .cache import as_page, cached, catalogue_key, page_dumper, page_loader
from .kinds import CatalogueKind

CATALOGUE_PAGE_SIZE = 25


async def find_location_types(
    api: UserClient,
    *,
    kind: CatalogueKind,
    location_id: int,
    title: str = "",
    ids: tuple[int, ...] = (),
    page: int = 1,
    refresh: bool = False,
) -> Page[Any]:
    """Types on sale at a location: by ids (M4 / C3), else a title search (M5 / C4)."""
    endpoints = kind.endpoints
    by_ids, by_title, _, _ = endpoints.codes
    load = page_loader(endpoints.model)
    if ids:

        async def fetch_page() -> Page[Any]:
            return as_page(
                await endpoints.fetch_at_location(api, location_id=location_id, ids=list(ids))
            )

        key = catalogue_key(by_ids, "location", location_id, ids=sorted(ids))
        return await cached(key, fetch_page, dump=page_dumper, load=load, refresh=refresh)
    return await cached(
        catalogue_key(by_title, "location", location_id, title=title, page=page),
        lambda: endpoints.search_at_location(
            api, location_id=location_id, title=title, page=page, page_size=CATALOGUE_PAGE_SIZE
        ),
        dump=page_dumper,
        load=load,
        refresh=refresh,
    )


async def list_chain_types(
    api: UserClient,
    *,
    kind: CatalogueKind,
    chain_id: int,
    title: str = "",
    archived: bool = False,
    page: int = 1,
    refresh: bool = False,
) -> Page[Any]:
    """A chain's catalogue (M6 / C5) by title; membership types current or archived."""
    endpoints = kind.endpoints
    archived = archived and endpoints.chain_archived
    return await cached(
        catalogue_key(
            endpoints.codes[2], "chain", chain_id, title=title, archived=archived, page=page
        ),
        lambda: endpoints.list_in_chain(
            api,
            chain_id=chain_id,
            title=title,
            archived=archived,
            page=page,
            page_size=CATALOGUE_PAGE_SIZE,
        ),
        dump=page_dumper,
        load=page_loader(endpoints.model),
        refresh=refresh,
    )


async def get_chain_type(
    api: UserClient, *, kind: CatalogueKind, chain_id: int, type_id: int, refresh: bool = False
) -> Any:
    """One type with everything the chain knows about it (M7 / C6)."""
    endpoints = kind.endpoints
    return await cached(
        catalogue_key(endpoints.codes[3], "chain", chain_id, type_id=type_id),
        lambda: endpoints.get_in_chain(api, chain_id=chain_id, type_id=type_id),
        dump=lambda found: found.model_dump(mode="json"),
        load=endpoints.model.model_validate,
        refresh=refresh,
    )


async def chain_types_by_id(
    api: UserClient, *, kind: CatalogueKind, chain_id: int
) -> dict[int, Any]:
    """The chain's types by id (its first page, cached): price and pool that M4 does not send."""
    listed = await list_chain_types(api, kind=kind, chain_id=chain_id)
    return {item.id: item for item in listed.items}
