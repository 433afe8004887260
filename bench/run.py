"""Run every phase against freshly started servers, print the table, write the results file."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import httpx

from . import desks as d
from . import figures as f
from .capacity import figure_9
from .metrics_scrape import figure_m
from .report import RESULTS, SHAPES, Figure, figure_order, table, write_results
from .servers import (
    Dashboard,
    SandboxServer,
    bench_redis,
    dashboard_server,
    redis_url,
    sandbox_server,
    tail,
)
from .session import BenchError, StaffSession, close_all, signed_in_sessions
from .write import figure_10

ALL_FIGURES = frozenset(str(number) for number in range(1, 11))
# Before the run the bench itself is idle: a 1-minute load above this share of the cores is others'.
BUSY_SHARE = 0.5
QUICK = f.Plan(
    sequential=3,
    throughput_seconds=2.0,
    browse_rounds=2,
    max_requests=20_000,
    desks=10,
    desk_lookups_per_minute=6.0,
    desk_seconds=20.0,
    settle_seconds=0.0,
    idle_lookups=3,
    bulk_rows=300,
    desk_export_rows=300,
    bulk_timeout=120.0,
    capacity_rates=(30.0, 60.0),
    capacity_step_seconds=10.0,
    capacity_settle_seconds=2.0,
    write_rounds=2,
)


def progress(message: str) -> None:
    """One line of progress, timestamped from the start of the run."""
    print(f"[{time.monotonic() - _START:6.1f}s] {message}", flush=True)


_START = time.monotonic()


async def guarded(name: str, phase: Awaitable[list[Figure]], dashboard: Dashboard) -> list[Figure]:
    """Run one phase; a failure becomes an ERROR figure instead of ending the run."""
    progress(f"figure {name}…")
    try:
        found = await phase
    except (BenchError, httpx.HTTPError, KeyError, ValueError) as error:
        progress(f"figure {name} failed: {error!r}\n{tail(dashboard.log, 15)}")
        return [Figure(name, f"figure {name}", math.nan, None, error=repr(error))]
    for figure in found:
        progress(f"  {figure.key}: {figure.value:.3f}{figure.unit}  ({figure.name})")
    return found


async def unthrottled_phases(
    dashboard: Dashboard, sandbox: SandboxServer, plan: f.Plan, only: frozenset[str]
) -> list[Figure]:
    """Figures 1, 2, 4 and 5, against a dashboard whose Altegio rate limit is out of the way."""
    found: list[Figure] = []
    # The browse goes first, so the catalogue cache starts cold.
    if "4" in only:
        found += await guarded("4", f.figure_4(dashboard, sandbox, plan), dashboard)
    if "5" in only:
        found += await guarded("5", f.figure_5(dashboard, sandbox), dashboard)
    if "1" in only:
        found += await guarded("1", f.figure_1(dashboard, sandbox, plan), dashboard)
    if "10" in only:
        found += await guarded("10", figure_10(dashboard, sandbox, plan), dashboard)
    if "2" not in only:
        return found
    progress(f"signing in {plan.throughput_sessions} front-desk sessions…")
    try:
        sessions = await signed_in_sessions(
            dashboard.url, f.FRONT_DESK, f.password(f.FRONT_DESK), plan.throughput_sessions
        )
    except (BenchError, httpx.HTTPError) as error:
        progress(f"sign-in failed: {error!r}\n{tail(dashboard.log, 30)}")
        return [*found, Figure("2", "figure 2", math.nan, None, error=repr(error))]
    try:
        found += await guarded("2", f.figure_2(dashboard, sandbox, sessions, plan), dashboard)
    finally:
        await close_all(sessions)
    return found


def budget_phases(only: frozenset[str]) -> frozenset[str]:
    """The real-limit phases to run: figure 8 alone needs the bulk runs of both 3 and 7."""
    phases = only & {"3", "6", "7"}
    if "8" in only and not phases & {"3", "7"}:
        phases |= {"3", "7"}
    return phases


async def rate_limited_phases(
    dashboard: Dashboard, sandbox: SandboxServer, plan: f.Plan, only: frozenset[str]
) -> tuple[list[Figure], list[httpx.Cookies]]:
    """Figures 6, 7, 3, 8 and 9, against `make serve` with Altegio's real limits (its defaults);
    and the desks' cookies, for the production shape to carry on with."""
    found: list[Figure] = []
    log = d.BudgetLog()
    phases = budget_phases(only)
    # Figure 6 first: its bound assumes Altegio's windows start empty.
    if "6" in phases:
        found += await guarded("6", f.figure_6(dashboard, sandbox), dashboard)
    if "7" in phases:
        found += await guarded("7", d.figure_7(dashboard, sandbox, plan, log), dashboard)
    # Figures 3 and 9 share their desks: signed in once (their sign-ins spend the budget for a
    # minute), and figure 3 has looked every client up by the time figure 9 starts.
    desks = await shared_desks(dashboard, plan) if {"3", "9"} <= phases | only else None
    try:
        if "3" in phases:
            found += await guarded("3", d.figure_3(dashboard, sandbox, plan, log, desks), dashboard)
            found += await guarded("M", figure_m(dashboard), dashboard)
        if "8" in only:
            found += await guarded("8", _budget(log), dashboard)
        # Figure 9 last: its ideal starts from the calls then in the windows, so it needs no
        # empty minute.
        if "9" in only:
            found += await guarded("9", figure_9(dashboard, sandbox, plan, desks), dashboard)
    finally:
        await close_all(desks or [])
    return found, [desk.http.cookies for desk in desks or []]


async def shared_desks(
    dashboard: Dashboard, plan: f.Plan, *, to: str = "figures 3 and 9"
) -> list[StaffSession] | None:
    """The desks two phases share; None (each signs in its own) if the sign-ins failed."""
    progress(f"signing in {plan.desks} desks for {to}…")
    try:
        return await d.spread_desks([dashboard], plan.desks)
    except (BenchError, httpx.HTTPError) as error:
        progress(f"sign-in failed: {error!r}")
        return None


async def _budget(log: d.BudgetLog) -> list[Figure]:
    return d.figure_8(log)


def in_shape(figures: list[Figure], shape: str) -> list[Figure]:
    """The figures as measured in a production shape: `3b@2w` beside the one-worker `3b`."""
    for figure in figures:
        figure.shape = shape
        if "@" not in figure.key:
            figure.key = f"{figure.key}@{shape}"
    return figures


async def production_phases(
    dashboard: Dashboard,
    sandbox: SandboxServer,
    plan: f.Plan,
    only: frozenset[str],
    signed_in: list[httpx.Cookies],
) -> tuple[list[Figure], list[httpx.Cookies]]:
    """Figures 3, 7 and 8 again with REDIS_URL and two workers (3 first: it waits for empty
    windows, which the one-worker dashboard's calls filled outside this Redis budget); and the
    desks' cookies, for the two-instance run to carry on with.

    `signed_in`: the one-worker run's desks (the same database and secret key: a redeploy keeps
    staff signed in), so their sign-ins are not spent twice; else they sign in here.
    """
    found: list[Figure] = []
    log = d.BudgetLog()
    phases = budget_phases(only) & {"3", "7"}
    desks = None
    if "3" in phases and len(signed_in) == plan.desks:
        desks = d.resumed_desks([dashboard], signed_in)
    elif "3" in phases:
        desks = await shared_desks(dashboard, plan, to="figure 3 and the two-instance run")
    try:
        if "3" in phases:
            phase = d.figure_3(dashboard, sandbox, production_plan(plan), log, desks)
            found += await guarded("3@2w", phase, dashboard)
        if "7" in phases:
            phase = d.figure_7(dashboard, sandbox, production_plan(plan), log)
            found += await guarded("7@2w", phase, dashboard)
        if "8" in only:
            found += await guarded("8@2w", _budget(log), dashboard)
    finally:
        await close_all(desks or [])
    return in_shape(found, "2w"), [desk.http.cookies for desk in desks or []]


def production_plan(plan: f.Plan) -> f.Plan:
    """Figures 3 and 7 in the production shape: the first two minutes of the same desks, and bulk
    work of about 3,000 memberships a chain as figure 3's export (two workers change how the
    budget is shared, not how it fills; the bench stays under 20 minutes)."""
    rows = plan.desk_export_rows if plan.bulk_rows is None else plan.bulk_rows
    return replace(plan, desk_seconds=min(plan.desk_seconds, 120.0), bulk_rows=rows)


def two_instance_plan(plan: f.Plan) -> f.Plan:
    """Figure 8's second run: the desks and the export over two instances, for a quarter as long
    (about as long as the export).

    It follows the two-worker run on the same Redis budget, so its windows need not empty first.
    """
    return replace(plan, desk_seconds=plan.desk_seconds / 4, settle_seconds=0.0)


async def two_instance_phases(
    instances: list[Dashboard],
    sandbox: SandboxServer,
    plan: f.Plan,
    signed_in: list[httpx.Cookies],
) -> list[Figure]:
    """Figure 8 once more: two launchers on one Redis and key prefix, the desks spread over both
    (the two-worker run's desks, signed in already, when there were as many)."""
    log = d.BudgetLog()
    short = two_instance_plan(plan)
    desks = d.resumed_desks(instances, signed_in) if len(signed_in) == plan.desks else None
    try:
        phase = _errors_only(d.figure_3(instances, sandbox, short, log, desks))
        found = await guarded("3@2i", phase, instances[0])
    finally:
        await close_all(desks or [])
    found += await guarded("8@2i", _budget(log), instances[0])
    return in_shape(found, "2i")


async def _errors_only(phase: Awaitable[list[Figure]]) -> list[Figure]:
    """Figure 3's errors alone: its p95s would compare with the ideal from empty windows, which
    these are not, so 3b and 3c are left to the raw numbers of 3a."""
    found = await phase
    errors = [figure for figure in found if figure.key in {"3a", "3"}]
    for figure in errors:
        figure.raw["p95s_not_compared"] = {
            other.key: other.raw.get("p95_ms") for other in found if other.key in {"3b", "3c"}
        }
    return errors


def skipped(only: frozenset[str], url: str) -> list[Figure]:
    """The production shape's figures, said to be skipped: no Redis answers."""
    why = f"no Redis answers at {url} (set BENCH_REDIS_URL to one that does)"
    keys = [("3a", "2w"), ("3b", "2w"), ("3c", "2w"), ("7", "2w"), ("8a", "2w"), ("8b", "2w")]
    keys += [("3a", "2i"), ("8a", "2i"), ("8b", "2i")]
    wanted = budget_phases(only) | ({"8"} & only)
    return [
        Figure(f"{key}@{shape}", "production shape", math.nan, None, shape=shape, skipped=why)
        for key, shape in keys
        if key.rstrip("abc") in wanted and (shape == "2w" or "8" in only)
    ]


def measure_production(
    plan: f.Plan,
    workdir: Path,
    only: frozenset[str],
    sandbox: SandboxServer,
    after: tuple[Dashboard, list[httpx.Cookies]] | None = None,
) -> tuple[list[Figure], dict[str, object]]:
    """Figures 3, 7 and 8 on Redis with two workers, then 8 over two instances; or skipped.

    `after`: the one-worker dashboard and its desks' cookies; the two-worker one is its redeploy
    (its database and secret key), so the desks stay signed in.
    """
    earlier, signed_in = after if after is not None else (None, [])
    url = redis_url()
    with bench_redis(url) as redis:
        if redis is None:
            progress(f"production shape skipped: no Redis answers at {url}")
            return skipped(only, url), {"production_shape": f"skipped: no Redis at {url}"}
        progress(f"production shape: Redis {url}, key prefix {redis.prefix}, two workers…")
        found: list[Figure] = []
        with dashboard_server(
            workdir,
            sandbox=sandbox,
            rate_limited=True,
            name="dashboard-redis",
            redis=redis,
            deployment=earlier,
        ) as first:
            progress(f"dashboard on {first.url} with {len(first.workers())} workers")
            phases = production_phases(first, sandbox, plan, only, signed_in)
            shaped, signed_in = asyncio.run(phases)
            found += shaped
            workers = {"figures 3, 7, 8 @2w": len(first.workers())}
            if "8" in only:
                progress("figure 8 over two instances: a second launcher on the same Redis…")
                with dashboard_server(
                    workdir,
                    sandbox=sandbox,
                    rate_limited=True,
                    name="dashboard-redis-b",
                    redis=redis,
                    deployment=first,
                ) as second:
                    progress(f"second instance on {second.url}")
                    workers["figure 8 @2i"] = len(first.workers()) + len(second.workers())
                    instances = [first, second]
                    found += asyncio.run(two_instance_phases(instances, sandbox, plan, signed_in))
    settings: dict[str, object] = {
        "production_shape": {
            "redis": url,
            "key_prefix": "loyaltybench-<random>, removed after the run",
            "workers": workers,
            "desks": "signed in once, on the one-worker dashboard; the two-worker one is its "
            "redeploy (one database and secret key) and the second instance shares them",
            "two_instance_run": "two launchers (own ports), one Redis and key prefix, one "
            "database and secret key; the two-worker run's desks, desk i on instance i mod 2, "
            "the export through the second; "
            f"{two_instance_plan(plan).desk_seconds:.0f} s of desks, right after the "
            "two-worker run on the same budget",
            "figure_3_desk_seconds": production_plan(plan).desk_seconds,
            "figure_7_bulk_rows": production_plan(plan).bulk_rows,
        }
    }
    return found, settings


def measure(
    plan: f.Plan, workdir: Path, only: frozenset[str]
) -> tuple[list[Figure], dict[str, object]]:
    """Start the servers, run the phases, stop the servers."""
    found: list[Figure] = []
    workers: dict[str, int] = {}
    production: dict[str, object] = {}
    after: tuple[Dashboard, list[httpx.Cookies]] | None = None
    with sandbox_server(workdir) as sandbox:
        if only & {"1", "2", "4", "5", "10"}:
            progress(f"sandbox on {sandbox.url}; starting make serve (figures 1, 2, 4, 5, 10)…")
            with dashboard_server(
                workdir, sandbox=sandbox, rate_limited=False, name="dashboard"
            ) as dashboard:
                workers["figures 1, 2, 4, 5, 10"] = len(dashboard.workers())
                progress(f"dashboard on {dashboard.url} with {len(dashboard.workers())} workers")
                found += asyncio.run(unthrottled_phases(dashboard, sandbox, plan, only))
        if budget_phases(only) or only & {"8", "9"}:
            progress("starting make serve with Altegio's real limits (figures 6, 7, 3, 8, 9)…")
            with dashboard_server(
                workdir, sandbox=sandbox, rate_limited=True, name="dashboard-rate-limited"
            ) as dashboard:
                workers["figures 3, 6, 7, 8, 9"] = len(dashboard.workers())
                progress(f"dashboard on {dashboard.url} with {len(dashboard.workers())} workers")
                phases = rate_limited_phases(dashboard, sandbox, plan, only)
                limited, signed_in = asyncio.run(phases)
                found += limited
                after = (dashboard, signed_in)
        if only & {"3", "7", "8"}:
            shaped, production = measure_production(plan, workdir, only, sandbox, after)
            found += shaped
    settings: dict[str, object] = {
        "workers": workers,
        "plan": asdict(plan),
        "figures_1_2_4_5_10_rate_limit": "off (ALTEGIO_RATE_LIMIT=10000, per minute 0)",
        "figures_3_6_7_8_9_rate_limit": "the dashboard's defaults (Altegio's 5/s and 200/min)",
        "workers_setting": "make serve's default (WORKERS not set by the bench) unless @2w/@2i",
        "session_store": "database (SQLite), cache: local memory; Redis in the production shape",
        "shapes": SHAPES,
        **production,
    }
    return sorted(found, key=figure_order), settings


def _load_average(*, warn: bool) -> list[float]:
    """The load average; before the run, a warning when other processes compete for the CPU."""
    load = [round(value, 2) for value in os.getloadavg()]
    cores = os.cpu_count() or 1
    if warn and load[0] > BUSY_SHARE * cores:
        progress(
            f"warning: load average {load[0]} on {cores} cores before the run: other processes "
            "compete for the CPU, so the throughput and latency figures will be off"
        )
    return load


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into KeyboardInterrupt so the servers are stopped on the way out."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Parse options, run, report; exit 0 when every figure meets its goal."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="a short smoke run; writes no results file"
    )
    parser.add_argument("--output", type=Path, help=f"results file (default {RESULTS})")
    parser.add_argument(
        "--workdir", type=Path, help="keep the server logs and databases here (default: a temp dir)"
    )
    parser.add_argument(
        "--only", help="comma-separated figure numbers to run, e.g. 1,4; writes no results file"
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else f.Plan()
    only = frozenset(args.only.split(",")) if args.only else ALL_FIGURES
    if not only <= ALL_FIGURES:
        parser.error(f"--only takes figure numbers among {','.join(sorted(ALL_FIGURES))}")
    partial = args.quick or only != ALL_FIGURES
    output = args.output or (None if partial else RESULTS)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = datetime.now(UTC)
    load_before = _load_average(warn=True)
    try:
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            found, settings = measure(plan, args.workdir.resolve(), only)
        else:
            with tempfile.TemporaryDirectory(prefix="loyalty-bench-") as directory:
                found, settings = measure(plan, Path(directory), only)
    except KeyboardInterrupt:
        print("\ninterrupted; servers stopped", file=sys.stderr)
        return 130
    except RuntimeError as error:
        print(f"bench could not run: {error}", file=sys.stderr)
        return 2
    settings["load_average_before"] = load_before
    settings["load_average_after"] = _load_average(warn=False)
    print()
    print(table(found))
    if output is not None:
        path = write_results(found, started=started, settings=settings, path=output)
        print(f"\nwritten to {path}")
    return 0 if all(figure.passed is not False for figure in found) else 1
