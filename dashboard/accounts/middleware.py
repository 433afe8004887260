"""Session lifetime: an idle timeout and an absolute lifetime; either ends the Altegio session."""

import time
from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .staff import end_session, to_sign_in

STARTED_KEY = "staff.started"
SEEN_KEY = "staff.seen"
# Write "last seen" at most this often, so a busy desk does not rewrite its session every click.
SEEN_RESOLUTION_SECONDS = 60


def now() -> float:
    """The clock sessions are timed by (tests replace it)."""
    return time.time()


class StaffSessionMiddleware:
    """Ends sessions idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        user = await request.auser()
        if user.is_authenticated:
            moment = now()
            started = await request.session.aget(STARTED_KEY)
            seen = await request.session.aget(SEEN_KEY)
            idle_limit = settings.SESSION_IDLE_MINUTES * 60
            max_age = settings.SESSION_MAX_HOURS * 3600
            if started is None or seen is None:
                await request.session.aset(STARTED_KEY, moment)
                await request.session.aset(SEEN_KEY, moment)
            elif moment - seen > idle_limit or moment - started > max_age:
                await end_session(request)
                return to_sign_in(request, expired=True)
            elif moment - seen >= SEEN_RESOLUTION_SECONDS:
                await request.session.aset(SEEN_KEY, moment)
        return await self.get_response(request)
