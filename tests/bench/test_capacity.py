"""Figure 9's reference: a rising Poisson rate, each step's p95, and the rate a ramp reaches."""

import math

import pytest

from bench.budget import (
    capacity,
    ideal_lookup_times,
    percentile,
    ramp_arrivals,
    step_percentiles,
)
from bench.capacity import ideal_ramp, steps_to_run
from bench.figures import Plan


def test_a_ramp_comes_at_each_steps_rate_inside_that_step_and_the_same_on_every_run():
    rates = (60, 120, 240)
    arrivals = ramp_arrivals(per_minute=rates, step_seconds=300, seed=9)
    assert arrivals == ramp_arrivals(per_minute=rates, step_seconds=300, seed=9)
    assert [moment for moment, _ in arrivals] == sorted(moment for moment, _ in arrivals)
    for step, rate in enumerate(rates):
        inside = [moment for moment, at in arrivals if at == step]
        assert all(step * 300 <= moment < (step + 1) * 300 for moment in inside)
        assert len(inside) == pytest.approx(rate * 5, rel=0.15)


def test_each_steps_p95_counts_only_that_steps_lookups():
    steps = [0, 0, 1, 1, 1]
    times = [0.1, 0.2, 3.0, 0.1, 0.1]
    assert step_percentiles(steps, times, 3)[:2] == [0.2, 3.0]
    assert math.isnan(step_percentiles(steps, times, 3)[2])


def test_the_capacity_is_the_last_rate_before_the_first_step_over_a_second():
    rates = [50, 60, 70, 80]
    assert capacity(rates, [0.4, 0.9, 1.2, 0.5]) == 60  # a later lucky step does not count
    assert capacity(rates, [0.4, 0.9, 1.0, 0.5]) == 80  # exactly a second still counts
    assert capacity(rates, [1.5, 0.1, 0.1, 0.1]) == 0
    assert capacity(rates, [0.4, math.nan]) == 50  # a step nobody measured ends the ramp


def test_the_ideal_two_call_scheduler_serves_more_than_the_minute_window_alone_would_suggest():
    # 200 calls a minute are 100 two-call lookups; the default ramp's ideal stays under a second
    # somewhere between 60 and that (the 5-a-second window makes bursts wait first).
    rate = ideal_ramp(Plan())[2]
    assert 60 <= rate <= 100


def test_the_bench_runs_the_ramp_up_to_the_ideals_first_step_over_a_second_and_no_further():
    rates = (50.0, 60.0, 70.0, 80.0)
    assert steps_to_run(rates, [0.5, 0.8, 1.4, 0.3]) == 3
    assert steps_to_run(rates, [0.5, 0.5, 0.5, 0.5]) == 4


def test_the_ideal_ramp_is_the_ideal_scheduler_on_the_ramps_own_arrivals():
    plan = Plan()
    arrivals, p95s, rate = ideal_ramp(plan)
    times = ideal_lookup_times([moment for moment, _ in arrivals], calls_per_lookup=2)
    first = [t for (_, step), t in zip(arrivals, times, strict=True) if step == 0]
    assert p95s[0] == percentile(first, 0.95)
    assert rate == capacity(plan.capacity_rates, p95s)


def test_the_ideal_finds_the_calls_sent_before_the_ramp_in_its_windows():
    # Five calls in the last half second hold the whole second: the first lookup waits for them.
    history = [-0.5, -0.4, -0.3, -0.2, -0.1]
    assert ideal_lookup_times([0.0], calls_per_lookup=2) == [pytest.approx(0.1)]
    assert ideal_lookup_times([0.0], calls_per_lookup=2, history=history) == [pytest.approx(0.7)]
    # A minute's worth, long gone from the second: only the minute window still counts them.
    older = [-59.0 + index * 0.25 for index in range(199)]
    assert ideal_lookup_times([0.0], calls_per_lookup=2, history=older) == [pytest.approx(1.1)]
