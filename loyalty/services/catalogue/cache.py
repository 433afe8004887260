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

from django.conf import settings
from pydantic import BaseModel

from loyalty.altegio.types import Page
from loyalty.services.freshness import get_with_mark, keep

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
        stored, fresh = await get_with_mark(key)
        if stored is not None and fresh:
            try:
                return load(stored)
            except (KeyError, TypeError, ValueError):
                pass  # written by an older release: fetch it again
    value = await fetch()
    await keep_answers({key: dump(value)})
    return value


async def keep_answers(entries: Mapping[str, Any]) -> None:
    """Store answers, fresh for CATALOGUE_CACHE_SECONDS and kept CATALOGUE_STALE_SECONDS longer."""
    await keep(
        entries, fresh=settings.CATALOGUE_CACHE_SECONDS, stale=settings.CATALOGUE_STALE_SECONDS
    )


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
