"""The request budget shared by every process that talks to the same Redis."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from .. import redis_store
from .grants import Grant
from .policy import BudgetPolicy, Decision, Window, acquire_yielding, sleep_until_sent
from .priority import Priority

# The same rule as LocalRateLimiter, atomically inside Redis, with Redis's own clock so that every
# process agrees on "now". KEYS: every grant (ascending), bulk grants, the last interactive ask, a
# follow-up waiting. ARGV: mode (interactive | finishing | follow-up | follow-up-overdue | bulk |
# overdue | peek), interactive window, share limit and seconds (0 0: no share), how long a held
# follow-up counts as waiting, then (limit, seconds, bulk limit, follow-up limit, overdue follow-up
# limit) for each window.
_BUDGET_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local eps = 0.000001
local mode = ARGV[1]
local recent_for = tonumber(ARGV[2])
local share_limit = tonumber(ARGV[3])
local share_seconds = tonumber(ARGV[4])
local poll = tonumber(ARGV[5])
local windows, bulk_windows, follow_up_windows, bulk_minute = {}, {}, {}, {}
local depth, longest = 1, 1
for i = 6, #ARGV, 5 do
  local limit, seconds = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  table.insert(windows, {limit, seconds})
  table.insert(bulk_windows, {tonumber(ARGV[i + 2]), seconds})
  if seconds >= 60 then table.insert(bulk_minute, {tonumber(ARGV[i + 2]), seconds}) end
  if mode == 'follow-up-overdue' then
    table.insert(follow_up_windows, {tonumber(ARGV[i + 4]), seconds})
  else
    table.insert(follow_up_windows, {tonumber(ARGV[i + 3]), seconds})
  end
  depth = math.max(depth, limit)
  longest = math.max(longest, seconds)
end
local ttl = math.ceil(longest) + 60

local function next_slot(key, limits)
  local slot = now
  local len = redis.call('LLEN', key)
  if len > 0 then slot = math.max(slot, tonumber(redis.call('LINDEX', key, -1))) end
  for _, w in ipairs(limits) do
    if len >= w[1] then
      slot = math.max(slot, tonumber(redis.call('LINDEX', key, -w[1])) + w[2])
    end
  end
  return slot
end

local function push(key, slot, keep)
  redis.call('RPUSH', key, string.format('%.6f', slot))
  redis.call('LTRIM', key, -keep, -1)
  redis.call('EXPIRE', key, ttl)
end

local function book_bulk(slot)
  push(KEYS[1], slot, 2 * depth)
  push(KEYS[2], slot, math.max(1, share_limit))
  return {string.format('%.6f', slot - now), 1, 0, string.format('%.6f', slot)}
end

-- A finishing call: where the calls sent (or due) by now leave room, ahead of others' bookings,
-- which check again before sending; kept in order in the list.
local function book_first(key, limits, keep)
  local grants = redis.call('LRANGE', key, 0, -1)
  local due = 0
  for i, value in ipairs(grants) do
    if tonumber(value) <= now then due = i else break end
  end
  local ready = now
  for _, w in ipairs(limits) do
    if due >= w[1] then ready = math.max(ready, tonumber(grants[due - w[1] + 1]) + w[2]) end
  end
  local stamp = string.format('%.6f', ready)
  local after = nil
  for i = due + 1, #grants do
    if tonumber(grants[i]) > ready then after = grants[i] break end
  end
  if after then redis.call('LINSERT', key, 'BEFORE', after, stamp)
  else redis.call('RPUSH', key, stamp) end
  redis.call('LTRIM', key, -keep, -1)
  redis.call('EXPIRE', key, ttl)
  return ready, stamp
end

local free = next_slot(KEYS[1], windows)
if mode == 'peek' then return {string.format('%.6f', free - now), 0, 0} end
if mode == 'interactive' or mode == 'finishing' then
  local slot, stamp = free, string.format('%.6f', free)
  if mode == 'finishing' then
    slot, stamp = book_first(KEYS[1], windows, 2 * depth)
  else
    push(KEYS[1], free, 2 * depth)
  end
  redis.call('SET', KEYS[3], string.format('%.6f', now), 'EX', math.ceil(recent_for) + 1)
  return {string.format('%.6f', slot - now), 1, 0, stamp}
end
-- A follow-up: only a slot free now in its own windows (a lookup's calls free in the second, unless
-- overdue; the desk's share of the minute) with none booked ahead. Front-desk work: it marks the
-- desk active, never counts in bulk's share.
if mode == 'follow-up' or mode == 'follow-up-overdue' then
  local allowed = next_slot(KEYS[1], follow_up_windows)
  if allowed <= now + eps then
    push(KEYS[1], now, 2 * depth)
    redis.call('SET', KEYS[3], string.format('%.6f', now), 'EX', math.ceil(recent_for) + 1)
    return {'0', 1, 0, string.format('%.6f', now)}
  end
  local held = 0
  local last = redis.call('LINDEX', KEYS[1], -1)
  if (last and tonumber(last) > now + eps) or allowed > free + eps then held = 1 end
  redis.call('SET', KEYS[4], '1', 'PX', math.max(1, math.floor(poll * 1000)))
  return {string.format('%.6f', allowed - now), 0, held}
end

-- Whether one more call now keeps the windows within their limits (booked slots count as sent).
local function room_now(limits)
  local len = redis.call('LLEN', KEYS[1])
  for _, w in ipairs(limits) do
    if len >= w[1] and tonumber(redis.call('LINDEX', KEYS[1], -w[1])) + w[2] > now + eps then
      return false
    end
  end
  return true
end

local last = redis.call('GET', KEYS[3])
local recent = last and (now - tonumber(last) < recent_for)
if not recent then
  if free <= now + eps then return book_bulk(now) end
  return {string.format('%.6f', free - now), 0, 0}
end
-- Follow-ups before bulk: none taken while one waits.
if redis.call('EXISTS', KEYS[4]) == 1 then return {string.format('%.6f', poll), 0, 1} end
local share_at = now
if share_limit > 0 then share_at = next_slot(KEYS[2], {{share_limit, share_seconds}}) end
if mode == 'overdue' then
  if share_at > now + eps or not room_now(bulk_minute) then
    return {string.format('%.6f', math.max(share_at - now, poll)), 0, 1}
  end
  return book_bulk(free)
end
local allowed = math.max(next_slot(KEYS[1], bulk_windows), share_at)
if allowed <= now + eps then return book_bulk(now) end
local held = 0
if allowed > free + eps then held = 1 end
return {string.format('%.6f', allowed - now), 0, held}
"""


# Just before a call booked for a slot is sent: swap the booking for the real send time if the calls
# really sent (or due) by now leave room, else book it again where they do. KEYS: every grant.
# ARGV: the booked slot as stored, then (limit, seconds) for each window.
_CONFIRM_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('LREM', KEYS[1], 1, ARGV[1])
local grants = redis.call('LRANGE', KEYS[1], 0, -1)
local due = 0
for i, value in ipairs(grants) do
  if tonumber(value) <= now then due = i else break end
end
local ready = now
local longest = 1
for i = 2, #ARGV, 2 do
  local limit, seconds = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  longest = math.max(longest, seconds)
  if due >= limit then ready = math.max(ready, tonumber(grants[due - limit + 1]) + seconds) end
end
if ready <= now + 0.000001 then ready = now end
local stamp = string.format('%.6f', ready)
local kept = {}
local placed = false
for _, value in ipairs(grants) do
  if not placed and tonumber(value) > ready then
    table.insert(kept, stamp)
    placed = true
  end
  table.insert(kept, value)
end
if not placed then table.insert(kept, stamp) end
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[1], unpack(kept))
redis.call('EXPIRE', KEYS[1], math.ceil(longest) + 60)
return {string.format('%.6f', ready - now), stamp}
"""


class RedisRateLimiter:
    """The same limiter shared by every process that talks to the same Redis."""

    def __init__(
        self,
        redis_url: str,
        windows: Sequence[Window],
        *,
        policy: BudgetPolicy | None = None,
        key: str = "loyaltydesk:altegio:ratelimit",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        timeout: float = redis_store.DEFAULT_TIMEOUT,
    ) -> None:
        self.windows = list(windows)
        self.policy = policy or BudgetPolicy()
        self.key = key
        # Short waits and the process's breaker: a Redis that does not answer fails closed
        # (SharedStoreUnavailable, no call to Altegio) within `timeout`.
        self._redis = redis_store.async_client(redis_url, timeout=timeout)
        self._clock = clock
        self._sleep = sleep
        self._script = self._redis.register_script(_BUDGET_SCRIPT)
        self._confirm_script = self._redis.register_script(_CONFIRM_SCRIPT)
        windows = self.policy.guarded(self.windows)
        self._confirm_args: list[float | int] = [value for window in windows for value in window]
        share = self.policy.share_window(windows)
        self._args: list[float | int] = [
            self.policy.interactive_window,
            *(share or (0, 0)),
            self.policy.bulk_poll,
        ]
        for (limit, seconds), (bulk, _), (follow_up, _), (overdue, _) in zip(
            windows,
            self.policy.bulk_windows(windows),
            self.policy.follow_up_windows(windows),
            self.policy.follow_up_windows(windows, overdue=True),
            strict=True,
        ):
            self._args += [limit, seconds, bulk, follow_up, overdue]

    async def book(self) -> tuple[float, list[float]]:
        """Now, and every grant in the book (calls sent and slots booked), by Redis's clock."""

        async def read() -> tuple[Any, Any]:
            return await self._redis.time(), await self._redis.lrange(self.key, 0, -1)

        (seconds, micros), grants = await redis_store.aguarded(read)
        return seconds + micros / 1e6, sorted(float(grant) for grant in grants)

    @property
    def keys(self) -> list[str]:
        """The Redis keys this limiter keeps its state in."""
        return [
            self.key,
            f"{self.key}:bulk",
            f"{self.key}:interactive",
            f"{self.key}:follow-up-waiting",
        ]

    async def _run(self, mode: str) -> Decision:
        wait, booked, held, *slot = await redis_store.aguarded(
            lambda: self._script(keys=self.keys, args=[mode, *self._args])
        )
        return Decision(float(wait), booked=bool(booked), held=bool(held), slot=_text(slot))

    async def _confirm(self, slot: float | str | None) -> tuple[float, float | str | None]:
        wait, stamp = await redis_store.aguarded(
            lambda: self._confirm_script(
                keys=self.keys[:1], args=[_text([slot]) or "", *self._confirm_args]
            )
        )
        return float(wait), _text([stamp])

    async def reserve(self, *, first: bool = False) -> float:
        """Book the next free slot in Redis for interactive work; return how long to wait.

        `first`: a finishing call, booked where the calls sent by now leave room (others' later
        bookings check again before sending).
        """
        return (await self._run("finishing" if first else "interactive")).wait

    async def try_follow_up(self, *, overdue: bool = False) -> Decision:
        """Take a slot for a follow-up if one is free now in its windows and none is booked
        ahead; else say when to ask again. Overdue, the second's headroom is its too, never the
        desk's share of the minute (front-desk work: no bulk share)."""
        return await self._run("follow-up-overdue" if overdue else "follow-up")

    async def try_bulk(self, *, overdue: bool = False) -> Decision:
        """Take a slot for bulk work if the rules allow it now; else say when to ask again."""
        return await self._run("overdue" if overdue else "bulk")

    async def expected_wait(self) -> float:
        """How long an interactive call asking now would wait, in seconds (books nothing)."""
        if not self.windows:
            return 0.0
        return max(0.0, (await self._run("peek")).wait)

    async def acquire(self, priority: Priority = Priority.INTERACTIVE) -> Grant:
        """Wait for a slot; say how long the caller waited and why."""
        if not self.windows:
            return Grant()
        if priority in (Priority.BULK, Priority.FOLLOW_UP):
            bulk = priority is Priority.BULK

            async def decide(overdue: bool) -> Decision:
                if bulk:
                    return await self.try_bulk(overdue=overdue)
                return await self.try_follow_up(overdue=overdue)

            patience, deadline = self.policy.patience(bulk)
            return await acquire_yielding(
                decide,
                self._confirm,
                self.policy,
                self._clock,
                self._sleep,
                patience=patience,
                deadline=deadline,
            )
        booked = await self._run("finishing" if priority is Priority.FINISHING else "interactive")
        waited = await sleep_until_sent(booked.wait, booked.slot, self._confirm, self._sleep)
        return Grant(waited=waited)

    async def aclose(self) -> None:
        """Close the Redis connection pool."""
        await self._redis.aclose()


def _text(values: Sequence[object]) -> str | None:
    """A slot as Redis stores it (the script's text), or None."""
    if not values or values[0] is None:
        return None
    value = values[0]
    return value.decode() if isinstance(value, bytes) else str(value)
