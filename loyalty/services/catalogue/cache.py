"""The catalogues' cache: answers kept as plain JSON-ready data per location or chain and query.

Types are the same for everyone who may see a location or chain, and they change rarely, so each
answer is fresh for CATALOGUE_CACHE_SECONDS: that saves Altegio's shared rate limit. An answer is
kept CATALOGUE_STALE_SECONDS longer, past its freshness, for the one reader that may use it stale:
the types a screen of memberships reads by id (by_id.py), which refreshes them in the background.
Every other reader takes a stale answer as missing. Entries are plain data, not pickled classes, so
a deploy that changes a type never breaks a cached read.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from pydantic import BaseModel

from loyalty.altegio.types import Page

KEY_PREFIX = "loyalty:catalogue:v1"


def catalogue_key(endpoint: str, scope: str, scope_id: int, **query: object) -> str:
    """`loyalty:catalogue:v1:M6:chain:145071:<digest of the query>`."""
    digest = hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()
    return f"{KEY_PREFIX}:{endpoint}:{scope}:{scope_id}:{digest[:32]}"


async def cached[T](
    key: str,
    fetch: Callable[[], Awaitable[T]],
    *,
    dump: Callable[[T], Any],
    load: Callable[[Any], T],
    refresh: bool,
) -> T:
    """The fresh cached answer under `key`, or a new one from `fetch` (stored for next time)."""
    if not refresh:
        stored = await get_many([key, fresh_mark(key)])
        if key in stored and is_fresh(key, stored):
            try:
                return load(stored[key])
            except (KeyError, TypeError, ValueError):
                pass  # written by an older release: fetch it again
    value = await fetch()
    await keep({key: dump(value)})
    return value


def fresh_mark(key: str) -> str:
    """The entry beside `key` that says its answer is still fresh (it expires first)."""
    return f"{key}:fresh"


def is_fresh(key: str, stored: Mapping[str, Any]) -> bool:
    """Whether `stored` (read with `key`'s fresh mark) holds the mark: the answer is fresh."""
    return fresh_mark(key) in stored


async def get_many(keys: list[str]) -> dict[str, Any]:
    """Many cache entries in one hop to the cache's thread (the cache's own `aget_many` goes
    once per key)."""
    if not keys:
        return {}
    return dict(await sync_to_async(cache.get_many, thread_sensitive=False)(keys))


async def keep(entries: Mapping[str, Any]) -> None:
    """Store answers, fresh for CATALOGUE_CACHE_SECONDS and kept CATALOGUE_STALE_SECONDS longer.

    Not `cache.aset_many`: a refresh in the background outlives the request that started it, and
    that runs in the request's thread, gone once it has answered; any thread will do.
    """
    await sync_to_async(_keep, thread_sensitive=False)(dict(entries))


def _keep(entries: dict[str, Any]) -> None:
    fresh = settings.CATALOGUE_CACHE_SECONDS
    if fresh <= 0:  # no cache at all (Django's 0 would keep an entry for no time)
        return
    cache.set_many(entries, fresh + settings.CATALOGUE_STALE_SECONDS)
    cache.set_many(dict.fromkeys(map(fresh_mark, entries), True), fresh)


def page_dumper[M: BaseModel](page: Page[M]) -> dict[str, Any]:
    return {
        "items": [item.model_dump(mode="json") for item in page.items],
        "number": page.number,
        "size": page.size,
        "total": page.total,
    }


def page_loader[M: BaseModel](model: type[M]) -> Callable[[Any], Page[M]]:
    def load(data: Any) -> Page[M]:
        return Page(
            items=[model.model_validate(item) for item in data["items"]],
            number=int(data["number"]),
            size=int(data["size"]),
            total=data["total"],
        )

    return load


def as_page[M](items: list[M]) -> Page[M]:
    """A fetch by ids answers a plain list: one page holding all of it."""
    return Page(items=items, number=1, size=max(len(items), 1), total=len(items))
