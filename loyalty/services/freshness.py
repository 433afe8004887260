"""Cache entries that stay fresh for a while and are kept longer, for readers that refresh ahead.

An entry is stored with a mark beside it that expires first: while the mark is there the entry is
fresh. Past it, a reader that can show the entry as it is (types on a lookup's screen, the
location's classes) does so and reads it again in the background (`start_once`), so that no one
waits for a read that was made before; any other reader takes it as missing.
"""

from collections.abc import Mapping
from typing import Any

from asgiref.sync import sync_to_async
from django.core.cache import cache


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


async def get_with_mark(key: str) -> tuple[Any, bool]:
    """The entry under `key` (None: none) and whether it is fresh, in one hop."""
    stored = await get_many([key, fresh_mark(key)])
    return stored.get(key), is_fresh(key, stored)


async def keep(entries: Mapping[str, Any], *, fresh: int, stale: int) -> None:
    """Store entries, fresh for `fresh` seconds and kept `stale` seconds longer (no cache: 0).

    Not `cache.aset_many`: a read in the background outlives the request that started it, and that
    runs in the request's thread, gone once it has answered; any thread will do.
    """
    if fresh <= 0:  # Django's 0 would keep an entry for no time: keep nothing
        return
    await sync_to_async(_keep, thread_sensitive=False)(dict(entries), fresh, stale)


def _keep(entries: dict[str, Any], fresh: int, stale: int) -> None:
    cache.set_many(entries, fresh + max(stale, 0))
    cache.set_many(dict.fromkeys(map(fresh_mark, entries), True), fresh)
