"""The client-side limiter queues requests under Altegio's 5/s, 200/min (docs/altegio.md §1.6)."""

import asyncio
import threading

import httpx
import pytest

from loyalty.altegio import AltegioClient
from loyalty.altegio.memberships import list_client_memberships
from loyalty.altegio.ratelimit import LocalRateLimiter, windows_for

from . import payloads
from .fake import USER_TOKEN, FakeAltegio, FakeClock, run_async

ALTEGIO_LIMITS = [(5, 1.0), (200, 60.0)]


class Waits:
    """A fake sleep that records each wait and moves the fake clock on by it."""

    def __init__(self, clock: FakeClock) -> None:
        self.waits: list[float] = []
        self.clock = clock

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)  # let every concurrent caller book its slot first
        self.clock.now += seconds


def grant_times(limiter: LocalRateLimiter, clock: FakeClock, count: int) -> list[float]:
    """Reserve `count` slots at the clock's current time; return when each one starts."""
    return [clock() + limiter.reserve() for _ in range(count)]


def assert_within(times: list[float], limit: int, seconds: float) -> None:
    ordered = sorted(times)
    for first, last in zip(ordered, ordered[limit:], strict=False):
        assert last - first >= seconds - 1e-9, f"more than {limit} grants in {seconds} s"


def test_altegios_limits_become_a_per_second_and_a_per_minute_window() -> None:
    assert windows_for(5, 200) == ALTEGIO_LIMITS
    assert windows_for(2.5, 0) == [(2, 1.0)]
    assert windows_for(0.5, 0) == [(1, 2.0)]
    assert windows_for(0, 100) == [(100, 60.0)]
    assert windows_for(0, 0) == []


def test_a_burst_of_twelve_queues_five_per_second() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)

    waits = [limiter.reserve() for _ in range(12)]

    assert waits == [0.0] * 5 + [1.0] * 5 + [2.0] * 2


def test_the_per_second_window_slides_rather_than_resetting_on_the_second() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter([(5, 1.0)], clock=clock)
    times = []
    for now in (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.05, 1.1):
        clock.now = now
        times += grant_times(limiter, clock, 1)

    # The 6th asked at 0.9 s waits until 1.0 s (1 s after the 1st); the 7th until 1.2 s.
    assert times == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4])
    assert_within(times, 5, 1.0)


def test_after_a_quiet_spell_requests_go_at_once() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    grant_times(limiter, clock, 10)

    clock.now = 5.0

    assert [limiter.reserve() for _ in range(5)] == [0.0] * 5


def test_the_201st_request_in_a_minute_waits_for_the_minute_window() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)

    times = grant_times(limiter, clock, 206)

    assert times[199] == 39.0  # 200 requests at 5/s fill 40 seconds
    assert times[200:205] == [60.0] * 5  # then wait for the first to leave the minute
    assert times[205] == 61.0
    assert_within(times, 5, 1.0)
    assert_within(times, 200, 60.0)


def test_a_slower_rate_than_one_a_second_spaces_requests_evenly() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(windows_for(0.5, 0), clock=clock)

    assert grant_times(limiter, clock, 4) == [0.0, 2.0, 4.0, 6.0]


def test_acquire_queues_instead_of_failing_and_reports_the_wait() -> None:
    clock = FakeClock(0.0)
    sleep = Waits(clock)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock, sleep=sleep)

    async def burst() -> list[float]:
        grants = await asyncio.gather(*[limiter.acquire() for _ in range(7)])
        return [grant.waited for grant in grants]

    waited = run_async(burst)

    assert waited == [0.0] * 5 + [1.0, 1.0]
    assert sleep.waits == [1.0, 1.0]  # only the queued ones sleep


def test_no_windows_means_no_waiting() -> None:
    clock = FakeClock(0.0)
    sleep = Waits(clock)
    limiter = LocalRateLimiter([], clock=clock, sleep=sleep)

    async def burst() -> list[float]:
        return [(await limiter.acquire()).waited for _ in range(50)]

    assert run_async(burst) == [0.0] * 50
    assert sleep.waits == []


def test_event_loops_in_several_threads_share_one_budget() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    times: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = grant_times(limiter, clock, 25)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(times) == [float(second) for second in range(20) for _ in range(5)]
    assert_within(times, 5, 1.0)


def test_a_burst_of_lookups_through_the_client_is_queued_not_refused(
    altegio: FakeAltegio,
) -> None:
    clock = FakeClock(0.0)
    sleep = Waits(clock)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock, sleep=sleep)
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    async def burst(client):
        api = client.as_user(USER_TOKEN)
        return await asyncio.gather(
            *[
                list_client_memberships(api, location_id=720441, phone_digits=f"1315555{n:04}")
                for n in range(12)
            ]
        )

    results = altegio.run(burst, limiter=limiter)

    assert len(results) == 12
    assert all(len(found) == 1 for found in results)
    assert len(altegio.requests) == 12
    assert sorted(sleep.waits) == [1.0] * 5 + [2.0] * 2


# --- A call that leaves late counts from when it left ---------------------------------------------


def test_a_call_that_left_late_holds_its_window_from_when_it_left() -> None:
    # A new connection's handshake held the request back 0.4 s after its slot: Altegio counts it
    # then, so the next call in a one-a-second window waits until 1.4 s, not 1.0 s.
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter([(1, 1.0)], clock=clock, sleep=Waits(clock))

    async def steps() -> tuple[float, float, float]:
        grant = await limiter.acquire()
        on_time = limiter.expected_wait_now()
        assert grant.slot is not None
        clock.now += 0.4
        held = await limiter.leaves_late(grant.slot)
        return on_time, held, limiter.expected_wait_now()

    on_time, held, late = run_async(steps)
    assert on_time == pytest.approx(1.0)
    assert held == 0.0  # its window was still its own
    assert late == pytest.approx(1.0)  # from 0.4 s, when it left


def test_a_call_held_up_past_its_window_waits_for_the_calls_sent_meanwhile() -> None:
    # A busy worker holds a granted call back 1.5 s; meanwhile the next slot (1.0 s) was granted
    # and sent. Leaving at 1.5 s would put two calls into one second: it waits until 2.0 s.
    clock = FakeClock(0.0)
    waits = Waits(clock)
    limiter = LocalRateLimiter([(1, 1.0)], clock=clock, sleep=waits)

    async def steps() -> tuple[float, list[float]]:
        held_up = await limiter.acquire()
        await limiter.acquire()  # booked for 1.0 s, sent then
        assert held_up.slot is not None
        clock.now = 1.5
        held = await limiter.leaves_late(held_up.slot)
        return held, limiter.book()[1]

    held, grants = run_async(steps)
    assert held == pytest.approx(0.5)
    assert grants == [pytest.approx(1.0), pytest.approx(2.0)]


@pytest.mark.parametrize(("handshake", "held_from"), [(0.0, 0.0), (0.4, 0.4)])
def test_a_request_whose_headers_leave_late_moves_its_slot_there(
    altegio: FakeAltegio, handshake: float, held_from: float
) -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter([(1, 1.0)], clock=clock)

    async def connect_then_send(request: httpx.Request) -> httpx.Response:
        # As httpcore does: the trace hook hears when the headers start to leave.
        clock.now += handshake
        await request.extensions["trace"]("http11.send_request_headers.started", {})
        return httpx.Response(200, json=payloads.CLIENT_MEMBERSHIPS)

    async def work(client: AltegioClient) -> tuple[float, list[float]]:
        api = client.as_user(USER_TOKEN)
        await list_client_memberships(api, location_id=720441, phone_digits="13155550178")
        return limiter.book()

    transport = httpx.MockTransport(connect_then_send)
    _, grants = altegio.run(work, limiter=limiter, transport=transport, clock=clock)

    assert grants == [pytest.approx(held_from)]
