"""The front desk goes first: bulk work (summary, export) yields inside Altegio's one budget.

Every scenario runs on virtual time: callers sleep on a fake clock that jumps to the next wake-up
once every caller is asleep, so the tests never depend on how fast the machine is.
"""

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from loyalty.altegio import (
    AltegioBudgetHeldBack,
    BudgetPolicy,
    Grant,
    LocalRateLimiter,
    Priority,
    bulk_work,
    current_priority,
    finish_first,
    follow_up_work,
    track_waits,
)
from loyalty.altegio.memberships import list_client_memberships
from loyalty.altegio.ratelimit import note_started

from . import payloads
from .fake import USER_TOKEN, FakeAltegio, FakeClock, run_async

ALTEGIO_LIMITS = [(5, 1.0), (200, 60.0)]
BULK, INTERACTIVE, FINISHING = Priority.BULK, Priority.INTERACTIVE, Priority.FINISHING


@dataclass
class VirtualTime:
    """A clock and a sleep for many concurrent callers: time jumps when everyone sleeps."""

    clock: FakeClock = field(default_factory=lambda: FakeClock(0.0))
    _sleepers: list[tuple[float, int, asyncio.Future[None]]] = field(default_factory=list)
    _order: "itertools.count[int]" = field(default_factory=itertools.count)

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        wake = self.clock.now + max(0.0, seconds)
        heapq.heappush(self._sleepers, (wake, next(self._order), future))
        await future

    async def run(self, *callers: Awaitable[None], until: float) -> None:
        """Run the callers until they finish or virtual time reaches `until`."""
        tasks = [asyncio.ensure_future(caller) for caller in callers]
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every woken caller run up to its next sleep
                await asyncio.sleep(0)
            if not self._sleepers:
                continue
            wake, _, future = heapq.heappop(self._sleepers)
            if wake > until:
                break
            self.clock.now = max(self.clock.now, wake)
            future.set_result(None)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for task in tasks:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]


@dataclass(frozen=True)
class Call:
    """One call that got its slot: when it asked, when it started, its class and grant."""

    asked: float
    started: float
    priority: Priority
    grant: Grant


@dataclass
class Scenario:
    """A limiter on virtual time and the calls its callers made."""

    policy: BudgetPolicy = field(default_factory=BudgetPolicy)
    windows: list[tuple[int, float]] = field(default_factory=lambda: list(ALTEGIO_LIMITS))
    time: VirtualTime = field(default_factory=VirtualTime)
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.limiter = LocalRateLimiter(
            self.windows, policy=self.policy, clock=self.time.clock, sleep=self.time.sleep
        )

    @property
    def now(self) -> float:
        return self.time.clock.now

    async def call(self, priority: Priority) -> Call:
        """Ask for one slot and record when it started."""
        asked = self.now
        grant = await self.limiter.acquire(priority)
        call = Call(asked, self.now, priority, grant)
        self.calls.append(call)
        return call

    async def bulk_worker(self, *, count: int = 10_000) -> None:
        """A summary or export: one call after another (each takes 100 ms upstream)."""
        for _ in range(count):
            await self.call(BULK)
            await self.time.sleep(0.1)

    async def desk(self, *, at: list[float], lookups: list[list[Call]] | None = None) -> None:
        """A front desk looking someone up (3 calls at once) at each of the given times."""
        for moment in at:
            await self.time.sleep(moment - self.now)
            done = await asyncio.gather(*[self.call(INTERACTIVE) for _ in range(3)])
            if lookups is not None:
                lookups.append(list(done))

    def run(self, *callers: Callable[[], Awaitable[None]], until: float) -> None:
        async def main() -> None:
            await self.time.run(*[caller() for caller in callers], until=until)

        run_async(main)

    def starts(self, priority: Priority | None = None) -> list[float]:
        return sorted(c.started for c in self.calls if priority in (None, c.priority))


def most_in_any_window(times: list[float], seconds: float) -> int:
    """The most start times inside any window [t, t + seconds)."""
    ordered = sorted(times)
    best, first = 0, 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= seconds - 1e-9:
            first += 1
        best = max(best, last - first + 1)
    return best


def test_alone_bulk_work_uses_the_whole_budget() -> None:
    scenario = Scenario()

    scenario.run(scenario.bulk_worker, scenario.bulk_worker, until=70.0)

    starts = scenario.starts()
    # 5 a second until the minute's 200 are spent, then the minute window paces it.
    assert len([t for t in starts if t < 40.0]) == 200
    assert len([t for t in starts if t < 60.0]) == 200
    assert most_in_any_window(starts, 1.0) == 5
    assert most_in_any_window(starts, 60.0) == 200


def test_a_lookup_overtakes_bulk_work_that_was_already_waiting() -> None:
    scenario = Scenario()
    lookups: list[list[Call]] = []

    scenario.run(
        scenario.bulk_worker,
        scenario.bulk_worker,
        scenario.bulk_worker,
        lambda: scenario.desk(at=[10.35], lookups=lookups),
        until=14.0,
    )

    (lookup,) = lookups
    asked = lookup[0].asked
    last_lookup_call = max(call.started for call in lookup)
    # Bulk callers were queued before the lookup asked; none of them started before its last call.
    bulk_between = [t for t in scenario.starts(BULK) if asked < t < last_lookup_call]
    assert bulk_between == []
    # The lookup waited only for slots already sent (a call holds its slot for a whole second).
    assert last_lookup_call - asked <= 1.0
    assert all(call.grant.reason in ("", "budget") for call in lookup)


def test_while_the_desk_is_busy_bulk_leaves_a_lookups_worth_free_every_second() -> None:
    scenario = Scenario()
    lookups: list[list[Call]] = []
    desk_times = [0.0, *[5.0 + 2.7 * n for n in range(10)]]

    scenario.run(
        scenario.bulk_worker,
        scenario.bulk_worker,
        lambda: scenario.desk(at=desk_times, lookups=lookups),
        until=40.0,
    )

    # Bulk never has more than 5 - 3 calls in any second, so every lookup went straight out.
    assert most_in_any_window(scenario.starts(BULK), 1.0) == 2
    assert len(lookups) == len(desk_times)
    assert all(call.grant.waited == 0 for lookup in lookups for call in lookup)
    # Bulk callers learn why they waited: mostly held back for the desk, not a full budget.
    reasons = [c.grant.reason for c in scenario.calls if c.priority is BULK and c.grant.waited]
    assert reasons.count("front desk") > reasons.count("budget") > 0


def test_while_the_desk_is_busy_bulk_keeps_to_its_share_of_the_minute() -> None:
    # A generous per-second limit, so only the per-minute share can hold bulk back.
    scenario = Scenario(windows=[(50, 1.0), (200, 60.0)])
    desk_times = [0.0, *[10.0 * n for n in range(1, 13)]]

    scenario.run(
        scenario.bulk_worker,
        scenario.bulk_worker,
        scenario.bulk_worker,
        lambda: scenario.desk(at=desk_times),
        until=125.0,
    )

    bulk = scenario.starts(BULK)
    assert most_in_any_window(bulk, 60.0) == 120  # 60 % of 200
    assert most_in_any_window(scenario.starts(), 60.0) <= 200
    assert len(bulk) >= 2 * 120  # held back, not stopped: a share every minute


def test_bulk_work_is_not_starved_by_a_desk_that_never_stops() -> None:
    scenario = Scenario(policy=BudgetPolicy(bulk_patience=10.0))
    bulk_calls: list[Call] = []

    async def busy_desk() -> None:
        while True:  # more lookups than the budget: a reservation is always pending
            await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(6)])

    async def one_bulk_call() -> None:
        await scenario.time.sleep(2.0)
        bulk_calls.append(await scenario.call(BULK))

    scenario.run(busy_desk, one_bulk_call, until=30.0)

    (call,) = bulk_calls
    # It waited its patience out, then booked the next free slot like a lookup would.
    assert 10.0 <= call.grant.waited <= 10.0 + 2.0
    assert call.grant.reason == "front desk"
    assert most_in_any_window(scenario.starts(), 1.0) == 5


def test_an_interactive_call_waiting_for_a_full_budget_says_so() -> None:
    scenario = Scenario()

    async def burst() -> None:
        await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(7)])

    scenario.run(burst, until=5.0)

    reasons = sorted(call.grant.reason for call in scenario.calls)
    assert reasons == [""] * 5 + ["budget"] * 2


def test_how_long_an_interactive_call_would_wait_is_known_without_booking() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    assert limiter.expected_wait_now() == 0.0
    for _ in range(6):
        limiter.reserve()

    assert limiter.expected_wait_now() == pytest.approx(1.0)
    assert limiter.expected_wait_now() == pytest.approx(1.0)  # asking books nothing
    clock.now = 0.5
    assert run_async(limiter.expected_wait) == pytest.approx(0.5)


def test_bulk_never_books_ahead_of_a_pending_lookup() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    for _ in range(6):
        limiter.reserve()  # the 6th is booked for t = 1.0

    decision = limiter.try_bulk()

    assert not decision.booked
    assert decision.wait == pytest.approx(1.0)
    assert limiter.expected_wait_now() == pytest.approx(1.0)  # nothing was taken


def test_calls_are_interactive_unless_marked_as_bulk_work() -> None:
    assert current_priority() is INTERACTIVE
    with bulk_work():
        assert current_priority() is BULK
    assert current_priority() is INTERACTIVE


def test_inside_a_lookup_the_calls_after_its_first_slot_finish_first_and_bulk_stays_bulk() -> None:
    with finish_first():
        assert current_priority() is INTERACTIVE
        note_started()
        assert current_priority() is FINISHING
        with bulk_work():
            assert current_priority() is BULK
    assert current_priority() is INTERACTIVE
    note_started()  # outside a lookup it marks nothing
    assert current_priority() is INTERACTIVE
    # Metrics keep counting a finishing call as the front desk's.
    assert [p.work for p in (INTERACTIVE, FINISHING, BULK)] == ["interactive"] * 2 + ["bulk"]


def a_started_lookups_second_round(priority: Priority) -> tuple[Call, list[Call], list[float]]:
    """A lookup's two calls at 0 s, four other desks' lookups at 0.05 s, then at 0.2 s the first
    lookup's second round (its types by id) asks with `priority`."""
    scenario = Scenario()
    second: list[Call] = []
    others: list[Call] = []

    async def started_lookup() -> None:
        await asyncio.gather(scenario.call(INTERACTIVE), scenario.call(INTERACTIVE))
        await scenario.time.sleep(0.2)
        second.append(await scenario.call(priority))

    async def other_desks() -> None:
        await scenario.time.sleep(0.05)
        others.extend(await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(8)]))

    scenario.run(started_lookup, other_desks, until=10.0)
    return second[0], others, scenario.starts()


def test_a_started_lookups_second_round_goes_before_the_lookups_other_desks_started_after_it():
    second, others, starts = a_started_lookups_second_round(FINISHING)
    # The first second's 5 slots are gone; it takes the first slot that frees, at 1 s, while the
    # other desks' last calls wait on to 2 s.
    assert second.started == pytest.approx(1.0)
    assert max(call.started for call in others) == pytest.approx(2.0)
    assert most_in_any_window(starts, 1.0) == 5


def test_first_come_the_same_second_round_would_queue_behind_every_lookup_started_meanwhile():
    second, others, starts = a_started_lookups_second_round(INTERACTIVE)
    assert second.started > max(call.started for call in others)
    assert most_in_any_window(starts, 1.0) == 5


class RecordingLimiter:
    """Grants at once and records the priority each call asked with."""

    def __init__(self) -> None:
        self.asked: list[Priority] = []

    async def acquire(self, priority: Priority = INTERACTIVE) -> Grant:
        self.asked.append(priority)
        return Grant(waited=1.5 if priority is BULK else 0.0, held_for_front_desk=True)

    async def expected_wait(self) -> float:
        return 0.0


def test_the_http_boundary_asks_the_limiter_with_the_callers_priority(
    altegio: FakeAltegio,
) -> None:
    limiter = RecordingLimiter()
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    async def both(client):
        api = client.as_user(USER_TOKEN)
        await list_client_memberships(api, location_id=720441, phone_digits="13155550178")
        with bulk_work(), track_waits() as waits:
            await asyncio.gather(
                list_client_memberships(api, location_id=720441, phone_digits="13155550100"),
                list_client_memberships(api, location_id=720441, phone_digits="13155550101"),
            )
        return waits

    waits = altegio.run(both, limiter=limiter)

    assert limiter.asked == [INTERACTIVE, BULK, BULK]
    # What a progress line can tell: two calls, held back for the front desk, 1.5 s at most.
    assert (waits.calls, waits.waited, waits.held_for_front_desk) == (2, 1.5, True)


def test_a_lookups_calls_after_its_first_slot_ask_the_limiter_to_finish_first(
    altegio: FakeAltegio,
) -> None:
    limiter = RecordingLimiter()
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    async def lookup_then_another(client):
        api = client.as_user(USER_TOKEN)
        with finish_first():
            await list_client_memberships(api, location_id=720441, phone_digits="13155550178")
            await list_client_memberships(api, location_id=720441, phone_digits="13155550100")
        with finish_first():
            await list_client_memberships(api, location_id=720441, phone_digits="13155550101")

    altegio.run(lookup_then_another, limiter=limiter)

    assert limiter.asked == [INTERACTIVE, FINISHING, INTERACTIVE]


def test_a_call_that_woke_late_counts_from_when_it_was_really_sent() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter([(5, 1.0)], clock=clock)
    for _ in range(5):
        limiter.reserve()  # sent at 0.0
    assert limiter.reserve() == 1.0  # the 6th is booked for 1.0…
    clock.now = 1.4
    assert limiter.confirm(1.0) == 0.0  # …but its worker was busy: it goes out at 1.4

    clock.now = 1.5
    starts = [1.4] + [clock.now + limiter.reserve() for _ in range(5)]

    # Booked from the 1.0 slot, the 11th would go at 2.0, six calls within 0.6 s at Altegio.
    assert starts == pytest.approx([1.4, 1.5, 1.5, 1.5, 1.5, 2.4])


def test_a_call_that_wakes_before_the_calls_really_sent_leave_room_waits_on() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter([(5, 1.0)], clock=clock)
    limiter.reserve()  # booked for 0.0, but its worker only sends it at 0.6 (below)
    clock.now = 0.2
    for _ in range(4):
        limiter.reserve()
    assert limiter.reserve() == pytest.approx(0.8)  # the 6th is booked for 1.0
    clock.now = 0.6
    assert limiter.confirm(0.0) == 0.0  # the 1st really goes out now
    clock.now = 1.0

    # At 1.0 the calls really sent in the last second are 4 at 0.2 and 1 at 0.6: wait to 1.2.
    assert limiter.confirm(1.0) == pytest.approx(0.2)


FOLLOW_UP = Priority.FOLLOW_UP


def test_a_client_card_never_books_ahead_of_a_pending_lookup() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    for _ in range(6):
        limiter.reserve()  # the 6th is booked for t = 1.0

    decision = limiter.try_follow_up()

    assert not decision.booked
    assert decision.held  # waiting for the front desk's booked call, not a full budget
    assert decision.wait == pytest.approx(1.0)
    assert limiter.expected_wait_now() == pytest.approx(1.0)  # nothing was taken
    clock.now = 1.0
    limiter.confirm(1.0)  # the booked call goes: a second's 4 slots are free again
    assert limiter.try_follow_up().booked


def test_other_desks_new_lookups_go_before_a_client_card_that_asked_earlier() -> None:
    def run(card: Priority) -> tuple[list[float], list[float]]:
        scenario = Scenario()
        lookups: list[Call] = []
        cards: list[Call] = []

        async def desks() -> None:
            await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(5)])  # second full
            await scenario.time.sleep(0.2)
            lookups.extend(await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(4)]))

        async def client_card() -> None:
            await scenario.time.sleep(0.1)  # a lookup's cards are on screen; its card follows
            cards.extend(await asyncio.gather(scenario.call(card), scenario.call(card)))

        scenario.run(desks, client_card, until=10.0)
        assert most_in_any_window(scenario.starts(), 1.0) == 5
        return [c.started for c in lookups], [c.started for c in cards]

    lookups, cards = run(FOLLOW_UP)
    # The two new lookups take the first 4 slots that free (1 s); the client card the 5th and,
    # a second later, the next: it waited for them, never they for it.
    assert lookups == pytest.approx([1.0] * 4)
    assert min(cards) >= max(lookups)
    assert max(cards) <= 2.0 + 1e-9
    # First come, first served, the card asked first and would push a new lookup back.
    lookups, cards = run(INTERACTIVE)
    assert max(lookups) == pytest.approx(2.0)


def test_an_overdue_client_card_takes_the_seconds_headroom_never_a_booked_slot() -> None:
    scenario = Scenario(policy=BudgetPolicy(follow_up_patience=3.0, follow_up_deadline=20.0))
    cards: list[Call] = []
    gave_up: list[AltegioBudgetHeldBack] = []

    async def steady_desks() -> None:
        while True:  # three calls every second: a card never finds a lookup's two free
            await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(3)])
            await scenario.time.sleep(1.0)

    async def busy_desk() -> None:
        await scenario.time.sleep(30.0)
        while True:  # more lookups than the budget: a reservation is always pending
            await asyncio.gather(*[scenario.call(INTERACTIVE) for _ in range(6)])

    def card_at(at: float) -> Callable[[], Awaitable[None]]:
        async def card_call() -> None:
            await scenario.time.sleep(at - scenario.now)
            try:
                cards.append(await scenario.call(FOLLOW_UP))
            except AltegioBudgetHeldBack as exc:
                gave_up.append(exc)

        return card_call

    scenario.run(steady_desks, busy_desk, card_at(2.5), card_at(31.0), until=80.0)

    (call,) = cards
    # Its patience out, it took the second's 4th slot, free then: a lookup's headroom.
    assert 3.0 <= call.grant.waited <= 3.0 + 1.2
    (given_up,) = gave_up
    # Behind desks that always have a call booked, it books none ahead of them: it gives up.
    assert 20.0 <= given_up.waited <= 21.0
    assert most_in_any_window(scenario.starts(), 1.0) == 5


def test_a_client_card_is_front_desk_work_bulk_leaves_room_for_and_never_in_bulks_share() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter([(5, 1.0), (4, 60.0)], clock=clock, policy=BudgetPolicy(headroom=3))
    assert limiter.try_follow_up().booked

    # Bulk now leaves 3 calls free in the second, as after a lookup's call.
    assert [limiter.try_bulk().booked for _ in range(2)] == [True, False]
    # The minute's 4 (bulk's share: 2) hold 1 follow-up and 1 bulk call: bulk has a share left.
    clock.now = 1.5
    assert limiter.try_bulk().booked
    assert Priority.FOLLOW_UP.work == "interactive"


MINUTE_OF_20 = [(5, 1.0), (20, 60.0)]
DESK_QUARTER = BudgetPolicy(desk_share=0.25)  # 5 of the minute's 20 for lookups alone


def test_a_client_card_leaves_the_desks_share_of_the_minute_free_even_when_overdue() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(MINUTE_OF_20, clock=clock, policy=DESK_QUARTER)
    for _ in range(15):  # lookups, one every 0.4 s: the second never fills
        assert limiter.reserve() == 0.0
        clock.now += 0.4

    card = limiter.try_follow_up()
    overdue = limiter.try_follow_up(overdue=True)

    assert not card.booked
    assert card.held
    assert not overdue.booked
    assert overdue.held
    assert limiter.reserve() == 0.0  # the next lookup goes at once
    # Once the first lookups leave the minute, the card goes.
    clock.now = 61.0
    assert limiter.try_follow_up().booked


def test_a_client_card_leaves_a_lookups_two_calls_free_in_the_second() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    limiter.reserve()
    limiter.reserve()

    assert limiter.try_follow_up().booked  # the 3rd call of the second
    held = limiter.try_follow_up()

    assert not held.booked
    assert held.held
    assert [limiter.reserve() for _ in range(2)] == [0.0, 0.0]  # a new lookup's two go now


def test_a_client_card_held_back_past_its_deadline_gives_up_and_sends_nothing() -> None:
    scenario = Scenario(
        policy=BudgetPolicy(desk_share=0.25, follow_up_deadline=20.0), windows=MINUTE_OF_20
    )
    outcome: list[BaseException] = []

    async def desks() -> None:
        for _ in range(16):  # 16 of the minute's 20: the card's 15 are used up until 60 s
            await scenario.call(INTERACTIVE)
            await scenario.time.sleep(0.4)

    async def client_card() -> None:
        await scenario.time.sleep(7.0)
        try:
            await scenario.call(FOLLOW_UP)
        except AltegioBudgetHeldBack as exc:
            outcome.append(exc)

    scenario.run(desks, client_card, until=120.0)

    (gave_up,) = outcome
    assert isinstance(gave_up, AltegioBudgetHeldBack)
    assert 20.0 <= gave_up.waited <= 21.0
    assert [call.priority for call in scenario.calls] == [INTERACTIVE] * 16  # the card sent none


def test_bulk_leaves_the_desks_share_of_the_minute_even_when_overdue() -> None:
    clock = FakeClock(0.0)
    no_share = BudgetPolicy(desk_share=0.25, bulk_share=1.0)  # only the desk's share binds
    limiter = LocalRateLimiter(MINUTE_OF_20, clock=clock, policy=no_share)
    limiter.reserve()
    clock.now = 1.0
    booked = 0
    while limiter.try_bulk().booked:  # one every 0.5 s: the second's headroom never binds
        booked += 1
        clock.now += 0.5

    assert booked == 14  # 1 lookup + 14 bulk = 15 of 20: the other 5 are the desks'
    assert not limiter.try_bulk(overdue=True).booked
    assert limiter.reserve() == 0.0


def test_bulk_takes_no_slot_while_a_client_card_waits() -> None:
    clock = FakeClock(0.0)
    limiter = LocalRateLimiter(ALTEGIO_LIMITS, clock=clock)
    for _ in range(3):
        limiter.reserve()  # a lookup's calls: a card would leave the second's last two free
    assert not limiter.try_follow_up().booked
    clock.now = 0.2

    bulk = limiter.try_bulk()
    overdue = limiter.try_bulk(overdue=True)

    assert not bulk.booked
    assert bulk.held
    assert not overdue.booked
    # Once the card has its slot and stops asking, bulk goes again.
    clock.now = 1.2
    assert limiter.try_follow_up().booked
    clock.now = 1.9
    assert limiter.try_bulk().booked


def test_a_client_card_is_marked_as_a_follow_up_even_inside_a_lookup() -> None:
    with follow_up_work():
        assert current_priority() is FOLLOW_UP
    with finish_first():
        note_started()
        with follow_up_work():
            assert current_priority() is FOLLOW_UP
    assert current_priority() is INTERACTIVE
