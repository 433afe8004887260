"""The HTTP boundary to Altegio: headers, timeouts, retries, the request budget, one client.

Each answer is read (its status and envelope mapped to data or to an error) in answers.py.

Reference: https://developer.alteg.io/api (B2B API v1), §1 of docs/altegio.md.
"""

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from django.views.decorators.debug import sensitive_variables

from loyalty import metrics

from .answers import Envelope, read_answer
from .errors import (
    AltegioError,
    AltegioRateLimited,
    AltegioTimeout,
    AltegioUnavailable,
    AltegioUnreachable,
    SharedStoreUnavailable,
)
from .ratelimit import RateLimiter, current_priority, note_grant, note_started

ACCEPT = "application/vnd.api.v2+json"
Params = Mapping[str, str | int | list[str] | list[int] | None]
# A request whose headers leave this much later than its slot was granted is stamped again.
LATE_AFTER_SECONDS = 0.002


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try a GET again: attempts, backoff with jitter, and a total time budget."""

    attempts: int = 3
    backoff: float = 0.25
    max_backoff: float = 2.0
    budget: float = 10.0


class AltegioClient:
    """One pooled connection to Altegio per event loop, carrying the partner token."""

    def __init__(  # noqa: PLR0913 - the client's settings and test seams, each by name
        self,
        *,
        base_url: str,
        partner_token: str,
        timeout: float = 5.0,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._partner_token = partner_token
        self._limiter = limiter
        self._retry = retry or RetryPolicy(budget=max(10.0, 2 * timeout))
        self._sleep = sleep
        self._clock = clock
        self._inflight: dict[tuple[Any, ...], asyncio.Future[Envelope]] = {}
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            timeout=httpx.Timeout(timeout),
            transport=transport,
            headers={"Accept": ACCEPT, "Content-Type": "application/json"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def __repr__(self) -> str:
        # Never let a token into a repr (tracebacks, debug pages).
        return f"<AltegioClient {self._http.base_url}>"

    @property
    def limiter(self) -> RateLimiter | None:
        """The request budget this client waits on (None: no limit)."""
        return self._limiter

    async def aclose(self) -> None:
        """Close the connection pool (and the shared limiter's, if it has one)."""
        await self._http.aclose()
        closer = getattr(self._limiter, "aclose", None)
        if closer is not None:
            await closer()

    def as_user(self, user_token: str) -> "UserClient":
        """A view of this client that sends a staff member's user token too."""
        return UserClient(self, user_token)

    async def get(
        self, path: str, *, params: Params | None = None, user_token: str | None = None
    ) -> Envelope:
        """GET with retries; identical GETs already in flight share one upstream call."""
        key = ("GET", path, _freeze(params), user_token)
        if (shared := self._inflight.get(key)) is not None:
            try:
                return await asyncio.shield(shared)
            except asyncio.CancelledError:
                # The caller we joined was cancelled (say, a closed tab); unless we were
                # cancelled too, ask Altegio ourselves rather than fail a live request.
                task = asyncio.current_task()
                if not shared.cancelled() or (task is not None and task.cancelling()):
                    raise
            return await self.get(path, params=params, user_token=user_token)
        future: asyncio.Future[Envelope] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            envelope = await self._send_with_retries("GET", path, params=params, token=user_token)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # mark it retrieved: nobody else may be waiting
            raise
        else:
            future.set_result(envelope)
            return envelope
        finally:
            del self._inflight[key]

    async def post(
        self, path: str, *, json_body: Any = None, user_token: str | None = None
    ) -> Envelope:
        """POST once: never retried, since Altegio may have acted on it."""
        return await self._send("POST", path, json_body=json_body, token=user_token)

    async def _send_with_retries(
        self, method: str, path: str, *, params: Params | None, token: str | None
    ) -> Envelope:
        deadline = self._clock() + self._retry.budget
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._send(method, path, params=params, token=token)
            except (AltegioUnavailable, AltegioRateLimited) as exc:
                if attempt >= self._retry.attempts:
                    raise
                delay = self._delay_before_retry(attempt, exc)
                if self._clock() + delay > deadline:
                    raise
                await self._sleep(delay)

    def _delay_before_retry(self, attempt: int, exc: AltegioError) -> float:
        """Retry-After when Altegio gives one, else exponential backoff with full jitter."""
        if isinstance(exc, AltegioRateLimited) and exc.retry_after is not None:
            return float(exc.retry_after)
        ceiling = min(self._retry.max_backoff, self._retry.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    # Error reports (Django's debug page, Sentry-like handlers) must never show the tokens.
    @sensitive_variables("authorization")
    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        token: str | None = None,
    ) -> Envelope:
        extensions: dict[str, Any] = {}
        if self._limiter is not None:
            # Bulk work (summary, export) marks itself; everything else is the front desk's.
            priority = current_priority()
            grant = await self._limiter.acquire(priority)
            note_grant(grant)
            note_started()  # inside a lookup (finish_first), its later calls now finish first
            metrics.note_budget_wait(priority=priority.work, seconds=grant.waited)
            if grant.slot is not None:
                extensions["trace"] = self._when_it_leaves(self._limiter, grant.slot)
        authorization = f"Bearer {self._partner_token}"
        if token:
            authorization += f", User {token}"
        started, status = time.monotonic(), "unreachable"
        try:
            response = await self._http.request(
                method,
                path.lstrip("/"),
                params=_query(params),
                json=json_body,
                headers={"Authorization": authorization},
                extensions=extensions,
            )
            status = str(response.status_code)
        except httpx.TimeoutException as exc:
            status = "timeout"
            raise AltegioTimeout() from exc
        except httpx.TransportError as exc:
            raise AltegioUnreachable() from exc
        finally:
            elapsed = time.monotonic() - started
            metrics.note_altegio_call(method=method, path=path, status=status, seconds=elapsed)
        return read_answer(response)

    def _when_it_leaves(
        self, limiter: RateLimiter, slot: float | str
    ) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
        """An httpx trace hook that stamps the call again when its request really leaves.

        The limiter stamps a call when it grants the slot; a new connection's handshake (or a
        busy worker) can hold the request back after that, and Altegio counts it when it arrives.
        Stamped at the moment its headers go out, the calls after it count from there; held up
        past its window, it first waits for the calls that went out meanwhile. The window guard
        covers what this cannot see (docs/operating.md).
        """
        granted = self._clock()

        async def trace(event: str, info: dict[str, Any]) -> None:
            if not event.endswith(".send_request_headers.started"):
                return
            late = self._clock() - granted
            metrics.note_send_lateness(late)
            if late > LATE_AFTER_SECONDS:
                # Without Redis the call goes anyway: the guard covers what it can.
                with contextlib.suppress(SharedStoreUnavailable):
                    await limiter.leaves_late(slot)

        return trace


class UserClient:
    """Altegio as one staff member sees it: every call carries their user token."""

    def __init__(self, client: AltegioClient, user_token: str) -> None:
        self._client = client
        self._token = user_token

    def __repr__(self) -> str:
        return "<UserClient>"

    async def get(self, path: str, *, params: Params | None = None) -> Envelope:
        """GET as this staff member."""
        return await self._client.get(path, params=params, user_token=self._token)

    async def post(self, path: str, *, json_body: Any = None) -> Envelope:
        """POST as this staff member."""
        return await self._client.post(path, json_body=json_body, user_token=self._token)


def _freeze(params: Params | None) -> tuple[Any, ...]:
    if not params:
        return ()
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def _query(params: Params | None) -> list[tuple[str, str | int | float | bool | None]] | None:
    """Flatten params; lists go out in Altegio's `name[]=a&name[]=b` form."""
    if not params:
        return None
    query: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, list):
            query += [(f"{name}[]", str(item)) for item in value]
        else:
            query.append((name, str(value)))
    return query
