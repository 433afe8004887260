"""A signed-in staff member driving the dashboard over HTTP, and the bounded load loop."""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx

REQUEST_TIMEOUT = 30.0
# What htmx triggers by itself may wait for the budget longer (a client card gives up after 50 s,
# under a proxy's usual 60 s; a browser itself sets no limit).
FOLLOW_UP_TIMEOUT = 60.0
# A real browser sends these with every htmx request.
HTMX_HEADERS = {"HX-Request": "true"}


class BenchError(RuntimeError):
    """The dashboard did not behave as the benchmark needs (sign-in failed, page missing...)."""


class StaffSession:
    """One browser's worth of cookies and one keep-alive connection to the dashboard."""

    def __init__(
        self, base_url: str, *, connections: int = 1, timeout: float = REQUEST_TIMEOUT
    ) -> None:
        self.base_url = base_url
        self.connections = connections
        self.http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            follow_redirects=False,
            # One connection like one browser tab, so the session stays on one worker; a
            # manager downloading while a page polls uses two, as a browser would.
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        )

    @classmethod
    def resumed(cls, base_url: str, cookies: httpx.Cookies, *, connections: int) -> StaffSession:
        """A browser session signed in before (its cookies), against `base_url`: another instance
        of the same deployment, or the same one from another event loop."""
        session = cls(base_url, connections=connections)
        session.http.cookies = cookies
        return session

    async def aclose(self) -> None:
        """Close the connection."""
        await self.http.aclose()

    @property
    def csrf_token(self) -> str:
        """The CSRF cookie's value, which Django accepts as the token too."""
        token = self.http.cookies.get("csrftoken")
        if not token:
            raise BenchError("no csrftoken cookie; did the sign-in page set one?")
        return token

    async def sign_in(self, login: str, password: str) -> None:
        """Sign in through the real sign-in page, as a person would."""
        page = await self.http.get("/accounts/login/")
        if page.status_code != 200:
            raise BenchError(f"GET /accounts/login/ answered {page.status_code}")
        answer = await self.http.post(
            "/accounts/login/",
            data={"username": login, "password": password, "csrfmiddlewaretoken": self.csrf_token},
        )
        target = answer.headers.get("Location", "")
        if answer.status_code != 302 or "/accounts/login" in target:
            raise BenchError(f"sign-in as {login} answered {answer.status_code} → {target!r}")

    async def get(self, path: str, *, htmx_target: str | None = None) -> httpx.Response:
        """GET a page, or its htmx partial when a target is given."""
        return await self.http.get(path, headers=self._htmx(path, htmx_target))

    async def follow(
        self, follow_up: FollowUp, *, page: str, fields: dict[str, str] | None = None
    ) -> httpx.Response:
        """Send a request htmx triggers by itself from `page` (with the CSRF header for a POST).

        `fields`: the page's form fields by id (`#id_phone`), for an `hx-include` to carry.
        """
        headers = self._htmx(page, follow_up.target)
        data = dict(follow_up.values)
        if follow_up.include and fields and follow_up.include in fields:
            name = follow_up.include.removeprefix("#id_")
            data[name] = fields[follow_up.include]
        if follow_up.method == "POST":
            headers["X-CSRFToken"] = self.csrf_token
            return await self.http.post(
                follow_up.url, data=data, headers=headers, timeout=FOLLOW_UP_TIMEOUT
            )
        # Merged into the URL's own query: httpx's `params=` would replace it (the summary's
        # polls lost their sale-date filter that way and counted the whole chain).
        url = httpx.URL(follow_up.url).copy_merge_params(data)
        return await self.http.get(url, headers=headers, timeout=FOLLOW_UP_TIMEOUT)

    async def post(
        self, path: str, data: dict[str, str], *, htmx_target: str | None = None
    ) -> httpx.Response:
        """POST a form with the CSRF token, as the page itself or through htmx."""
        headers = {"X-CSRFToken": self.csrf_token, **self._htmx(path, htmx_target)}
        return await self.http.post(path, data=data, headers=headers)

    def _htmx(self, path: str, target: str | None) -> dict[str, str]:
        if target is None:
            return {}
        return {**HTMX_HEADERS, "HX-Target": target, "HX-Current-URL": self.base_url + path}


def spread(base_urls: str | Sequence[str], count: int) -> list[str]:
    """The dashboard each of `count` sessions talks to: session i to instance i mod n."""
    urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
    return [urls[index % len(urls)] for index in range(count)]


async def signed_in_sessions(
    base_url: str | Sequence[str],
    login: str,
    password: str,
    count: int,
    *,
    parallel: int = 5,
    connections: int = 1,
) -> list[StaffSession]:
    """`count` sessions of one person, signed in a few at a time (spread over the instances)."""
    sessions = [StaffSession(url, connections=connections) for url in spread(base_url, count)]
    gate = asyncio.Semaphore(parallel)

    async def sign_in(session: StaffSession) -> None:
        async with gate:
            await session.sign_in(login, password)

    try:
        await asyncio.gather(*(sign_in(session) for session in sessions))
    except BaseException:
        await close_all(sessions)
        raise
    return sessions


async def close_all(sessions: Sequence[StaffSession]) -> None:
    """Close every session's connection."""
    await asyncio.gather(*(session.aclose() for session in sessions), return_exceptions=True)


class HtmxTargets(HTMLParser):
    """Which element an htmx request from a page swaps, per request URL (`hx-get`/`hx-post`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note `hx-target="#id"` (or the element's own id) for each htmx request URL."""
        values = {name: value or "" for name, value in attrs}
        url = values.get("hx-post") or values.get("hx-get")
        if not url:
            return
        target = values.get("hx-target", "")
        element_id = target[1:] if target.startswith("#") else values.get("id", "")
        if element_id:
            self.targets.setdefault(url.split("?")[0], element_id)


@dataclass(frozen=True)
class FollowUp:
    """A request htmx sends by itself once a fragment is on screen (`hx-trigger="load…"`)."""

    method: str
    url: str
    target: str
    delay: float = 0.0
    values: tuple[tuple[str, str], ...] = ()  # `hx-vals`: sent with the request
    include: str = ""  # `hx-include`: a form field of the page the request carries too


class HtmxFollowUps(HTMLParser):
    """The requests an htmx fragment triggers on load (or when revealed), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[FollowUp] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note elements whose `hx-trigger` fires without a click."""
        values = {name: value or "" for name, value in attrs}
        trigger = values.get("hx-trigger", "")
        events = {part.strip().split(" ")[0] for part in trigger.split(",")}
        if not events & {"load", "revealed", "intersect"}:
            return
        method = "POST" if values.get("hx-post") else "GET"
        url = values.get("hx-post") or values.get("hx-get")
        if not url:
            return
        target = values.get("hx-target", "")
        if target == "this" or not target:
            target = values.get("id", "")
        vals = json.loads(values.get("hx-vals") or "{}")
        self.found.append(
            FollowUp(
                method,
                url,
                target.removeprefix("#"),
                trigger_delay(trigger),
                tuple((str(name), str(value)) for name, value in vals.items()),
                values.get("hx-include", ""),
            )
        )


def trigger_delay(trigger: str) -> float:
    """The `delay:300ms` (or `delay:1s`) of an `hx-trigger`, in seconds; 0 without one."""
    for word in trigger.replace(",", " ").split():
        if word.startswith("delay:"):
            value = word.removeprefix("delay:")
            try:
                if value.endswith("ms"):
                    return float(value[:-2]) / 1000
                return float(value.removesuffix("s"))
            except ValueError:
                return 0.0
    return 0.0


def htmx_follow_ups(html: str) -> list[FollowUp]:
    """What htmx would request next by itself after swapping in this fragment."""
    parser = HtmxFollowUps()
    parser.feed(html)
    return parser.found


def htmx_target(html: str, path: str) -> str | None:
    """The id of the region htmx swaps for requests to `path` from this page, if it says."""
    parser = HtmxTargets()
    parser.feed(html)
    return parser.targets.get(path)


@dataclass
class LoadResult:
    """What a load phase saw: latencies of good answers and every kind of failure."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    transport_errors: dict[str, int] = field(default_factory=dict)
    bad_bodies: int = 0

    @property
    def requests(self) -> int:
        """Requests that completed (any status) or failed in transport."""
        return sum(self.statuses.values()) + sum(self.transport_errors.values())

    @property
    def errors(self) -> int:
        """Non-2xx answers, transport failures and 2xx answers without the expected content."""
        non_2xx = sum(n for status, n in self.statuses.items() if not 200 <= status < 300)
        return non_2xx + sum(self.transport_errors.values()) + self.bad_bodies

    @property
    def per_second(self) -> float:
        """Completed requests per second of wall time."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of all latencies, in seconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    def summary(self) -> dict[str, Any]:
        """The raw numbers for the results file."""
        return {
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "requests_per_second": round(self.per_second, 1),
            "errors": self.errors,
            "statuses": {str(status): n for status, n in sorted(self.statuses.items())},
            "transport_errors": self.transport_errors,
            "unexpected_bodies": self.bad_bodies,
            "latency_ms": {
                name: round(self.percentile(share) * 1000, 1)
                for name, share in (("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99))
            }
            | {"max": round(max(self.latencies, default=math.nan) * 1000, 1)},
        }


Request = Callable[[StaffSession], Awaitable[httpx.Response]]
Check = Callable[[httpx.Response], bool]


async def run_load(
    sessions: Sequence[StaffSession],
    request: Request,
    *,
    seconds: float,
    max_requests: int,
    check: Check = lambda response: True,
) -> LoadResult:
    """Every session sends `request` back to back until `seconds` pass or `max_requests` start."""
    result = LoadResult()
    started = time.perf_counter()
    deadline = started + seconds
    budget = [max_requests]

    async def loop(session: StaffSession) -> None:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            sent = time.perf_counter()
            try:
                response = await request(session)
            except httpx.HTTPError as error:
                name = type(error).__name__
                result.transport_errors[name] = result.transport_errors.get(name, 0) + 1
                continue
            result.latencies.append(time.perf_counter() - sent)
            result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
            if 200 <= response.status_code < 300 and not check(response):
                result.bad_bodies += 1

    await asyncio.gather(*(loop(session) for session in sessions))
    result.seconds = time.perf_counter() - started
    return result
