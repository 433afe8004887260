"""Altegio's request budget in numbers: arrivals, the ideal scheduler, sliding-window maxima.

Pure functions (no I/O, no clock), so that the bench's reference points are unit-tested.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterable, Sequence

from loyalty.altegio import WINDOW_GUARD_SECONDS

# Altegio's limits per IP: 5 requests in any second and 200 in any minute (sliding windows).
ALTEGIO_WINDOWS: tuple[tuple[int, float], ...] = ((5, 1.0), (200, 60.0))
# The windows as the dashboard's limiter keeps them: each longer by its guard (a safety margin for
# calls that reach Altegio late; loyalty/altegio/__init__.py). No scheduler that keeps them can
# beat the ideal on them, so the figures report that ideal too, beside their goals.
GUARDED_WINDOWS = tuple(
    (limit, seconds + WINDOW_GUARD_SECONDS) for limit, seconds in ALTEGIO_WINDOWS
)


def percentile(values: Iterable[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def poisson_arrivals(*, per_second: float, seconds: float, rng: random.Random) -> list[float]:
    """Arrival times in [0, seconds) of a Poisson process (exponential gaps), ascending."""
    if per_second <= 0 or seconds <= 0:
        return []
    times: list[float] = []
    now = rng.expovariate(per_second)
    while now < seconds:
        times.append(now)
        now += rng.expovariate(per_second)
    return times


def desk_arrivals(
    *, desks: int, per_minute: float, seconds: float, seed: int
) -> list[tuple[float, int]]:
    """(time, desk) of every lookup when each desk looks up at Poisson times, in time order."""
    rng = random.Random(seed)
    arrivals = [
        (moment, desk)
        for desk in range(desks)
        for moment in poisson_arrivals(per_second=per_minute / 60, seconds=seconds, rng=rng)
    ]
    return sorted(arrivals)


def ideal_lookup_times(
    arrivals: Sequence[float],
    *,
    calls_per_lookup: int = 3,
    call_seconds: float = 0.1,
    windows: Sequence[tuple[int, float]] = ALTEGIO_WINDOWS,
    history: Sequence[float] = (),
) -> list[float]:
    """Each lookup's time (arrival → end of its last call) under an ideal first-come scheduler.

    `history`: when calls made before the first arrival were sent (on the same clock), which
    still hold their slots; empty windows without it.

    Every lookup sends its calls at once when slots allow; calls get slots in arrival order,
    and a call holds its slot in a (limit, seconds) window from the moment it is sent. Because
    slots go first-come, send times never decrease, so call i may go once call i-limit's slot
    has expired: sent_i = max(arrival, sent_{i-1}, sent_{i-limit} + seconds) for every window.
    """
    sent: list[float] = sorted(history)
    times: list[float] = []
    for arrival in sorted(arrivals):
        last_end = arrival
        for _ in range(calls_per_lookup):
            moment = max(arrival, sent[-1] if sent else arrival)
            for limit, width in windows:
                if len(sent) >= limit:
                    moment = max(moment, sent[-limit] + width)
            sent.append(moment)
            last_end = max(last_end, moment + call_seconds)
        times.append(last_end - arrival)
    return times


def max_calls_in_window(
    starts: Iterable[float], width: float, *, touching: tuple[float, float] | None = None
) -> int:
    """The most calls started within any `width`-second sliding window [t, t + width).

    With `touching=(begin, end)`, only windows that overlap that interval count (calls before
    `begin` still count inside such a window: that is what Altegio would see).
    """
    ordered = sorted(starts)
    best = 0
    # Some fullest window starts at a call's start, so trying each call's start finds the max.
    for index, start in enumerate(ordered):
        if touching is not None and not (touching[0] - width < start <= touching[1]):
            continue
        inside = bisect.bisect_left(ordered, start + width) - index
        best = max(best, inside)
    return best


def ramp_arrivals(
    *, per_minute: Sequence[float], step_seconds: float, seed: int
) -> list[tuple[float, int]]:
    """(time, step) of every lookup when the desks' rate rises step by step, Poisson in each."""
    rng = random.Random(seed)
    arrivals: list[tuple[float, int]] = []
    for step, rate in enumerate(per_minute):
        begin = step * step_seconds
        arrivals += [
            (begin + moment, step)
            for moment in poisson_arrivals(per_second=rate / 60, seconds=step_seconds, rng=rng)
        ]
    return arrivals


def step_percentiles(
    steps: Sequence[int], times: Sequence[float], count: int, share: float = 0.95
) -> list[float]:
    """The percentile of the times of each step's lookups (NaN for a step with none)."""
    return [
        percentile((t for s, t in zip(steps, times, strict=True) if s == step), share)
        for step in range(count)
    ]


def capacity(per_minute: Sequence[float], p95s: Sequence[float], *, limit: float = 1.0) -> float:
    """The highest rate of the ramp before the first step whose p95 passes `limit` (0: none)."""
    reached = 0.0
    for rate, p95 in zip(per_minute, p95s, strict=False):
        if math.isnan(p95) or p95 > limit:
            break
        reached = rate
    return reached
