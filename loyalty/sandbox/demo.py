"""The sandbox as the dashboard shows it: its transport, demo hints on the pages, its tools.

Settings name these by dotted path only while `ALTEGIO_BASE_URL=sandbox`, so nothing on the
production path imports the emulator (see `make lint`'s import contracts).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_POST

from dashboard.accounts.guards import staff_view
from dashboard.accounts.staff import Staff
from dashboard.accounts.tokens import load_token
from dashboard.accounts.views import safe_next

from .app import get_sandbox
from .data import DEMO_EVENTS, DEMO_LOGINS, DEMO_PHONES
from .transport import SandboxTransport

_latency_lock = threading.Lock()
_latency_applied = False


def transport() -> SandboxTransport:
    """The in-process transport the Altegio client is handed, with the configured latency."""
    global _latency_applied
    sandbox = get_sandbox()
    with _latency_lock:
        # Once per process: a demo that should feel real (SANDBOX_LATENCY_MS) keeps it.
        if not _latency_applied and settings.SANDBOX_LATENCY_MS:
            sandbox.set_latency(settings.SANDBOX_LATENCY_MS)
        _latency_applied = True
    return SandboxTransport(sandbox)


def hints(request: HttpRequest) -> dict[str, Any]:
    """Demo logins, phones and group events, for the sign-in and lookup pages."""
    return {
        "demo_logins": DEMO_LOGINS,
        "demo_phones": DEMO_PHONES,
        "demo_events": [(event_id, text.split(";")[0]) for event_id, text in DEMO_EVENTS.items()],
    }


@require_POST
@staff_view
async def end_my_token(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Revoke this session's user token inside the sandbox, as a password change would."""
    token = await load_token(request.session.session_key)
    if token:
        get_sandbox().revoke(user_token=token)
    return HttpResponseRedirect(safe_next(request))


app_name = "sandbox"
urlpatterns = [path("end-token/", end_my_token, name="end_token")]
