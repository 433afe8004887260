"""The bench's reference points: Poisson desks, the ideal first-come scheduler, window maxima."""

import itertools
import math
import random
import statistics

import pytest

from bench.budget import (
    ALTEGIO_WINDOWS,
    GUARDED_WINDOWS,
    desk_arrivals,
    ideal_lookup_times,
    max_calls_in_window,
    percentile,
    poisson_arrivals,
)
from loyalty.altegio import WINDOW_GUARD_SECONDS, BudgetPolicy

ONE_SECOND = [(5, 1.0)]


def test_p95_is_the_nearest_rank_value_so_one_slow_lookup_in_twenty_does_not_count():
    times = [0.1] * 19 + [5.0]
    assert percentile(times, 0.95) == 0.1
    assert percentile([*times, 6.0], 0.95) == 5.0


def test_p95_of_no_lookups_is_not_a_number_rather_than_a_pass():
    assert math.isnan(percentile([], 0.95))


def test_poisson_arrivals_with_a_seed_are_the_same_on_every_run():
    first = poisson_arrivals(per_second=1.0, seconds=60, rng=random.Random(3))
    again = poisson_arrivals(per_second=1.0, seconds=60, rng=random.Random(3))
    other = poisson_arrivals(per_second=1.0, seconds=60, rng=random.Random(4))
    assert first == again
    assert first != other


def test_poisson_arrivals_come_at_the_asked_rate_inside_the_period():
    times = poisson_arrivals(per_second=2.0, seconds=1000, rng=random.Random(1))
    assert times == sorted(times)
    assert times[0] >= 0
    assert times[-1] < 1000
    assert len(times) == pytest.approx(2000, rel=0.05)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # Exponential gaps: the spread equals the mean (a fixed beat would have none).
    assert statistics.stdev(gaps) == pytest.approx(statistics.mean(gaps), rel=0.1)


def test_fifty_desks_at_one_lookup_a_minute_make_about_fifty_lookups_a_minute_in_all():
    arrivals = desk_arrivals(desks=50, per_minute=1, seconds=180, seed=15)
    assert arrivals == desk_arrivals(desks=50, per_minute=1, seconds=180, seed=15)
    assert [moment for moment, _ in arrivals] == sorted(moment for moment, _ in arrivals)
    assert len(arrivals) == pytest.approx(150, rel=0.2)
    assert len({desk for _, desk in arrivals}) > 40
    assert all(0 <= moment < 180 for moment, _ in arrivals)


def test_a_lookup_alone_takes_one_call_because_its_three_calls_go_at_once():
    assert ideal_lookup_times([10.0]) == [pytest.approx(0.1)]


def test_the_second_lookup_in_a_second_waits_for_the_first_calls_slots_to_expire():
    # Six calls in one second: the sixth goes when the first call's slot ends, at 1.0 s.
    times = ideal_lookup_times([0.0, 0.2], windows=ONE_SECOND)
    assert times == [pytest.approx(0.1), pytest.approx(1.0 + 0.1 - 0.2)]


def test_with_two_calls_per_lookup_two_lookups_in_a_second_do_not_wait():
    times = ideal_lookup_times([0.0, 0.2], calls_per_lookup=2, windows=ONE_SECOND)
    assert times == [pytest.approx(0.1), pytest.approx(0.1)]


def test_the_minute_window_holds_lookups_back_once_two_hundred_calls_are_spent():
    # Two calls every half second: 4 a second keeps within 5 a second, but not within 200 a
    # minute; the 101st lookup (calls 201-202, at 50 s) waits until the first calls' minute ends.
    arrivals = [index * 0.5 for index in range(110)]
    times = ideal_lookup_times(arrivals, calls_per_lookup=2)
    assert max(times[:100]) == pytest.approx(0.1)
    assert times[100] == pytest.approx(60.0 + 0.1 - 50.0)


def test_slots_go_first_come_so_a_later_lookup_never_overtakes_an_earlier_one():
    arrivals = [0.0, 0.05, 0.1, 0.15, 0.2]
    finished = [a + t for a, t in zip(arrivals, ideal_lookup_times(arrivals), strict=True)]
    assert finished == sorted(finished)


def test_ideal_scheduler_reproduces_the_issues_simulation():
    # Issue 15 quotes p95s of 0.9 / 1.0 / 1.6 / 10 s (3 calls) and 0.1 / 0.4 / 0.7 / 0.8 s
    # (2 calls) at 10 / 30 / 50 / 60 lookups a minute. Ten minutes of Poisson arrivals with
    # seed 1 give 0.93 / 1.05 / 1.78 / 5.29 s and 0.10 / 0.52 / 0.74 / 0.79 s: within 0.2 s
    # for all but two (1.78 vs 1.6; 0.52 vs 0.4). At 60 a minute (180 of the 200 calls a
    # minute) the queue grows and shrinks with chance: other seeds give 1.4 to 10 s, so only
    # "several seconds" is asserted there.
    def p95(per_minute: int, calls: int) -> float:
        arrivals = poisson_arrivals(per_second=per_minute / 60, seconds=600, rng=random.Random(1))
        return percentile(ideal_lookup_times(arrivals, calls_per_lookup=calls), 0.95)

    assert p95(10, 3) == pytest.approx(0.9, abs=0.2)
    assert p95(30, 3) == pytest.approx(1.0, abs=0.2)
    assert p95(50, 3) == pytest.approx(1.6, abs=0.25)
    assert p95(60, 3) > 3.0
    assert p95(10, 2) == pytest.approx(0.1, abs=0.05)
    assert p95(30, 2) == pytest.approx(0.4, abs=0.15)
    assert p95(50, 2) == pytest.approx(0.7, abs=0.1)
    assert p95(60, 2) == pytest.approx(0.8, abs=0.1)


def test_window_maximum_counts_calls_started_less_than_a_second_apart():
    starts = [0.0, 0.1, 0.2, 0.9, 1.0, 1.05, 3.0]
    # [0.1, 1.1) holds 0.1, 0.2, 0.9, 1.0, 1.05; a call at exactly +1 s is outside.
    assert max_calls_in_window(starts, 1.0) == 5
    assert max_calls_in_window([0.0, 1.0, 2.0], 1.0) == 1


def test_window_maximum_ignores_windows_that_end_before_the_phase_but_counts_sign_ins_inside():
    sign_ins = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]  # a burst long before the phase
    just_before = [9.7, 9.8]  # signed in just before the phase starts at 10 s
    phase = [10.0, 10.1, 10.2, 10.3]
    starts = sign_ins + just_before + phase
    assert max_calls_in_window(starts, 1.0) == 6
    assert max_calls_in_window(starts, 1.0, touching=(10.0, 20.0)) == 6  # 9.7 … 10.3
    assert max_calls_in_window(phase, 1.0, touching=(10.0, 20.0)) == 4


def test_window_maximum_of_no_calls_is_zero():
    assert max_calls_in_window([], 60.0) == 0


def test_the_guarded_windows_are_the_limiters_and_make_the_ideal_slower() -> None:
    limiter = BudgetPolicy(guard=WINDOW_GUARD_SECONDS).guarded(ALTEGIO_WINDOWS)
    assert list(GUARDED_WINDOWS) == limiter
    arrivals = [due for due, _ in desk_arrivals(desks=50, per_minute=1.0, seconds=180.0, seed=2026)]
    plain = ideal_lookup_times(arrivals, calls_per_lookup=2, call_seconds=0.1)
    guarded = ideal_lookup_times(
        arrivals, calls_per_lookup=2, call_seconds=0.1, windows=GUARDED_WINDOWS
    )
    # The bench's figure 3 arrivals: 623 ms on Altegio's windows, about 22% more on the guarded.
    assert percentile(guarded, 0.95) > 1.15 * percentile(plain, 0.95)
