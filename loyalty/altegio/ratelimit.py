"""Client-side rate limiting for Altegio: one request budget, the front desk first.

Altegio allows 5 requests a second and 200 a minute per IP address (docs/altegio.md §1.6), so
every worker of a deployment shares one budget. Each limiter hands out *reservations*: a caller
learns when its slot starts and sleeps until then, so bursts queue instead of failing.

Two classes of work share the budget. Interactive work (lookups, event checks, page loads,
sign-in: the default) books the next free slot, first come first served. Bulk work (summary
steps, CSV export, marked with `bulk_work()`) never books ahead: it takes a slot only when one is
free *now*, and while interactive calls were made recently it also leaves headroom, because a call
already sent holds its slot for a whole second and no queue order can take it back:

- at least one lookup's worth of calls (`BudgetPolicy.headroom`, 3) stays free in every second;
- bulk uses at most `BudgetPolicy.bulk_share` of the per-minute limit.

A reservation is only a place in the queue: a caller that slept until its slot checks again just
before sending, against the times calls were really sent (a busy worker wakes late, and a late call
would otherwise land less than a window before the next ones), and waits on if it must.

Alone, bulk may use the whole budget. It never starves: a bulk caller that has waited longer than
`BudgetPolicy.bulk_patience` books the next free slot like an interactive one (the per-minute share
still holds, and that frees itself within a minute whatever the front desk does).
"""

import asyncio
import bisect
import contextlib
import contextvars
import enum
import math
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from . import redis_store

Window = tuple[int, float]  # (at most this many requests, in any window of this many seconds)

MINUTE = 60.0
_EPSILON = 1e-9


def windows_for(per_second: float, per_minute: int) -> list[Window]:
    """The sliding windows that express `per_second` and `per_minute` (0 turns a limit off)."""
    windows: list[Window] = []
    if per_second > 0:
        windows.append((round(per_second), 1.0) if per_second >= 1 else (1, 1.0 / per_second))
    if per_minute > 0:
        windows.append((per_minute, MINUTE))
    return windows


# --- Priority: travels with the request ------------------------------------------------------


class Priority(enum.StrEnum):
    """Who is waiting for a call: a person at the desk, or a job that can wait."""

    INTERACTIVE = "interactive"
    BULK = "bulk"


_priority: contextvars.ContextVar[Priority] = contextvars.ContextVar(
    "altegio_priority", default=Priority.INTERACTIVE
)


def current_priority() -> Priority:
    """The priority of the Altegio calls made from here (interactive unless marked bulk)."""
    return _priority.get()


@contextlib.contextmanager
def bulk_work() -> Iterator[None]:
    """Mark the Altegio calls made inside this block as bulk work (summary steps, exports).

    Keep no `yield` of an async generator inside the block: the mark belongs to the task that
    runs it, so wrap each `await` instead.
    """
    token = _priority.set(Priority.BULK)
    try:
        yield
    finally:
        _priority.reset(token)


# --- What a caller learns --------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    """One slot granted: how long the caller waited for it, and why."""

    waited: float = 0.0
    held_for_front_desk: bool = False  # bulk work held back while the front desk was busy

    @property
    def reason(self) -> str:
        """'' (no wait), 'front desk' (bulk held back for interactive work) or 'budget' (full)."""
        if self.waited <= 0:
            return ""
        return "front desk" if self.held_for_front_desk else "budget"


@dataclass
class WaitLog:
    """Every slot the calls inside `track_waits()` were granted, summed up."""

    calls: int = 0
    waited: float = 0.0  # the longest single wait: concurrent calls wait side by side
    total_waited: float = 0.0
    held_for_front_desk: bool = False

    def add(self, grant: Grant) -> None:
        """Count one granted slot."""
        self.calls += 1
        self.waited = max(self.waited, grant.waited)
        self.total_waited += grant.waited
        self.held_for_front_desk |= grant.held_for_front_desk


_wait_log: contextvars.ContextVar[WaitLog | None] = contextvars.ContextVar(
    "altegio_wait_log", default=None
)


@contextlib.contextmanager
def track_waits() -> Iterator[WaitLog]:
    """Collect the waits of every Altegio call made inside the block (tasks it starts too)."""
    log = WaitLog()
    token = _wait_log.set(log)
    try:
        yield log
    finally:
        _wait_log.reset(token)


def note_grant(grant: Grant) -> None:
    """Add a grant to the running `track_waits()` log, if there is one (the HTTP boundary)."""
    log = _wait_log.get()
    if log is not None:
        log.add(grant)


# --- The rule --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetPolicy:
    """How bulk work yields to interactive work inside the shared budget."""

    interactive_window: float = 60.0  # interactive calls this recent make bulk leave headroom
    bulk_share: float = 0.6  # of the per-minute limit, while interactive work is recent
    headroom: int = 3  # calls kept free in every second (one lookup) while interactive is recent
    bulk_patience: float = 10.0  # a bulk caller waiting longer books the next free slot
    bulk_poll: float = 0.5  # the longest a held-back bulk caller sleeps before asking again
    # Added to every window: Altegio counts arrivals, and a call sent a little late (a busy event
    # loop, a slow connection) would otherwise land less than a window after the next one.
    guard: float = 0.0

    def guarded(self, windows: Sequence[Window]) -> list[Window]:
        """The windows as the limiter keeps them: each `guard` seconds longer."""
        return [(limit, seconds + self.guard) for limit, seconds in windows]

    def bulk_windows(self, windows: Sequence[Window]) -> list[Window]:
        """The windows bulk must fit while interactive is recent: short ones keep headroom."""
        return [
            (limit - min(self.headroom, limit - 1), seconds)
            if seconds < MINUTE
            else (limit, seconds)
            for limit, seconds in windows
        ]

    def share_window(self, windows: Sequence[Window]) -> Window | None:
        """The window bulk's own calls must fit while interactive is recent (None: no share)."""
        minute = [(limit, seconds) for limit, seconds in windows if seconds >= MINUTE]
        if not minute or self.bulk_share >= 1:
            return None
        limit, seconds = minute[-1]
        return (max(1, math.floor(limit * self.bulk_share)), seconds)


@dataclass(frozen=True)
class _Decision:
    wait: float  # until the booked slot, or until it is worth asking again
    booked: bool
    held: bool  # held back for the front desk rather than by the budget itself
    slot: float | str | None = None  # the booked slot, as the limiter stores it


def _ready_at(grants: Sequence[float], now: float, windows: Sequence[Window]) -> float:
    """When a call may really be sent, counting only calls sent (or due) by now."""
    due = bisect.bisect_right(grants, now)
    ready = now
    for limit, seconds in windows:
        if due >= limit:
            ready = max(ready, grants[due - limit] + seconds)
    return ready


def _next_slot(grants: Sequence[float], now: float, windows: Sequence[Window]) -> float:
    """The earliest time ≥ now at which one more request keeps every window within its limit."""
    slot = max(now, grants[-1]) if grants else now
    for limit, seconds in windows:
        if len(grants) >= limit:
            slot = max(slot, grants[-limit] + seconds)
    return slot


class RateLimiter(Protocol):
    """Waits until the caller may send one request."""

    async def acquire(self, priority: Priority = Priority.INTERACTIVE) -> Grant:
        """Wait for a slot; say how long the caller waited and why."""
        ...

    async def expected_wait(self) -> float:
        """How long an interactive call asking now would wait, in seconds (books nothing)."""
        ...


async def _sleep_until_sent(
    wait: float,
    slot: float | str | None,
    confirm: Callable[[float | str | None], Awaitable[tuple[float, float | str | None]]],
    sleep: Callable[[float], Awaitable[None]],
) -> float:
    """Sleep until a booked slot, then until the calls really sent leave room; the time slept."""
    slept = 0.0
    while wait > 0:
        await sleep(wait)
        slept += wait
        wait, slot = await confirm(slot)
    return slept


async def _acquire_bulk(
    decide: Callable[[bool], Awaitable[_Decision]],
    confirm: Callable[[float | str | None], Awaitable[tuple[float, float | str | None]]],
    policy: BudgetPolicy,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> Grant:
    """Ask until a bulk slot is granted, sleeping between asks; never book ahead until overdue."""
    started, waited, held = clock(), 0.0, False
    while True:
        overdue = clock() - started >= policy.bulk_patience or waited >= policy.bulk_patience
        decision = await decide(overdue)
        held |= decision.held
        if decision.booked:
            waited += await _sleep_until_sent(decision.wait, decision.slot, confirm, sleep)
            return Grant(waited=waited, held_for_front_desk=held)
        pause = min(max(decision.wait, 0.01), policy.bulk_poll)
        await sleep(pause)
        waited += pause


class LocalRateLimiter:
    """A sliding-window limiter for one process (every event loop and thread in it)."""

    def __init__(
        self,
        windows: Sequence[Window],
        *,
        policy: BudgetPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.windows = list(windows)
        self.policy = policy or BudgetPolicy()
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        # Every grant, ascending: calls sent, then reservations still to come.
        self._depth = 2 * max((limit for limit, _ in self.windows), default=1)
        self._grants: list[float] = []
        self._windows = self.policy.guarded(self.windows)
        self._share = self.policy.share_window(self._windows)
        self._bulk: list[float] = []
        self._bulk_windows = self.policy.bulk_windows(self._windows)
        self._last_interactive: float | None = None

    def reserve(self) -> float:
        """Book the next free slot for interactive work and return how long to wait for it."""
        return self._reserve()[0]

    def _reserve(self) -> tuple[float, float]:
        with self._lock:
            now = self._clock()
            slot = _next_slot(self._grants, now, self._windows)
            self._keep(slot)
            self._last_interactive = now
            return slot - now, slot

    def _keep(self, slot: float) -> None:
        bisect.insort(self._grants, slot)
        del self._grants[: -self._depth]

    def confirm(self, slot: float) -> float:
        """Just before sending a call booked for `slot`: 0 to send now, else how long to wait."""
        return self._confirm(slot)[0]

    def _confirm(self, slot: float) -> tuple[float, float]:
        with self._lock:
            now = self._clock()
            at = bisect.bisect_left(self._grants, slot)
            if at < len(self._grants) and self._grants[at] == slot:
                del self._grants[at]
            ready = _ready_at(self._grants, now, self._windows)
            if ready <= now + _EPSILON:
                self._keep(now)
                return 0.0, now
            self._keep(ready)
            return ready - now, ready

    def book(self) -> tuple[float, list[float]]:
        """Now, and every grant in the book (calls sent and slots booked), by this clock."""
        with self._lock:
            return self._clock(), list(self._grants)

    def expected_wait_now(self) -> float:
        """How long an interactive call asking now would wait (books nothing)."""
        with self._lock:
            now = self._clock()
            return _next_slot(self._grants, now, self._windows) - now

    async def expected_wait(self) -> float:
        """How long an interactive call asking now would wait, in seconds (books nothing)."""
        return self.expected_wait_now()

    def try_bulk(self, *, overdue: bool = False) -> _Decision:
        """Take a slot for bulk work if the rules allow it now; else say when to ask again."""
        with self._lock:
            now = self._clock()
            free = _next_slot(self._grants, now, self._windows)
            last = self._last_interactive
            recent = last is not None and now - last < self.policy.interactive_window
            if not recent:
                if free <= now + _EPSILON:
                    return self._book_bulk(now, now)
                return _Decision(free - now, booked=False, held=False)
            share_at = _next_slot(self._bulk, now, [self._share]) if self._share else now
            if overdue:
                if share_at > now + _EPSILON:
                    return _Decision(share_at - now, booked=False, held=True)
                return self._book_bulk(free, now)
            allowed = max(_next_slot(self._grants, now, self._bulk_windows), share_at)
            if allowed <= now + _EPSILON:
                return self._book_bulk(now, now)
            return _Decision(allowed - now, booked=False, held=allowed > free + _EPSILON)

    def _book_bulk(self, slot: float, now: float) -> _Decision:
        self._keep(slot)
        bisect.insort(self._bulk, slot)
        del self._bulk[: -(self._share[0] if self._share else 1)]
        return _Decision(slot - now, booked=True, held=False, slot=slot)

    async def acquire(self, priority: Priority = Priority.INTERACTIVE) -> Grant:
        """Wait for a slot; say how long the caller waited and why."""
        if not self.windows:
            return Grant()

        async def confirm(slot: float | str | None) -> tuple[float, float | str | None]:
            return self._confirm(float(slot or 0.0))

        if priority is Priority.BULK:

            async def decide(overdue: bool) -> _Decision:
                return self.try_bulk(overdue=overdue)

            return await _acquire_bulk(decide, confirm, self.policy, self._clock, self._sleep)
        wait, slot = self._reserve()
        waited = await _sleep_until_sent(wait, slot, confirm, self._sleep)
        return Grant(waited=waited)


# The same rule as LocalRateLimiter, atomically inside Redis, with Redis's own clock so that every
# process agrees on "now". KEYS: every grant (ascending), bulk grants, the last interactive ask.
# ARGV: mode (interactive | bulk | overdue | peek), interactive window, share limit and seconds
# (0 0: no share), then (limit, seconds, bulk limit) for each window.
_BUDGET_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local eps = 0.000001
local mode = ARGV[1]
local recent_for = tonumber(ARGV[2])
local share_limit = tonumber(ARGV[3])
local share_seconds = tonumber(ARGV[4])
local windows, bulk_windows = {}, {}
local depth, longest = 1, 1
for i = 5, #ARGV, 3 do
  local limit, seconds = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  table.insert(windows, {limit, seconds})
  table.insert(bulk_windows, {tonumber(ARGV[i + 2]), seconds})
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

local free = next_slot(KEYS[1], windows)
if mode == 'peek' then return {string.format('%.6f', free - now), 0, 0} end
if mode == 'interactive' then
  push(KEYS[1], free, 2 * depth)
  redis.call('SET', KEYS[3], string.format('%.6f', now), 'EX', math.ceil(recent_for) + 1)
  return {string.format('%.6f', free - now), 1, 0, string.format('%.6f', free)}
end

local last = redis.call('GET', KEYS[3])
local recent = last and (now - tonumber(last) < recent_for)
if not recent then
  if free <= now + eps then return book_bulk(now) end
  return {string.format('%.6f', free - now), 0, 0}
end
local share_at = now
if share_limit > 0 then share_at = next_slot(KEYS[2], {{share_limit, share_seconds}}) end
if mode == 'overdue' then
  if share_at > now + eps then return {string.format('%.6f', share_at - now), 0, 1} end
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
        self._args: list[float | int] = [self.policy.interactive_window, *(share or (0, 0))]
        for (limit, seconds), (bulk_limit, _) in zip(
            windows, self.policy.bulk_windows(windows), strict=True
        ):
            self._args += [limit, seconds, bulk_limit]

    async def book(self) -> tuple[float, list[float]]:
        """Now, and every grant in the book (calls sent and slots booked), by Redis's clock."""

        async def read() -> tuple[Any, Any]:
            return await self._redis.time(), await self._redis.lrange(self.key, 0, -1)

        (seconds, micros), grants = await redis_store.aguarded(read)
        return seconds + micros / 1e6, sorted(float(grant) for grant in grants)

    @property
    def keys(self) -> list[str]:
        """The Redis keys this limiter keeps its state in."""
        return [self.key, f"{self.key}:bulk", f"{self.key}:interactive"]

    async def _run(self, mode: str) -> _Decision:
        wait, booked, held, *slot = await redis_store.aguarded(
            lambda: self._script(keys=self.keys, args=[mode, *self._args])
        )
        return _Decision(float(wait), booked=bool(booked), held=bool(held), slot=_text(slot))

    async def _confirm(self, slot: float | str | None) -> tuple[float, float | str | None]:
        wait, stamp = await redis_store.aguarded(
            lambda: self._confirm_script(
                keys=self.keys[:1], args=[_text([slot]) or "", *self._confirm_args]
            )
        )
        return float(wait), _text([stamp])

    async def reserve(self) -> float:
        """Book the next free slot in Redis for interactive work; return how long to wait."""
        return (await self._run("interactive")).wait

    async def try_bulk(self, *, overdue: bool = False) -> _Decision:
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
        if priority is Priority.BULK:

            async def decide(overdue: bool) -> _Decision:
                return await self.try_bulk(overdue=overdue)

            return await _acquire_bulk(decide, self._confirm, self.policy, self._clock, self._sleep)
        booked = await self._run("interactive")
        waited = await _sleep_until_sent(booked.wait, booked.slot, self._confirm, self._sleep)
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
