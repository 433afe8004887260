"""The Django cache and the sessions' cached copy on Redis, through the shared store's breaker.

Every cache call waits at most REDIS_TIMEOUT; a Redis that is down or hung raises
SharedStoreUnavailable (loyalty/altegio/redis_store.py), which the pages show in their own words.
Sessions live in the database with Redis as their cache (`cached_db`), so a Redis outage or restart
signs nobody out: for them, a Redis that does not answer is only a cache miss.
"""

import contextlib
from typing import Any, cast

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property

from loyalty.altegio import SharedStoreUnavailable, redis_store


class _GuardedClient:
    """Django's Redis cache client with every call run through `redis_store.guarded`."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            return redis_store.guarded(lambda: attribute(*args, **kwargs))

        return call


class GuardedRedisCache(RedisCache):
    """Django's RedisCache, failing fast (SharedStoreUnavailable) when Redis does not answer."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        timeout = float(options.pop("TIMEOUT_SECONDS", redis_store.DEFAULT_TIMEOUT))
        super().__init__(server, {**params, "OPTIONS": options})
        self._options = {**redis_store.connection_options(timeout), **options}

    @cached_property
    def _cache(self) -> Any:
        return _GuardedClient(super()._cache)


class _CacheOrMiss:
    """The session cache as cached_db uses it: a Redis that does not answer is a miss.

    A write or delete that fails is skipped: the database holds the session, and a stale copy
    left in Redis opens nothing once the session's Altegio token is gone from the database.
    """

    def __init__(self, cache: BaseCache) -> None:
        self._cache = cache

    def __str__(self) -> str:
        return str(self._cache)

    def __contains__(self, key: str) -> bool:
        with contextlib.suppress(SharedStoreUnavailable):
            return key in self._cache
        return False

    def get(self, key: str, default: Any = None) -> Any:
        with contextlib.suppress(SharedStoreUnavailable):
            return self._cache.get(key, default)
        return default

    async def aget(self, key: str, default: Any = None) -> Any:
        with contextlib.suppress(SharedStoreUnavailable):
            return await self._cache.aget(key, default)
        return default

    def set(self, key: str, value: Any, expiry: Any = None) -> None:
        with contextlib.suppress(SharedStoreUnavailable):
            self._cache.set(key, value, expiry)

    async def aset(self, key: str, value: Any, expiry: Any = None) -> None:
        with contextlib.suppress(SharedStoreUnavailable):
            await self._cache.aset(key, value, expiry)

    def delete(self, key: str) -> None:
        with contextlib.suppress(SharedStoreUnavailable):
            self._cache.delete(key)

    async def adelete(self, key: str) -> None:
        with contextlib.suppress(SharedStoreUnavailable):
            await self._cache.adelete(key)


class SessionStore(cached_db.SessionStore):
    """Sessions in the database, cached in Redis; Redis down or hung costs a cache miss."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = cast(Any, _CacheOrMiss(caches[settings.SESSION_CACHE_ALIAS]))
