"""The rule of the request budget: one budget for Altegio, the front desk first.

Altegio allows 5 requests a second and 200 a minute per IP address (docs/altegio.md §1.6), so
every worker of a deployment shares one budget. Each limiter hands out *reservations*: a caller
learns when its slot starts and sleeps until then, so bursts queue instead of failing.

Two classes of work share the budget, the front desk's in three tiers. Interactive work (lookups,
event checks, page loads, sign-in: the default) books the next free slot, first come first served;
a lookup's later calls, once its first has a slot (`finish_first()`), go where the calls sent leave
room, ahead of newer lookups' bookings, which check again before sending. What a lookup loads by
itself once its cards are on screen (the client card, `follow_up_work()`) never books ahead: it
takes a slot only when one is free now and no call is booked, so it never pushes another desk's new
lookup back. Bulk work (summary steps, CSV export, marked with `bulk_work()`) never books ahead
either. Both leave room for the desks' next lookups, because a call already sent holds its slot for
a whole second (a minute, in the per-minute window) and no queue order can take it back:

- the desk's share of the per-minute limit (`BudgetPolicy.desk_share`, 15%: 30 of Altegio's 200)
  is for lookups alone: follow-ups and bulk leave it free, overdue or not;
- a follow-up leaves a lookup's two calls free in every second (`follow_up_headroom`); while
  interactive calls were made recently, bulk leaves `headroom` (3), uses at most `bulk_share` of
  the per-minute limit, and takes no slot while a follow-up waits (follow-ups before bulk).

A reservation is only a place in the queue: a caller that slept until its slot checks again just
before sending, against the times calls were really sent (a busy worker wakes late, and a late call
would otherwise land less than a window before the next ones), and waits on if it must.

A follow-up never books ahead of a lookup. One that has waited `BudgetPolicy.follow_up_patience`
takes any slot free now, a lookup's headroom in the second included (it counts as the front desk's
work, never against bulk's share), but never the desk's share of the minute; when lookups keep the
budget that busy for `follow_up_deadline`, it gives up (`AltegioBudgetHeldBack`: the client card
says so and offers a retry) rather than delay the next desk's lookup. Bulk does not starve: alone,
bulk may use the whole budget; a bulk caller that has waited longer than
`BudgetPolicy.bulk_patience` books the next free slot like an interactive one while the desk's share
of the minute and bulk's own share hold (both free themselves within a minute unless the desks keep
the budget full: then the desks go first).
"""

import bisect
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..errors import AltegioBudgetHeldBack
from .grants import Grant
from .priority import Priority

Window = tuple[int, float]  # (at most this many requests, in any window of this many seconds)

MINUTE = 60.0
EPSILON = 1e-9


def windows_for(per_second: float, per_minute: int) -> list[Window]:
    """The sliding windows that express `per_second` and `per_minute` (0 turns a limit off)."""
    windows: list[Window] = []
    if per_second > 0:
        windows.append((round(per_second), 1.0) if per_second >= 1 else (1, 1.0 / per_second))
    if per_minute > 0:
        windows.append((per_minute, MINUTE))
    return windows


@dataclass(frozen=True)
class BudgetPolicy:
    """How bulk work yields to interactive work inside the shared budget."""

    interactive_window: float = 60.0  # interactive calls this recent make bulk leave headroom
    bulk_share: float = 0.6  # of the per-minute limit, while interactive work is recent
    headroom: int = 3  # calls kept free in every second (one lookup) while interactive is recent
    bulk_patience: float = 10.0  # a bulk caller waiting longer books the next free slot
    bulk_poll: float = 0.5  # the longest a held-back caller (bulk, follow-up) sleeps before asking
    # (a follow-up that asked this recently is still waiting: bulk holds back for it)
    follow_up_patience: float = 3.0  # a follow-up waiting longer books the next free slot
    follow_up_deadline: float = 50.0  # a follow-up held back this long gives up (proxies: 60 s)
    follow_up_headroom: int = 2  # calls a follow-up leaves free in every second (one lookup's)
    desk_share: float = 0.15  # of the per-minute limit, for lookups alone (the rest leave it)
    # Added to every window: Altegio counts arrivals, and a call sent a little late (a busy event
    # loop, a slow connection) would otherwise land less than a window after the next one.
    guard: float = 0.0

    def guarded(self, windows: Sequence[Window]) -> list[Window]:
        """The windows as the limiter keeps them: each `guard` seconds longer."""
        return [(limit, seconds + self.guard) for limit, seconds in windows]

    def bulk_windows(self, windows: Sequence[Window]) -> list[Window]:
        """The windows bulk must fit while interactive is recent: short ones keep headroom, the
        minute the desk's share."""
        return [
            (limit - min(self.headroom, limit - 1), seconds)
            if seconds < MINUTE
            else (max(1, limit - self.desk_reserve(limit)), seconds)
            for limit, seconds in windows
        ]

    def follow_up_windows(
        self, windows: Sequence[Window], *, overdue: bool = False
    ) -> list[Window]:
        """The windows a follow-up must fit: a lookup's calls free in the second (overdue, the
        whole second), the desk's share free in the minute."""
        headroom = 0 if overdue else self.follow_up_headroom
        return [
            (limit - min(headroom, limit - 1), seconds)
            if seconds < MINUTE
            else (max(1, limit - self.desk_reserve(limit)), seconds)
            for limit, seconds in windows
        ]

    def patience(self, bulk: bool) -> tuple[float, float | None]:
        """How long a held-back caller asks before booking, and before giving up (bulk: never)."""
        if bulk:
            return self.bulk_patience, None
        return self.follow_up_patience, self.follow_up_deadline

    def desk_reserve(self, limit: int) -> int:
        """Calls of a per-minute `limit` kept for lookups alone."""
        return math.floor(limit * self.desk_share)

    def share_window(self, windows: Sequence[Window]) -> Window | None:
        """The window bulk's own calls must fit while interactive is recent (None: no share)."""
        minute = [(limit, seconds) for limit, seconds in windows if seconds >= MINUTE]
        if not minute or self.bulk_share >= 1:
            return None
        limit, seconds = minute[-1]
        return (max(1, math.floor(limit * self.bulk_share)), seconds)


@dataclass(frozen=True)
class Decision:
    wait: float  # until the booked slot, or until it is worth asking again
    booked: bool
    held: bool  # held back for the front desk rather than by the budget itself
    slot: float | str | None = None  # the booked slot, as the limiter stores it


def ready_at(grants: Sequence[float], now: float, windows: Sequence[Window]) -> float:
    """When a call may really be sent, counting only calls sent (or due) by now."""
    due = bisect.bisect_right(grants, now)
    ready = now
    for limit, seconds in windows:
        if due >= limit:
            ready = max(ready, grants[due - limit] + seconds)
    return ready


def room_now(grants: Sequence[float], now: float, windows: Sequence[Window]) -> bool:
    """Whether one more call now keeps every window within its limit, counting the calls sent
    and the slots booked alike."""
    return all(
        len(grants) < limit or grants[-limit] + seconds <= now + EPSILON
        for limit, seconds in windows
    )


def next_slot(grants: Sequence[float], now: float, windows: Sequence[Window]) -> float:
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

    async def leaves_late(self, slot: float | str) -> float:
        """The call granted `slot` is only leaving now (a new connection, a busy worker): it holds
        its windows from now on, so the calls after it count from here, and it waits first if the
        calls sent meanwhile have filled them. How long it waited."""
        ...


async def sleep_until_sent(
    wait: float,
    slot: float | str | None,
    confirm: Callable[[float | str | None], Awaitable[tuple[float, float | str | None]]],
    sleep: Callable[[float], Awaitable[None]],
) -> tuple[float, float | str | None]:
    """Sleep until a booked slot, then until the calls really sent leave room; the time slept
    and the slot the call holds."""
    slept = 0.0
    while wait > 0:
        await sleep(wait)
        slept += wait
        wait, slot = await confirm(slot)
    return slept, slot


async def leave_now(
    slot: float | str,
    confirm: Callable[[float | str | None], Awaitable[tuple[float, float | str | None]]],
    sleep: Callable[[float], Awaitable[None]],
) -> float:
    """Stamp a call that leaves late again, at the moment it leaves, as a booked call is: the
    calls sent while it was held up may have taken its windows (its old stamp let them in), and
    then it waits until they leave room. How long it waited."""
    wait, stamp = await confirm(slot)
    slept, _ = await sleep_until_sent(wait, stamp, confirm, sleep)
    return slept


async def acquire_yielding(
    decide: Callable[[bool], Awaitable[Decision]],
    confirm: Callable[[float | str | None], Awaitable[tuple[float, float | str | None]]],
    policy: BudgetPolicy,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
    *,
    patience: float,
    deadline: float | None = None,
) -> Grant:
    """Ask until a slot is granted (bulk, follow-up), sleeping between asks; once `patience` is
    out, `decide(True)` books the next free slot instead of asking again. Still held back for the
    front desk after `deadline` seconds, give up (`AltegioBudgetHeldBack`, nothing sent)."""
    started, waited, held = clock(), 0.0, False
    while True:
        elapsed = max(clock() - started, waited)
        if deadline is not None and elapsed >= deadline:
            raise AltegioBudgetHeldBack(waited=elapsed)
        decision = await decide(elapsed >= patience)
        held |= decision.held
        if decision.booked:
            slept, slot = await sleep_until_sent(decision.wait, decision.slot, confirm, sleep)
            return Grant(waited=waited + slept, held_for_front_desk=held, slot=slot)
        pause = min(max(decision.wait, 0.01), policy.bulk_poll)
        await sleep(pause)
        waited += pause
