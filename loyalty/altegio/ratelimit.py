"""Client-side rate limiting for Altegio: requests queue so a deployment stays under the limit.

Altegio allows 5 requests a second and 200 a minute per IP address (docs/altegio.md §1.6), so
every worker of a deployment shares one budget. Each limiter hands out *reservations*: a caller
learns when its slot starts and sleeps until then, so bursts queue instead of failing.
"""

import asyncio
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

Window = tuple[int, float]  # (at most this many requests, in any window of this many seconds)


def windows_for(per_second: float, per_minute: int) -> list[Window]:
    """The sliding windows that express `per_second` and `per_minute` (0 turns a limit off)."""
    windows: list[Window] = []
    if per_second > 0:
        windows.append((round(per_second), 1.0) if per_second >= 1 else (1, 1.0 / per_second))
    if per_minute > 0:
        windows.append((per_minute, 60.0))
    return windows


class RateLimiter(Protocol):
    """Waits until the caller may send one request."""

    async def acquire(self) -> float:
        """Wait for a slot; return how long the caller waited, in seconds."""
        ...


def _next_slot(grants: Sequence[float], now: float, windows: Sequence[Window]) -> float:
    """The earliest time ≥ now at which one more request keeps every window within its limit."""
    slot = max(now, grants[-1]) if grants else now
    for limit, seconds in windows:
        if len(grants) >= limit:
            slot = max(slot, grants[-limit] + seconds)
    return slot


class LocalRateLimiter:
    """A sliding-window limiter for one process (every event loop and thread in it)."""

    def __init__(
        self,
        windows: Sequence[Window],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.windows = list(windows)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        depth = max((limit for limit, _ in self.windows), default=1)
        self._grants: deque[float] = deque(maxlen=depth)

    def reserve(self) -> float:
        """Book the next free slot and return how long to wait for it."""
        with self._lock:
            now = self._clock()
            slot = _next_slot(self._grants, now, self.windows)
            self._grants.append(slot)
            return slot - now

    async def acquire(self) -> float:
        """Wait for a slot; return how long the caller waited, in seconds."""
        if not self.windows:
            return 0.0
        wait = self.reserve()
        if wait > 0:
            await self._sleep(wait)
        return wait


# The same sliding-window reservation as LocalRateLimiter, atomically inside Redis, with Redis's
# own clock so that every process agrees on "now".
_RESERVE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local depth = tonumber(ARGV[1])
local slot = now
local last = redis.call('LINDEX', KEYS[1], -1)
if last then slot = math.max(slot, tonumber(last)) end
local len = redis.call('LLEN', KEYS[1])
for i = 2, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  if len >= limit then
    slot = math.max(slot, tonumber(redis.call('LINDEX', KEYS[1], -limit)) + tonumber(ARGV[i + 1]))
  end
end
redis.call('RPUSH', KEYS[1], string.format('%.6f', slot))
redis.call('LTRIM', KEYS[1], -depth, -1)
redis.call('EXPIRE', KEYS[1], 120)
return tostring(slot - now)
"""


class RedisRateLimiter:
    """A sliding-window limiter shared by every process that talks to the same Redis."""

    def __init__(
        self,
        redis_url: str,
        windows: Sequence[Window],
        *,
        key: str = "loyaltydesk:altegio:ratelimit",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        from redis.asyncio import Redis

        self.windows = list(windows)
        self.key = key
        self._redis = Redis.from_url(redis_url)
        self._sleep = sleep
        self._depth = max((limit for limit, _ in self.windows), default=1)
        self._script = self._redis.register_script(_RESERVE_SCRIPT)

    async def reserve(self) -> float:
        """Book the next free slot in Redis and return how long to wait for it."""
        args: list[float | int] = [self._depth]
        args += [value for window in self.windows for value in window]
        return float(await self._script(keys=[self.key], args=args))

    async def acquire(self) -> float:
        """Wait for a slot; return how long the caller waited, in seconds."""
        if not self.windows:
            return 0.0
        wait = await self.reserve()
        if wait > 0:
            await self._sleep(wait)
        return wait

    async def aclose(self) -> None:
        """Close the Redis connection pool."""
        await self._redis.aclose()
