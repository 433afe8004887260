"""The front-desk-first rule inside Redis: the local limiter's decisions, for every process.

Each scenario is a handful of decisions taken within a few milliseconds of Redis's clock, far
inside the 1-second window, so the outcome does not depend on the machine's speed.
"""

import asyncio
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from redis import Redis

from loyalty.altegio import BudgetPolicy, Priority, RedisRateLimiter
from loyalty.altegio.ratelimit.policy import Decision
from tests.helpers import redis_url

pytestmark = pytest.mark.redis

ALTEGIO_LIMITS = [(5, 1.0), (200, 60.0)]


def run_async[T](work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `work()` on a fresh loop, in a thread of its own if this one already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


@pytest.fixture
def key() -> Iterator[str]:
    """A limiter key of this test's own; its Redis keys are deleted afterwards."""
    name = f"loyaltydesk:test:budget:{uuid.uuid4().hex}"
    yield name
    client = Redis.from_url(redis_url())
    client.delete(name, f"{name}:bulk", f"{name}:interactive", f"{name}:follow-up-waiting")
    client.close()


def with_limiter[T](
    key: str,
    steps: Callable[[RedisRateLimiter], Coroutine[Any, Any, T]],
    *,
    windows: list[tuple[int, float]] = ALTEGIO_LIMITS,
    policy: BudgetPolicy | None = None,
) -> T:
    async def work() -> T:
        limiter = RedisRateLimiter(redis_url(), windows, policy=policy, key=key)
        try:
            return await steps(limiter)
        finally:
            await limiter.aclose()

    return run_async(work)


def test_alone_bulk_work_takes_the_whole_second(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> list[bool]:
        return [(await limiter.try_bulk()).booked for _ in range(6)]

    assert with_limiter(key, steps) == [True] * 5 + [False]


def test_after_a_lookup_bulk_leaves_three_calls_free_in_the_second(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[list[bool], bool, list[float]]:
        await limiter.reserve()  # the front desk made a call
        bulk = [await limiter.try_bulk() for _ in range(3)]
        lookup = [await limiter.reserve() for _ in range(3)]
        return [d.booked for d in bulk], bulk[-1].held, lookup

    booked, held, lookup_waits = with_limiter(key, steps)

    assert booked == [True, False, False]  # 1 desk call + 1 bulk call, 3 left free
    assert held  # held back for the desk, not by a full budget
    assert lookup_waits == pytest.approx([0.0] * 3, abs=0.05)  # the next lookup goes at once


def test_bulk_never_takes_a_slot_ahead_of_a_pending_lookup(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[bool, float, float]:
        for _ in range(6):
            await limiter.reserve()  # the 6th is booked a second ahead
        decision = await limiter.try_bulk()
        return decision.booked, decision.wait, await limiter.expected_wait()

    booked, wait, expected = with_limiter(key, steps)

    assert not booked
    assert wait == pytest.approx(1.0, abs=0.05)
    assert expected == pytest.approx(1.0, abs=0.05)  # the bulk ask booked nothing


def test_while_the_desk_is_busy_bulk_keeps_to_its_share_of_the_minute(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> list[bool]:
        await limiter.reserve()
        return [(await limiter.try_bulk()).booked for _ in range(8)]

    # 60 % of 10 a minute is 6; a roomy per-second limit, so only the share can hold bulk back.
    booked = with_limiter(key, steps, windows=[(100, 1.0), (10, 60.0)])

    assert booked == [True] * 6 + [False] * 2


def test_an_overdue_bulk_caller_books_the_next_free_slot_behind_the_desk(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[bool, float, float]:
        for _ in range(6):
            await limiter.reserve()
        decision = await limiter.try_bulk(overdue=True)
        return decision.booked, decision.wait, await limiter.expected_wait()

    booked, wait, expected = with_limiter(key, steps)

    assert booked
    assert wait == pytest.approx(1.0, abs=0.05)  # beside the lookup booked for 1 s from now
    assert expected == pytest.approx(1.0, abs=0.05)  # the 7th slot of that second is taken


def test_a_bulk_acquire_reports_that_it_was_held_back_for_the_desk(key: str) -> None:
    policy = BudgetPolicy(bulk_poll=0.05)

    async def steps(limiter: RedisRateLimiter) -> tuple[float, str, float]:
        for _ in range(2):
            await limiter.reserve()
        grant = await limiter.acquire(Priority.BULK)
        return grant.waited, grant.reason, await limiter.expected_wait()

    waited, reason, expected = with_limiter(key, steps, policy=policy)

    # Two desk calls in the second leave bulk no room until they leave the window.
    assert 0.5 < waited < 2.0
    assert reason == "front desk"
    assert expected == pytest.approx(0.0, abs=0.05)


def test_a_started_lookups_later_call_is_booked_before_other_desks_queued_lookups(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[list[float], float, list[float]]:
        queued = [await limiter.reserve() for _ in range(15)]  # 5 now, 5 in 1 s, 5 in 2 s
        finishing = await limiter.reserve(first=True)
        client = Redis.from_url(redis_url())
        book = [float(value) for value in client.lrange(key, 0, -1)]
        client.close()
        return queued, finishing, book

    queued, finishing, book = with_limiter(key, steps)

    assert queued[-1] == pytest.approx(2.0, abs=0.1)
    # It goes where the calls sent leave room, at 1 s, not after the queue at 3 s.
    assert finishing == pytest.approx(1.0, abs=0.1)
    assert book == sorted(book)  # the book stays in order for the next decisions
    assert len(book) == 16


def test_a_client_card_waits_behind_a_pending_lookup_even_when_overdue(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[list[bool], Decision, Decision, int]:
        alone = [(await limiter.try_follow_up()).booked for _ in range(4)]
        await limiter.reserve()  # a lookup's two calls: the second's 4th and 5th slots
        await limiter.reserve()
        await limiter.reserve()  # a new lookup's call, booked a second ahead
        held = await limiter.try_follow_up()
        overdue = await limiter.try_follow_up(overdue=True)
        client = Redis.from_url(redis_url())
        bulk_share = client.llen(f"{key}:bulk")
        client.close()
        return alone, held, overdue, bulk_share

    alone, held, overdue, bulk_share = with_limiter(key, steps)

    # Room now: it goes, but leaves a lookup's two calls free in the second.
    assert alone == [True, True, True, False]
    for decision in (held, overdue):  # held for the front desk: never booked ahead of the lookup
        assert not decision.booked
        assert decision.held
        assert decision.wait == pytest.approx(1.0, abs=0.05)
    assert bulk_share == 0  # front-desk work: never counted in bulk's share of the minute


def test_an_overdue_client_card_takes_the_seconds_headroom_but_not_the_desks_minute(
    key: str,
) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[bool, bool]:
        for _ in range(3):
            await limiter.reserve()
        return (await limiter.try_follow_up()).booked, (
            await limiter.try_follow_up(overdue=True)
        ).booked

    assert with_limiter(key, steps) == (False, True)


def test_a_client_card_leaves_the_desks_share_of_the_minute_free_even_when_overdue(
    key: str,
) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[bool, bool, bool, float]:
        for _ in range(15):
            await limiter.reserve()  # lookups: 15 of the minute's 20
        card = await limiter.try_follow_up()
        overdue = await limiter.try_follow_up(overdue=True)
        return card.booked, overdue.booked, overdue.held, await limiter.reserve()

    card, overdue, held, lookup_wait = with_limiter(
        key, steps, windows=[(100, 1.0), (20, 60.0)], policy=BudgetPolicy(desk_share=0.25)
    )

    assert not card
    assert not overdue
    assert held  # held back for the desks, not by a full budget
    assert lookup_wait == pytest.approx(0.0, abs=0.01)  # the next lookup goes at once


def test_bulk_takes_no_slot_while_a_client_card_waits(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[bool, bool, bool]:
        for _ in range(3):
            await limiter.reserve()  # a card would leave the second's last two free
        card = await limiter.try_follow_up()
        bulk = await limiter.try_bulk()
        return card.booked, bulk.booked, bulk.held

    card, bulk, held = with_limiter(key, steps)

    assert not card
    assert not bulk
    assert held  # held back for the card, the front desk's work


def test_an_overdue_bulk_caller_leaves_the_desks_share_of_the_minute(key: str) -> None:
    async def steps(limiter: RedisRateLimiter) -> tuple[bool, float]:
        for _ in range(15):
            await limiter.reserve()  # lookups: 15 of the minute's 20
        overdue = await limiter.try_bulk(overdue=True)
        return overdue.booked, await limiter.reserve()

    booked, lookup_wait = with_limiter(
        key,
        steps,
        windows=[(100, 1.0), (20, 60.0)],
        policy=BudgetPolicy(desk_share=0.25, bulk_share=1.0),
    )

    assert not booked
    assert lookup_wait == pytest.approx(0.0, abs=0.01)


def test_a_call_that_left_late_holds_its_window_from_when_it_left(key: str) -> None:
    # The same as the local limiter's: it is stamped again when its request really leaves.
    async def steps(limiter: RedisRateLimiter) -> tuple[float, float, float, list[float]]:
        grant = await limiter.acquire()
        on_time = await limiter.expected_wait()
        assert grant.slot is not None
        await asyncio.sleep(0.4)
        held = await limiter.leaves_late(grant.slot)
        _, grants = await limiter.book()
        return on_time, held, await limiter.expected_wait(), [g - float(grant.slot) for g in grants]

    on_time, held, late, moved = with_limiter(key, steps, windows=[(1, 1.0)])

    assert on_time == pytest.approx(1.0, abs=0.05)
    assert held == 0.0
    assert late == pytest.approx(1.0, abs=0.05)  # a second from when it left
    assert moved == [pytest.approx(0.4, abs=0.05)]


def test_a_call_held_up_past_its_window_waits_for_the_calls_sent_meanwhile(key: str) -> None:
    # Another worker's call took the next slot while this one was held up: leaving late, it waits
    # for the window that call opened rather than put two calls into it.
    async def steps(limiter: RedisRateLimiter) -> tuple[float, list[float]]:
        held_up = await limiter.acquire()
        await limiter.acquire()  # the next slot, 0.3 s on: sent then
        assert held_up.slot is not None
        await asyncio.sleep(0.15)  # the held-up call leaves 0.45 s after its slot
        held = await limiter.leaves_late(held_up.slot)
        _, grants = await limiter.book()
        return held, [g - float(held_up.slot) for g in grants]

    held, grants = with_limiter(key, steps, windows=[(1, 0.3)])

    assert held == pytest.approx(0.15, abs=0.05)
    assert grants == [pytest.approx(0.3, abs=0.05), pytest.approx(0.6, abs=0.05)]
