"""The request budget shared by every process that talks to the same Redis."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from .. import redis_store
from .grants import Grant
from .policy import BudgetPolicy, Decision, Window, acquire_yielding, leave_now, sleep_until_sent
from .priority import Priority
from .redis_scripts import BUDGET_SCRIPT, CONFIRM_SCRIPT


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
        self._script = self._redis.register_script(BUDGET_SCRIPT)
        self._confirm_script = self._redis.register_script(CONFIRM_SCRIPT)
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
        waited, slot = await sleep_until_sent(booked.wait, booked.slot, self._confirm, self._sleep)
        return Grant(waited=waited, slot=slot)

    async def leaves_late(self, slot: float | str) -> float:
        """The call granted `slot` is only leaving now (a new connection, a busy worker): it holds
        its windows from now on (Redis's clock), and waits first if the calls sent meanwhile, by
        any worker, filled them."""
        return await leave_now(slot, self._confirm, self._sleep)

    async def aclose(self) -> None:
        """Close the Redis connection pool."""
        await self._redis.aclose()


def _text(values: Sequence[object]) -> str | None:
    """A slot as Redis stores it (the script's text), or None."""
    if not values or values[0] is None:
        return None
    value = values[0]
    return value.decode() if isinstance(value, bytes) else str(value)
