"""The sandbox itself: authentication, latency, fault injection, the call log and controls."""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import httpx

from . import routes_account
from .controls import control
from .data import SandboxData, get_data
from .faults import (
    AFTER_KINDS,
    NETWORK_KINDS,
    REPLY_KINDS,
    REWRITE_KINDS,
    Fault,
    FaultBook,
    rewrite,
)
from .models import User
from .protocol import ApiError, Ctx, Reply
from .quirks import QUIRKS, licence_message, parse_quirk
from .routes_memberships import LOCATION_ALIASES
from .routing import API_PREFIX, INT, LOC, Route, build_routes, match
from .wire import shaped
from .writes import MembershipWrites

# Not a secret: the sandbox is public demo data, and the dashboard sends this token to it.
PARTNER_TOKEN = "sandbox-partner-token"  # noqa: S105
CONTROL_PREFIX = "/__sandbox/"
MAX_CALLS = 50_000


@dataclass(frozen=True)
class Call:
    """One recorded API call, timed with `time.monotonic()`."""

    endpoint: str
    method: str
    path: str
    started: float
    ended: float
    status: int = 0
    location_id: int | None = None  # the location the call was about, if any


def parse_authorization(header: str) -> tuple[str | None, str | None]:
    """The partner and user tokens of `Bearer <partner>, User <user>`."""
    partner = user = None
    for part in header.split(","):
        scheme, _, token = part.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            partner = token.strip()
        elif scheme.lower() == "user" and token.strip():
            user = token.strip()
    return partner, user


def encode(reply: Reply, request: httpx.Request) -> httpx.Response:
    """An httpx response; JSON unless the reply carries raw bytes (injected html/malformed)."""
    if isinstance(reply.body, bytes):
        content = reply.body
    else:
        content = json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", **reply.headers}
    return httpx.Response(reply.status, headers=headers, content=content, request=request)


class Sandbox:
    """An in-memory emulator of the Altegio B2B API v1 loyalty endpoints."""

    def __init__(
        self,
        partner_token: str = PARTNER_TOKEN,
        latency_ms: int = 0,
        *,
        data: SandboxData | None = None,
    ) -> None:
        self.partner_token = partner_token
        self.calls: list[Call] = []
        self._data = data
        self._default_latency = latency_ms
        self._latency: dict[str, int] = {"*": latency_ms}
        self._faults = FaultBook()
        self._tokens: dict[str, int] = {}
        self._quirks: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._writes = MembershipWrites()
        self._routes = build_routes(
            functools.partial(routes_account.auth, issue_token=self._new_token)
        )

    @property
    def data(self) -> SandboxData:
        """The seeded data (the process-wide build unless one was given)."""
        return self._data if self._data is not None else get_data()

    # Python-side controls; the HTTP control endpoints call the same methods.

    def inject(
        self,
        endpoint: str,
        *,
        status: int | None = None,
        kind: str | None = None,
        delay_ms: int = 0,
        times: int | None = None,
        retry_after: int | None = None,
        location_id: int | None = None,
    ) -> Fault:
        """Make calls to `endpoint` (a key such as "M1", or "*") fail or slow down."""
        fault = Fault(endpoint, status, kind, delay_ms, times, retry_after, location_id)
        self._faults.add(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        self._faults.clear()

    @property
    def faults(self) -> list[Fault]:
        """The faults still queued."""
        return self._faults.active()

    def set_quirk(self, name: str, value: object) -> None:
        """Switch on one quirk of the real API (see quirks.py); `None` switches it off."""
        if value is None:
            if name not in QUIRKS:
                parse_quirk(name, value)  # raises: unknown names are refused either way
            self._quirks.pop(name, None)
            return
        self._quirks[name] = parse_quirk(name, value)

    @property
    def quirks(self) -> Mapping[str, Any]:
        """The quirks switched on (read-only)."""
        return MappingProxyType(self._quirks)

    def set_latency(self, ms: int, endpoint: str = "*") -> None:
        """Delay every answer (or one endpoint's) by `ms` milliseconds."""
        self._latency[endpoint] = max(0, int(ms))

    @property
    def latency(self) -> dict[str, int]:
        """The delay in milliseconds per endpoint key ("*" for every endpoint)."""
        return dict(self._latency)

    def revoke(self, *, login: str | None = None, user_token: str | None = None) -> int:
        """Invalidate one user token, or every token of a login; returns how many."""
        with self._lock:
            if user_token is not None:
                return 1 if self._tokens.pop(user_token, None) is not None else 0
            user = self.data.user_by_login(login or "")
            if user is None:
                return 0
            doomed = [token for token, user_id in self._tokens.items() if user_id == user.id]
            for token in doomed:
                del self._tokens[token]
            return len(doomed)

    def issue_token(self, login: str) -> str:
        """A fresh user token for a login, as `POST /auth` would give (handy in tests)."""
        user = self.data.user_by_login(login)
        if user is None:
            raise KeyError(login)
        return self._new_token(user.id)

    def reset(self) -> None:
        """Forget faults, quirks, latency, the call log and every write (not data or tokens)."""
        self._faults.clear()
        self._writes.clear()
        self._quirks.clear()
        self._latency = {"*": self._default_latency}
        self.calls.clear()

    def _new_token(self, user_id: int) -> str:
        """Register a fresh user token."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = user_id
        return token

    def _user(self, token: str) -> User | None:
        """The user owning a token that is still valid."""
        user_id = self._tokens.get(token)
        return next((user for user in self.data.users if user.id == user_id), None)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as Altegio would, after latency and any injected fault."""
        body = await request.aread()
        path = request.url.path.removeprefix(API_PREFIX)
        if path.startswith(CONTROL_PREFIX):
            name = path.removeprefix(CONTROL_PREFIX).strip("/")
            return encode(control(self, name, request.method, body), request)
        route, ids = match(self._routes, request.method, request.url.path)
        key = route.key if route else "unknown"
        started = time.monotonic()
        status = 0
        location_id = _location_of(route, ids, request)
        try:
            fault = self._faults.take(key, location_id)
            delay = self._latency.get(key, self._latency.get("*", 0))
            delay += fault.delay_ms if fault else 0
            if delay:
                await asyncio.sleep(delay / 1000)
            if fault and fault.kind in NETWORK_KINDS:
                if fault.kind == "timeout":
                    raise httpx.ReadTimeout("Sandbox: injected read timeout", request=request)
                raise httpx.ConnectError("Sandbox: injected connection failure", request=request)
            if fault and (fault.kind in REPLY_KINDS or (fault.kind is None and fault.status)):
                reply = fault.reply()
            else:
                reply = self._dispatch(route, ids, request, body)
                if fault and fault.kind in REWRITE_KINDS and reply.status < 400:
                    reply.body = rewrite(fault.kind, reply.body)
            response = encode(reply, request)
            status = response.status_code
            if fault and fault.kind in AFTER_KINDS:
                # Done on this side, lost on the way back: the caller cannot know the outcome.
                raise httpx.ReadTimeout("Sandbox: injected timeout after the call", request=request)
            return response
        finally:
            self._record(
                Call(
                    key,
                    request.method,
                    request.url.path,
                    started,
                    time.monotonic(),
                    status,
                    location_id,
                )
            )

    def _record(self, call: Call) -> None:
        """Append to the call log, keeping it bounded for long benchmark runs."""
        self.calls.append(call)
        if len(self.calls) > MAX_CALLS:
            del self.calls[: MAX_CALLS // 2]

    def _dispatch(
        self, route: Route | None, ids: tuple[int, ...], request: httpx.Request, body: bytes
    ) -> Reply:
        """Check the tokens and run the route's handler."""
        if route is None:
            return ApiError(404).reply()
        try:
            partner, token = parse_authorization(request.headers.get("Authorization", ""))
            if partner is None or not secrets.compare_digest(partner, self.partner_token):
                raise ApiError(401)
            if self._quirks.get("partner_token_refused"):
                raise ApiError(401)  # as if the configured partner token were wrong
            user = None
            if route.key != "auth" and (token is not None or route.needs_user):
                user = self._user(token or "")
                if user is None:
                    raise ApiError(401)
            ctx = Ctx(
                request, self.data, user, ids, body, self._writes, MappingProxyType(self._quirks)
            )
            expired = self._quirks.get("licence_expired")
            location_id = _location_in(route, ctx) if expired else None
            if location_id is not None and expired and location_id in expired:
                raise ApiError(402, licence_message(location_id))
            with shaped(self._quirks):
                return route.handler(ctx)
        except ApiError as error:
            return error.reply()


_singleton_lock = threading.Lock()
_singleton: Sandbox | None = None


def get_sandbox() -> Sandbox:
    """The process-wide sandbox, built on first use."""
    global _singleton
    if _singleton is None:
        with _singleton_lock:
            if _singleton is None:
                _singleton = Sandbox()
    return _singleton


def _location_of(route: Route | None, ids: tuple[int, ...], request: httpx.Request) -> int | None:
    """The location a call is about: `company_id` (or an alias) in the query, else the path's."""
    for name in ("company_id", "location_id", "salon_id"):
        raw = request.url.params.get(name, "")
        if raw.isdigit():
            return int(raw)
    if route is not None and route.pattern[:2] == (LOC, INT) and ids:
        return ids[0]
    return None


def _location_in(route: Route, ctx: Ctx) -> int | None:
    """The location a location-scoped call is about (path id, or the query's company_id)."""
    if (route.pattern[0] == LOC and len(route.pattern) > 1) or route.key == "client":
        return ctx.ids[0] if ctx.ids else None
    if route.key in ("M1", "C1", "M2", "C2"):
        try:
            return ctx.integer(*LOCATION_ALIASES)
        except ApiError:
            return None
    return None


__all__ = ["PARTNER_TOKEN", "Call", "Route", "Sandbox", "get_sandbox"]
