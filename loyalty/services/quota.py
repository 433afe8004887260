"""The lookup quota: at most LOOKUPS_PER_MINUTE lookups per person in any 60 seconds.

A sliding window, not clock minutes: counted per clock minute, a person could make the whole
quota at the end of one minute and again at the start of the next (45 lookups in 20 s with a limit
of 30). Each lookup taken is remembered for 60 s; one more is allowed while fewer than the limit
are remembered. With REDIS_URL the log lives in Redis (one sorted set per person, read and written
by one Lua script on Redis's own clock), so every worker and instance counts together; without it,
in this process, which is then the deployment's only worker.
"""

import collections
import threading
import time
import uuid
from collections.abc import Callable

from asgiref.sync import sync_to_async
from django.conf import settings

from loyalty.altegio import redis_store

WINDOW_SECONDS = 60.0

# KEYS: the person's log. ARGV: limit, window seconds, a member name of this lookup's own.
# Returns 0 when the lookup is taken, else how many seconds until the oldest one leaves the window.
_TAKE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return string.format('%.6f', tonumber(oldest[2]) + window - now)
"""


class LocalWindow:
    """The sliding window for one process (every thread and event loop in it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._taken: dict[str, collections.deque[float]] = {}

    def take(self, key: str, *, limit: int, window: float = WINDOW_SECONDS) -> float:
        """Take one for `key`: 0.0 if allowed, else the seconds until one is free."""
        with self._lock:
            now = self._clock()
            taken = self._taken.setdefault(key, collections.deque())
            while taken and taken[0] <= now - window:
                taken.popleft()
            if len(taken) < limit:
                taken.append(now)
                return 0.0
            return taken[0] + window - now

    def forget(self) -> None:
        """Forget every lookup (tests)."""
        with self._lock:
            self._taken.clear()


local_window = LocalWindow()


def _take_in_redis(key: str, limit: int, window: float) -> float:
    client = redis_store.sync_client(settings.REDIS_URL, timeout=float(settings.REDIS_TIMEOUT))
    script = client.register_script(_TAKE_SCRIPT)
    wait = redis_store.guarded(lambda: script(keys=[key], args=[limit, window, uuid.uuid4().hex]))
    return max(0.0, float(wait.decode() if isinstance(wait, bytes) else wait))


async def take_lookup(*, user_id: int | None, limit: int) -> float:
    """Count one lookup for this person: 0.0 if allowed, else the seconds until one is free.

    SharedStoreUnavailable when Redis does not answer: the quota fails closed.
    """
    if not settings.REDIS_URL:
        return local_window.take(f"user:{user_id}", limit=limit)
    key = f"{settings.REDIS_KEY_PREFIX}:lookups:{user_id}"
    return await sync_to_async(_take_in_redis, thread_sensitive=False)(key, limit, WINDOW_SECONDS)
