"""The shared store (Redis) as every part of a deployment uses it: short waits, then a clear error.

Redis holds Altegio's request budget, the sign-in lockout, the lookup quota, the cache and the
cached copy of sessions. When it is down or hung, nothing may wait long for it and nothing may call
Altegio without the budget (it fails closed). So every client made here:

- gives up quickly: `timeout` seconds to connect and to read (well under a second);
- retries only a dropped connection, once and at once (a connection pooled before a Redis restart
  is dead; a fresh one answers), never a timeout (that would double the wait);
- goes through one circuit breaker per process: after a failure, calls fail at once for
  `pause` seconds, so a hung Redis costs one timeout a second per process, not one per call.

Every such failure is raised as `SharedStoreUnavailable`, an AltegioError, so the places that show
Altegio's failures (a region, a page, the sign-in form) show this one too, in its own words.
"""

import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from redis import Redis
from redis.asyncio import Redis as AsyncRedis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from loyalty import metrics

from .errors import SharedStoreUnavailable

DEFAULT_TIMEOUT = 0.25
DEFAULT_PAUSE = 1.0
# What a Redis that is down or hung raises (BusyLoadingError, while it loads, is a ConnectionError).
STORE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class Breaker:
    """After a failure, say "unavailable" at once for `pause` seconds instead of waiting again."""

    def __init__(self, pause: float = DEFAULT_PAUSE, clock: Callable[[], float] = time.monotonic):
        self.pause = pause
        self._clock = clock
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        """Whether calls fail at once right now."""
        return self._clock() < self._open_until

    def check(self) -> None:
        """Raise SharedStoreUnavailable while open."""
        if self.is_open:
            raise SharedStoreUnavailable()

    def failed(self) -> None:
        """A call failed: open for `pause` seconds."""
        metrics.note_shared_store_error()
        with self._lock:
            self._open_until = self._clock() + self.pause

    def succeeded(self) -> None:
        """A call answered: close."""
        self._open_until = 0.0


breaker = Breaker()


def configure(*, pause: float) -> None:
    """Set how long the process's breaker stays open after a failure (from settings)."""
    breaker.pause = pause


def connection_options(timeout: float, *, asynchronous: bool = False) -> dict[str, Any]:
    """redis-py options for a client that waits at most `timeout` and never retries a timeout.

    The asyncio client needs asyncio's Retry (the plain one cannot await the call it retries),
    and retries only the errors `retry_on_error` lists.
    """
    retry_class = AsyncRetry if asynchronous else Retry
    return {
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "retry": retry_class(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
        "retry_on_error": [RedisConnectionError],
        "retry_on_timeout": False,
    }


def guarded[T](call: Callable[[], T]) -> T:
    """Run one Redis call through the breaker; SharedStoreUnavailable if Redis does not answer."""
    breaker.check()
    try:
        result = call()
    except STORE_ERRORS as exc:
        breaker.failed()
        raise SharedStoreUnavailable() from exc
    breaker.succeeded()
    return result


async def aguarded[T](call: Callable[[], Awaitable[T]]) -> T:
    """`guarded` for an async Redis call."""
    breaker.check()
    try:
        result = await call()
    except STORE_ERRORS as exc:
        breaker.failed()
        raise SharedStoreUnavailable() from exc
    breaker.succeeded()
    return result


_sync_clients: dict[tuple[str, float], Redis] = {}
_sync_lock = threading.Lock()


def sync_client(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Redis:
    """The process's pooled, thread-safe client for `url` (call it through `guarded`)."""
    with _sync_lock:
        client = _sync_clients.get((url, timeout))
        if client is None:
            client = Redis.from_url(url, **connection_options(timeout))
            _sync_clients[(url, timeout)] = client
        return client


def async_client(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> AsyncRedis:
    """A new asyncio client for `url`, for one event loop (call it through `aguarded`)."""
    return AsyncRedis.from_url(url, **connection_options(timeout, asynchronous=True))


def ping(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Whether Redis answers PING now, on a connection of its own (readiness; no breaker)."""
    client = Redis.from_url(url, **connection_options(timeout))
    try:
        return bool(client.ping())
    except STORE_ERRORS:
        return False
    finally:
        client.close()
