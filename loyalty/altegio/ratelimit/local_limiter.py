"""The request budget for one process (every event loop and thread in it)."""

import asyncio
import bisect
import threading
import time
from collections.abc import Awaitable, Callable, Sequence

from .grants import Grant
from .policy import (
    EPSILON,
    MINUTE,
    BudgetPolicy,
    Decision,
    Window,
    acquire_yielding,
    leave_now,
    next_slot,
    ready_at,
    room_now,
    sleep_until_sent,
)
from .priority import Priority


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
        self._bulk_minute = [w for w in self._bulk_windows if w[1] >= MINUTE]
        self._follow_up_asked: float | None = None  # when a follow-up last was held back
        self._follow_up_windows = {
            overdue: self.policy.follow_up_windows(self._windows, overdue=overdue)
            for overdue in (False, True)
        }
        self._last_interactive: float | None = None

    def reserve(self) -> float:
        """Book the next free slot for interactive work and return how long to wait for it."""
        return self._reserve()[0]

    def _reserve(self, *, first: bool = False) -> tuple[float, float]:
        with self._lock:
            now = self._clock()
            # A finishing call goes where the calls sent by now leave room, ahead of the slots
            # booked for others: they check again before sending (`_confirm`) and wait on.
            place = ready_at if first else next_slot
            slot = place(self._grants, now, self._windows)
            self._keep(slot)
            self._last_interactive = now
            return slot - now, slot

    def _drop(self, slot: float) -> bool:
        """Take the grant of `slot` out of the book (lock held); False if it is no longer there."""
        at = bisect.bisect_left(self._grants, slot)
        if at < len(self._grants) and self._grants[at] == slot:
            del self._grants[at]
            return True
        return False

    def _keep(self, slot: float) -> None:
        bisect.insort(self._grants, slot)
        del self._grants[: -self._depth]

    def confirm(self, slot: float) -> float:
        """Just before sending a call booked for `slot`: 0 to send now, else how long to wait."""
        return self._confirm(slot)[0]

    def _confirm(self, slot: float) -> tuple[float, float]:
        with self._lock:
            now = self._clock()
            self._drop(slot)
            ready = ready_at(self._grants, now, self._windows)
            if ready <= now + EPSILON:
                self._keep(now)
                return 0.0, now
            self._keep(ready)
            return ready - now, ready

    async def _confirm_text(self, slot: float | str | None) -> tuple[float, float | str | None]:
        return self._confirm(float(slot or 0.0))

    def book(self) -> tuple[float, list[float]]:
        """Now, and every grant in the book (calls sent and slots booked), by this clock."""
        with self._lock:
            return self._clock(), list(self._grants)

    def expected_wait_now(self) -> float:
        """How long an interactive call asking now would wait (books nothing)."""
        with self._lock:
            now = self._clock()
            return next_slot(self._grants, now, self._windows) - now

    async def expected_wait(self) -> float:
        """How long an interactive call asking now would wait, in seconds (books nothing)."""
        return self.expected_wait_now()

    def try_bulk(self, *, overdue: bool = False) -> Decision:
        """Take a slot for bulk work if the rules allow it now; else say when to ask again."""
        with self._lock:
            now = self._clock()
            free = next_slot(self._grants, now, self._windows)
            last = self._last_interactive
            recent = last is not None and now - last < self.policy.interactive_window
            if not recent:
                if free <= now + EPSILON:
                    return self._book_bulk(now, now)
                return Decision(free - now, booked=False, held=False)
            if self._follow_up_waiting(now):  # follow-ups before bulk
                return Decision(self.policy.bulk_poll, booked=False, held=True)
            share_at = next_slot(self._bulk, now, [self._share]) if self._share else now
            if overdue:
                desks_room = room_now(self._grants, now, self._bulk_minute)
                if share_at > now + EPSILON or not desks_room:
                    return Decision(max(share_at - now, self.policy.bulk_poll), False, held=True)
                return self._book_bulk(free, now)
            allowed = max(next_slot(self._grants, now, self._bulk_windows), share_at)
            if allowed <= now + EPSILON:
                return self._book_bulk(now, now)
            return Decision(allowed - now, booked=False, held=allowed > free + EPSILON)

    def try_follow_up(self, *, overdue: bool = False) -> Decision:
        """Take a slot for a follow-up if one is free now in its windows and none is booked
        ahead; else say when to ask again. Overdue, the second's headroom is its too, never the
        desk's share of the minute (front-desk work: no bulk share)."""
        with self._lock:
            now = self._clock()
            free = next_slot(self._grants, now, self._windows)
            allowed = next_slot(self._grants, now, self._follow_up_windows[overdue])
            if allowed <= now + EPSILON:
                self._keep(now)
                self._last_interactive = now
                return Decision(0.0, booked=True, held=False, slot=now)
            ahead = bool(self._grants) and self._grants[-1] > now + EPSILON
            held = ahead or allowed > free + EPSILON
            self._follow_up_asked = now
            return Decision(allowed - now, booked=False, held=held)

    def _follow_up_waiting(self, now: float) -> bool:
        asked = self._follow_up_asked
        return asked is not None and now - asked < self.policy.bulk_poll + EPSILON

    def _book_bulk(self, slot: float, now: float) -> Decision:
        self._keep(slot)
        bisect.insort(self._bulk, slot)
        del self._bulk[: -(self._share[0] if self._share else 1)]
        return Decision(slot - now, booked=True, held=False, slot=slot)

    async def acquire(self, priority: Priority = Priority.INTERACTIVE) -> Grant:
        """Wait for a slot; say how long the caller waited and why."""
        if not self.windows:
            return Grant()

        if priority in (Priority.BULK, Priority.FOLLOW_UP):
            bulk = priority is Priority.BULK

            async def decide(overdue: bool) -> Decision:
                if bulk:
                    return self.try_bulk(overdue=overdue)
                return self.try_follow_up(overdue=overdue)

            patience, deadline = self.policy.patience(bulk)
            return await acquire_yielding(
                decide,
                self._confirm_text,
                self.policy,
                self._clock,
                self._sleep,
                patience=patience,
                deadline=deadline,
            )
        wait, slot = self._reserve(first=priority is Priority.FINISHING)
        waited, held = await sleep_until_sent(wait, slot, self._confirm_text, self._sleep)
        return Grant(waited=waited, slot=held)

    async def leaves_late(self, slot: float | str) -> float:
        """The call granted `slot` is only leaving now (a new connection, a busy worker): it holds
        its windows from now on, and waits first if the calls sent meanwhile filled them."""
        return await leave_now(slot, self._confirm_text, self._sleep)
