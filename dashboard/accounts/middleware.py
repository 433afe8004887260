"""Session lifetime and deny-by-default: idle timeout, absolute lifetime, htmx-aware sign-in."""

import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseRedirectBase

from .sign_in_redirect import to_sign_in
from .staff import HtmxHttpRequest, end_session

STARTED_KEY = "staff.started"
SEEN_KEY = "staff.seen"
# Write "last seen" at most this often, so a busy desk does not rewrite its session every click.
SEEN_RESOLUTION_SECONDS = 60


def now() -> float:
    """The clock sessions are timed by (tests replace it)."""
    return time.time()


async def start_session_clock(request: HttpRequest) -> None:
    """Start a new session's idle and lifetime clocks."""
    moment = now()
    await request.session.aset(STARTED_KEY, moment)
    await request.session.aset(SEEN_KEY, moment)


class AsyncMiddleware:
    """Base for the dashboard's async-only middleware: keeps the chain async end to end."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            # The subclasses define the async __call__ that Django awaits.
            markcoroutinefunction(self)  # type: ignore[type-var]


class StaffSessionMiddleware(AsyncMiddleware):
    """Ends sessions idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS."""

    async def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        user = await request.auser()
        if user.is_authenticated:
            moment = now()
            started = await request.session.aget(STARTED_KEY)
            seen = await request.session.aget(SEEN_KEY)
            # "Last seen" may lag by up to the write resolution: never time out anyone early.
            idle_limit = settings.SESSION_IDLE_MINUTES * 60 + SEEN_RESOLUTION_SECONDS
            max_age = settings.SESSION_MAX_HOURS * 3600
            if started is None or seen is None:
                await start_session_clock(request)
            elif moment - started > max_age:
                await end_session(request)
                return to_sign_in(request, expired=True)
            elif moment - seen > idle_limit:
                await end_session(request)
                return to_sign_in(request, idle=True)
            elif moment - seen >= SEEN_RESOLUTION_SECONDS:
                await request.session.aset(SEEN_KEY, moment)
        return await self.get_response(request)


class StaffLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's deny-by-default; htmx gets an HX-Redirect, and `next` is always a page."""

    def handle_no_permission(  # type: ignore[override]  # an htmx redirect is a 200
        self, request: HttpRequest, view_func: Any
    ) -> HttpResponseRedirectBase:
        """Send the person to sign-in, back to the page they were on (not a fragment or a POST)."""
        return to_sign_in(cast(HtmxHttpRequest, request))
