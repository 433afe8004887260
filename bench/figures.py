"""Figures 1, 2, 4, 5 and 6. Each drives the dashboard over HTTP and returns its figures.

Figures 3, 7 and 8 (the desks under Altegio's request budget) live in `desks.py`.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import threading
import time
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import psutil

from loyalty.sandbox.data import DEMO_LOGINS, get_data

from .report import Figure, Goal
from .servers import SANDBOX_PARTNER_TOKEN, Dashboard, SandboxServer
from .session import (
    BenchError,
    LoadResult,
    StaffSession,
    close_all,
    htmx_target,
    run_load,
    signed_in_sessions,
)

FRONT_DESK = "frontdesk@sandbox.example"
MANAGER = "manager@sandbox.example"
PASSWORDS = {login["login"]: login["password"] for login in DEMO_LOGINS}
LOCATION = 720441
CHAIN = 145071
# James Smith: the brief's example client, with memberships and gift cards at LOCATION.
PHONE = "+1 315 555 0178"
PHONE_DIGITS = "13155550178"
# The number of his brief-example membership 659878: a lookup that shows it found his data.
LOOKUP_MARKER = "788376"
LOOKUP_PATH = f"/locations/{LOCATION}/clients/"
CHAIN_LIST_PATH = f"/chains/{CHAIN}/memberships/"
BARE_PATH = "/__bench/bare"
M1_PATH = "/api/v1/loyalty/abonements"
CATALOGUE_ENDPOINTS = frozenset({"M4", "M5", "M6", "M7", "C3", "C4", "C5", "C6"})
EXPORT_ROWS = 5000
INTERACTIVE_WINDOW_SECONDS = 60  # the dashboard's default: bulk leaves headroom while it lasts


@dataclass(frozen=True)
class Plan:
    """How long and how hard each phase runs (`--quick` shrinks it for a smoke run)."""

    sequential: int = 10
    throughput_seconds: float = 10.0
    throughput_sessions: int = 20
    browse_rounds: int = 10
    max_requests: int = 200_000
    # Figure 3: desks looking up at Poisson times (a fixed seed: the same arrivals every run).
    desks: int = 50
    desk_lookups_per_minute: float = 1.0
    desk_seconds: float = 180.0
    desk_seed: int = 2026
    # Figure 3 starts with Altegio's windows empty, as the ideal scheduler it is compared to.
    settle_seconds: float = 61.0
    # Figure 7: one desk every few seconds, idle, then during two managers' bulk work.
    idle_lookups: int = 10
    desk_interval: float = 3.0
    # Exports and summaries of figure 7: whole chains (None), or about this many rows.
    bulk_rows: int | None = None
    # Figure 3's export beside the desks: about half the largest chain. The desks go first, so an
    # export gets what they leave; the whole chain would outlast the desks by minutes.
    desk_export_rows: int | None = 3000
    bulk_timeout: float = 600.0
    # Figure 9: the desks' rate rises in steps (lookups a minute in all) until the p95 passes 1 s.
    # Steps of 5 a minute, under a tenth of the rates measured (about 80), so that a goal of 0.9
    # can tell a scheduler a step behind the ideal from one two steps behind.
    capacity_rates: tuple[float, ...] = tuple(range(60, 125, 5))
    capacity_step_seconds: float = 30.0
    # After figure 9's warm-up: long enough for its follow-ups to end and a second to pass.
    capacity_settle_seconds: float = 15.0
    # Figure 10: freezes timed (each unfrozen again, untimed).
    write_rounds: int = 5


def password(login: str) -> str:
    """A demo login's password, from the sandbox's own list."""
    return PASSWORDS[login]


async def lookup(session: StaffSession, target: str | None) -> httpx.Response:
    """Look James up, as the lookup form's htmx POST does (the page itself without a target)."""
    return await session.post(LOOKUP_PATH, {"phone": PHONE}, htmx_target=target)


def shows_client(response: httpx.Response) -> bool:
    """Whether a lookup answer shows James's memberships (not an error box)."""
    return LOOKUP_MARKER in response.text


async def lookup_target(session: StaffSession) -> str | None:
    """The region the lookup form swaps, read from the lookup page itself."""
    page = await session.get(LOOKUP_PATH)
    if page.status_code != 200:
        raise BenchError(f"GET {LOOKUP_PATH} answered {page.status_code}")
    return htmx_target(page.text, LOOKUP_PATH)


def endpoint_counts(calls: list[dict[str, Any]]) -> dict[str, int]:
    """How many upstream calls went to each endpoint key."""
    return dict(sorted(Counter(str(call["endpoint"]) for call in calls).items()))


def overlap_chain(calls: list[dict[str, Any]]) -> int:
    """How many upstream calls of one page ran one after another (1 = all concurrent)."""
    stages, last_end = 0, -math.inf
    for call in sorted(calls, key=lambda call: float(call["started"])):
        if float(call["started"]) >= last_end:
            stages += 1
        last_end = max(last_end, float(call["ended"]))
    return stages


def timeline(calls: list[dict[str, Any]], sent: float, received: float) -> dict[str, float]:
    """A page's time split at its upstream calls: before, during (spread of starts), after."""
    if not calls:
        return {"before_upstream": (received - sent) * 1000}
    starts = [float(call["started"]) for call in calls]
    ends = [float(call["ended"]) for call in calls]
    return {
        "before_upstream": (min(starts) - sent) * 1000,
        "upstream_starts_spread": (max(starts) - min(starts)) * 1000,
        "upstream": (max(ends) - min(starts)) * 1000,
        "after_upstream": (received - max(ends)) * 1000,
    }


# --- 1. Lookup latency at 400 ms upstream ---------------------------------------------------


async def figure_1(dashboard: Dashboard, sandbox: SandboxServer, plan: Plan) -> list[Figure]:
    """Median lookup time ÷ median time of one direct M1 call, both at 400 ms upstream."""
    latency_ms = 400
    sandbox.set_latency(latency_ms)
    session = StaffSession(dashboard.url)
    try:
        await session.sign_in(FRONT_DESK, password(FRONT_DESK))
        target = await lookup_target(session)
        await lookup(session, target)  # warm-up: the worker's Altegio connection pool
        sandbox.clear_calls()
        times, stages, phases = [], [], []
        for _ in range(plan.sequential):
            sent = time.monotonic()
            response = await lookup(session, target)
            received = time.monotonic()
            times.append(received - sent)
            if response.status_code != 200 or not shows_client(response):
                raise BenchError(f"lookup answered {response.status_code} without the client")
            calls = sandbox.calls()
            stages.append(overlap_chain(calls))
            phases.append(timeline(calls, sent, received))
            sandbox.clear_calls()
    finally:
        await session.aclose()
    direct = await _direct_m1_times(sandbox, plan.sequential)
    lookup_ms, direct_ms = statistics.median(times) * 1000, statistics.median(direct) * 1000
    return [
        Figure(
            "1",
            "lookup latency ÷ one upstream call (400 ms)",
            lookup_ms / direct_ms,
            Goal("<=", 1.10),
            raw={
                "upstream_latency_ms": latency_ms,
                "lookups": plan.sequential,
                "lookup_median_ms": round(lookup_ms, 1),
                "lookup_ms": [round(t * 1000, 1) for t in times],
                "direct_m1_median_ms": round(direct_ms, 1),
                "direct_m1_ms": [round(t * 1000, 1) for t in direct],
                "htmx_target": target,
                "upstream_stages_per_lookup": stages,
                # Where a lookup's time goes, median ms (the sandbox logs time.monotonic() too).
                "timeline_median_ms": {
                    name: round(statistics.median(phase[name] for phase in phases), 1)
                    for name in phases[0]
                }
                if phases
                else {},
            },
        )
    ]


async def _direct_m1_times(sandbox: SandboxServer, count: int) -> list[float]:
    """Times of `count` M1 calls straight to the sandbox, over one keep-alive connection."""
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=30.0) as client:
        auth = await client.post(
            "/api/v1/auth",
            json={"login": FRONT_DESK, "password": password(FRONT_DESK)},
            headers={"Authorization": f"Bearer {SANDBOX_PARTNER_TOKEN}"},
        )
        token = auth.json()["data"]["user_token"]
        headers = {
            "Authorization": f"Bearer {SANDBOX_PARTNER_TOKEN}, User {token}",
            "Accept": "application/vnd.api.v2+json",
        }
        params: dict[str, str | int] = {"company_id": LOCATION, "phone": PHONE_DIGITS}
        times = []
        for attempt in range(count + 1):
            sent = time.perf_counter()
            response = await client.get(M1_PATH, params=params, headers=headers)
            if response.status_code != 200:
                raise BenchError(f"direct M1 answered {response.status_code}")
            if attempt:  # the first one opens the connection
                times.append(time.perf_counter() - sent)
        return times


# --- 2. Lookup throughput vs a bare view ----------------------------------------------------


async def figure_2(
    dashboard: Dashboard, sandbox: SandboxServer, sessions: list[StaffSession], plan: Plan
) -> list[Figure]:
    """Lookups per second ÷ bare-view requests per second, same sessions, 0 ms upstream."""
    sandbox.set_latency(0)
    crowd = sessions[: plan.throughput_sessions]
    target = await lookup_target(crowd[0])

    async def bare(session: StaffSession) -> httpx.Response:
        return await session.get(BARE_PATH)

    async def look(session: StaffSession) -> httpx.Response:
        return await lookup(session, target)

    # Warm both paths on every connection first (worker imports, template cache, pools).
    await run_load(crowd, bare, seconds=1.0, max_requests=len(crowd) * 5)
    await run_load(crowd, look, seconds=1.0, max_requests=len(crowd) * 5)
    # Alternate halves (bare, lookup, bare, lookup) so that any drift in the machine's load
    # falls on both alike.
    runs: dict[str, list[tuple[LoadResult, dict[str, float]]]] = {"bare": [], "lookup": []}
    for _ in range(2):
        for name, request, check in (
            ("bare", bare, lambda response: response.text == "ok"),
            ("lookup", look, shows_client),
        ):
            load = run_load(
                crowd, request, seconds=plan.throughput_seconds / 2,
                max_requests=plan.max_requests, check=check,
            )  # fmt: skip
            runs[name].append(await _measured(dashboard, sandbox, load))
    bare_run, bare_cpu = _combined(runs["bare"])
    look_run, look_cpu = _combined(runs["lookup"])
    value = look_run.per_second / bare_run.per_second if bare_run.per_second else math.nan
    return [
        Figure(
            "2",
            f"lookup req/s ÷ bare view req/s ({len(crowd)} sessions)",
            value,
            # No goal: CPU serves far more lookups than Altegio's budget lets through.
            None,
            raw={
                "sessions": len(crowd),
                "upstream_latency_ms": 0,
                "lookup": look_run.summary() | {"cpu_ms_per_request": look_cpu},
                "bare": bare_run.summary() | {"cpu_ms_per_request": bare_cpu},
            },
        )
    ]


async def _measured(
    dashboard: Dashboard, sandbox: SandboxServer, load: Awaitable[LoadResult]
) -> tuple[LoadResult, dict[str, float]]:
    """Run a load and say how much CPU each process spent per request (where the time goes)."""
    me = psutil.Process()
    before = (dashboard.cpu_seconds(), sandbox.cpu_seconds(), _own_cpu(me))
    result = await load
    after = (dashboard.cpu_seconds(), sandbox.cpu_seconds(), _own_cpu(me))
    per_request = 1000 / max(1, result.requests)
    names = ("dashboard_workers", "sandbox", "bench_client")
    cpu = {
        name: round((end - start) * per_request, 2)
        for name, start, end in zip(names, before, after, strict=True)
    }
    return result, cpu


def _combined(
    parts: list[tuple[LoadResult, dict[str, float]]],
) -> tuple[LoadResult, dict[str, float]]:
    """Several runs of one load as one: summed counts, request-weighted CPU per request."""
    total = LoadResult()
    for result, _ in parts:
        total.seconds += result.seconds
        total.latencies += result.latencies
        total.bad_bodies += result.bad_bodies
        for status, count in result.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + count
        for name, count in result.transport_errors.items():
            total.transport_errors[name] = total.transport_errors.get(name, 0) + count
    weight = max(1, total.requests)
    cpu = {
        name: round(sum(c[name] * r.requests for r, c in parts) / weight, 2) for name in parts[0][1]
    }
    return total, cpu


def _own_cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


# --- 4. Upstream calls per page view, catalogue cache hit rate -----------------------------


@dataclass(frozen=True)
class Step:
    """One page view of the scripted browse."""

    name: str
    path: str
    catalogue: bool = False
    lookup: bool = False


def browse_script(login: str) -> list[Step]:
    """What one person opens in one round: the lookup, their cards, catalogues, chain list."""
    loc, chain = f"/locations/{LOCATION}", f"/chains/{CHAIN}"
    steps = [
        Step("lookup page", LOOKUP_PATH),
        Step("lookup", LOOKUP_PATH, lookup=True),
        Step("my cards", f"{loc}/me/"),
        Step("location membership types", f"{loc}/membership-types/", catalogue=True),
        Step("location membership types ‘yoga’", f"{loc}/membership-types/?title=yoga", True),
        Step("location gift-card types", f"{loc}/gift-card-types/", catalogue=True),
    ]
    if login == MANAGER:
        steps += [
            Step("chain membership types", f"{chain}/membership-types/", catalogue=True),
            Step("chain membership type", f"{chain}/membership-types/97801/", catalogue=True),
            Step("chain gift-card types", f"{chain}/gift-card-types/", catalogue=True),
            Step("chain gift-card type", f"{chain}/gift-card-types/27841/", catalogue=True),
            Step("chain memberships", CHAIN_LIST_PATH),
        ]
    return steps


async def figure_4(dashboard: Dashboard, sandbox: SandboxServer, plan: Plan) -> list[Figure]:
    """A front-desk person and a manager browse `browse_rounds` rounds from a cold dashboard."""
    sandbox.set_latency(0)
    people = {
        login: await signed_in_sessions(dashboard.url, login, password(login), 1)
        for login in (FRONT_DESK, MANAGER)
    }
    views = calls = catalogue_views = catalogue_calls = 0
    per_step: dict[str, dict[str, int]] = {}
    first_round: dict[str, int] = {}
    failures: list[str] = []
    try:
        sandbox.clear_calls()
        for round_number in range(plan.browse_rounds):
            for login, (session,) in people.items():
                for step in browse_script(login):
                    if step.lookup:
                        response = await lookup(session, None)
                    else:
                        response = await session.get(step.path)
                    if response.status_code != 200:
                        failures.append(f"{step.path} → {response.status_code}")
                    seen = sandbox.calls()
                    sandbox.clear_calls()
                    spent = len(seen)
                    catalogue_spent = sum(call["endpoint"] in CATALOGUE_ENDPOINTS for call in seen)
                    views += 1
                    calls += spent
                    if step.catalogue:
                        catalogue_views += 1
                        catalogue_calls += catalogue_spent
                    tally = per_step.setdefault(step.name, {"views": 0, "upstream_calls": 0})
                    tally["views"] += 1
                    tally["upstream_calls"] += spent
                    if round_number == 0 and login == MANAGER:
                        first_round[step.name] = spent
    finally:
        await close_all([session for group in people.values() for session in group])
    hit_rate = 1 - catalogue_calls / catalogue_views if catalogue_views else math.nan
    raw = {
        "rounds": plan.browse_rounds,
        "people": list(people),
        "page_views": views,
        "upstream_calls": calls,
        "non_200": failures[:20],
        "per_step": per_step,
        "manager_first_round_calls": first_round,
    }
    return [
        Figure("4a", "upstream calls per page view", calls / views, None, raw=raw),
        Figure(
            "4b",
            "type-catalogue cache hit rate",
            hit_rate * 100,
            Goal(">=", 90, "%"),
            unit="%",
            raw={"catalogue_page_views": catalogue_views, "catalogue_calls": catalogue_calls},
        ),
    ]


# --- 5. htmx partial size ------------------------------------------------------------------


async def figure_5(dashboard: Dashboard, sandbox: SandboxServer) -> list[Figure]:
    """Bytes of the htmx partial ÷ bytes of the full page, for the lookup and the chain list."""
    sandbox.set_latency(0)
    session = StaffSession(dashboard.url)
    try:
        await session.sign_in(MANAGER, password(MANAGER))
        target = await lookup_target(session)
        lookup_full = await lookup(session, None)
        lookup_part = await lookup(session, target or "")
        chain_page = await session.get(CHAIN_LIST_PATH)
        chain_target = htmx_target(chain_page.text, CHAIN_LIST_PATH)
        chain_part = await session.get(CHAIN_LIST_PATH, htmx_target=chain_target or "")
    finally:
        await session.aclose()
    figures = []
    for key, name, full, part, region in (
        ("5a", "lookup", lookup_full, lookup_part, target),
        ("5b", "chain list", chain_page, chain_part, chain_target),
    ):
        usable = full.status_code == 200 and part.status_code == 200 and len(full.content)
        figures.append(
            Figure(
                key,
                f"htmx partial ÷ full page bytes, {name} "
                f"({len(part.content) / 1000:.1f} KB ÷ {len(full.content) / 1000:.1f} KB)",
                len(part.content) / len(full.content) if usable else math.nan,
                None,  # reported: the region is most of the page by design
                raw={
                    "full_bytes": len(full.content),
                    "partial_bytes": len(part.content),
                    "full_status": full.status_code,
                    "partial_status": part.status_code,
                    "htmx_target": region,
                },
            )
        )
    return figures


# --- 6. CSV export under the real rate limit -----------------------------------------------


def export_start_date(rows: int = EXPORT_ROWS, *, chain: int = CHAIN) -> date:
    """The sale date from which the chain has about `rows` memberships (newest first)."""
    data = get_data()
    newest_first = data.chain_memberships[chain]
    return newest_first[min(rows, len(newest_first)) - 1].created.date()


def rate_limit_bound(calls: int, windows: list[tuple[int, float]], call_seconds: float) -> float:
    """The least time `calls` requests can take under sliding windows, starting empty."""
    if calls == 0:
        return 0.0
    last_start = max(((calls - 1) // limit) * seconds for limit, seconds in windows)
    return last_start + call_seconds


class MemorySampler:
    """Samples the RSS of the serving workers in a thread and keeps each one's peak."""

    def __init__(self, workers: list[psutil.Process], interval: float = 0.01) -> None:
        self.workers = workers
        self.interval = interval
        self.baseline = {proc.pid: proc.memory_info().rss for proc in workers}
        self.peak = dict(self.baseline)
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in self.workers:
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[proc.pid] = max(self.peak[proc.pid], rss)
            self.samples += 1
            self._stop.wait(self.interval)

    def growth(self) -> dict[int, int]:
        """Peak minus baseline RSS per worker, in bytes."""
        return {pid: self.peak[pid] - self.baseline[pid] for pid in self.baseline}


async def figure_6(dashboard: Dashboard, sandbox: SandboxServer) -> list[Figure]:
    """Export ≈5,000 memberships at Altegio's real limit: time ÷ bound, worker memory growth."""
    latency_ms = 100
    sandbox.set_latency(latency_ms)
    windows = [(5, 1.0), (200, 60.0)]  # the dashboard's defaults: 5 a second, 200 a minute
    since = export_start_date()
    session = StaffSession(dashboard.url)
    try:
        await session.sign_in(MANAGER, password(MANAGER))
        # Warm the export path (imports, pools) with one small page, then wait out the minute in
        # which the sign-in counts as front-desk work: alone, bulk work may use the whole budget,
        # and that is what the bound assumes (ALTEGIO_INTERACTIVE_WINDOW_SECONDS, default 60).
        yesterday = date.today() - timedelta(days=1)
        warm = await export_csv(session, {"created_after": yesterday.isoformat()})
        await asyncio.sleep(INTERACTIVE_WINDOW_SECONDS + 1)
        sandbox.clear_calls()
        with MemorySampler(dashboard.workers()) as memory:
            result = await export_csv(session, {"created_after": since.isoformat()})
        calls = sandbox.calls()
    finally:
        await session.aclose()
    if result.status != 200 or warm.status != 200:
        raise BenchError(f"export answered {result.status} (warm-up {warm.status})")
    bound = rate_limit_bound(len(calls), windows, latency_ms / 1000)
    growth = memory.growth()
    pages = sum(call["endpoint"] == "M3" for call in calls)
    return [
        Figure(
            "6a",
            f"CSV export time ÷ rate-limit bound ({result.rows} rows)",
            result.seconds / bound if bound else math.nan,
            Goal("<=", 1.2),
            raw={
                "rows": result.rows,
                "bytes": result.bytes,
                "created_after": since.isoformat(),
                "seconds": round(result.seconds, 3),
                "first_byte_seconds": round(result.first_byte, 3),
                "upstream_calls": len(calls),
                "upstream_endpoints": endpoint_counts(calls),
                "rows_per_page_call": round(result.rows / pages, 1) if pages else None,
                "bound_seconds": round(bound, 3),
                "bound_rule": "last call's earliest slot under 5/s and 200/min + one call",
                "upstream_latency_ms": latency_ms,
            },
        ),
        Figure(
            "6b",
            "peak RSS growth of the serving workers during the export",
            max(growth.values(), default=0) / 1e6,
            Goal("<", 50, " MB"),
            unit=" MB",
            raw={
                "per_worker_mb": {str(pid): round(b / 1e6, 2) for pid, b in growth.items()},
                "baseline_mb": {str(pid): round(b / 1e6, 1) for pid, b in memory.baseline.items()},
                "samples": memory.samples,
            },
        ),
    ]


@dataclass
class Export:
    """What streaming one CSV export took."""

    status: int
    rows: int
    bytes: int
    seconds: float
    first_byte: float


async def export_csv(
    session: StaffSession, params: dict[str, Any], *, chain: int = CHAIN
) -> Export:
    """Stream one export to the end, counting rows (lines after the header)."""
    sent = time.perf_counter()
    first_byte = math.nan
    size = newlines = 0
    last = b""
    path = f"/chains/{chain}/memberships/export.csv"
    async with session.http.stream("GET", path, params=params) as response:
        async for chunk in response.aiter_bytes():
            if math.isnan(first_byte):
                first_byte = time.perf_counter() - sent
            size += len(chunk)
            newlines += chunk.count(b"\n")
            last = chunk or last
    seconds = time.perf_counter() - sent
    lines = newlines + (1 if last and not last.endswith(b"\n") else 0)
    return Export(response.status_code, max(0, lines - 1), size, seconds, first_byte)
