"""The catalogues' cache: answers kept as plain JSON-ready data per location or chain and query.

Types are the same for everyone who may see a location or chain, and they change rarely, so each
answer is cached for CATALOGUE_CACHE_SECONDS: that saves Altegio's shared rate limit. Entries are
plain data, not pickled classes, so a deploy that changes a type never breaks a cached read.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

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
    """The cached answer under `key`, or a fresh one from `fetch` (stored for next time)."""
    if not refresh:
        stored = await cache.aget(key)
        if stored is not None:
            try:
                return load(stored)
            except (KeyError, TypeError, ValueError):
                pass  # written by an older release: fetch it again
    value = await fetch()
    await cache.aset(key, dump(value), settings.CATALOGUE_CACHE_SECONDS)
    return value


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
