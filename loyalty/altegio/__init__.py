"""The Altegio B2B API v1 client: the only package that talks HTTP to Altegio.

`get_client()` gives the running event loop's pooled client, built from settings; endpoint
functions live in one module per resource (auth, locations, clients, memberships, gift_cards).
"""

import asyncio
import threading
import weakref

from django.conf import settings
from django.utils.module_loading import import_string

from .answers import Envelope
from .errors import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioBudgetHeldBack,
    AltegioError,
    AltegioForbidden,
    AltegioInvalid,
    AltegioLicenceExpired,
    AltegioNotFound,
    AltegioPartnerTokenRefused,
    AltegioRateLimited,
    AltegioRefused,
    AltegioTimeout,
    AltegioUnavailable,
    AltegioUnreachable,
    AltegioWrongCredentials,
    SharedStoreUnavailable,
)
from .http import AltegioClient, RetryPolicy, UserClient
from .ratelimit import (
    BudgetPolicy,
    Grant,
    LocalRateLimiter,
    Priority,
    RateLimiter,
    RedisRateLimiter,
    WaitLog,
    bulk_work,
    current_priority,
    finish_first,
    follow_up_work,
    track_waits,
    windows_for,
)

# Each window is kept this much longer than Altegio's, which counts calls when they arrive. A call
# whose request leaves late (a new connection's handshake) is stamped again when it leaves, and
# waits if the calls sent meanwhile filled its window (http.py); the guard covers the rest: the
# network's jitter, a worker that reads Redis's answer late, the server's own queue. 20 ms was
# measured too little: the bench's two instances on two busy cores let a sixth call into one
# second (docs/benchmark.md).
WINDOW_GUARD_SECONDS = 0.1

# An httpx.AsyncClient belongs to the loop that made it, so each event loop gets its own client
# (one per worker under uvicorn). Entries disappear with their loop.
_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AltegioClient]" = (
    weakref.WeakKeyDictionary()
)
_local_limiter: LocalRateLimiter | None = None
_lock = threading.Lock()


def get_client() -> AltegioClient:
    """The running loop's Altegio client, created on first use."""
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        client = _clients[loop] = build_client()
    return client


async def aclose_client() -> None:
    """Close the running loop's client (at server shutdown)."""
    client = _clients.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.aclose()


def build_client() -> AltegioClient:
    """A client configured from settings: base URL, transport, tokens, timeout, limiter."""
    # A transport named in settings (the sandbox's) replaces the network.
    transport = import_string(settings.ALTEGIO_TRANSPORT)() if settings.ALTEGIO_TRANSPORT else None
    return AltegioClient(
        base_url=settings.ALTEGIO_BASE_URL,
        partner_token=settings.ALTEGIO_PARTNER_TOKEN,
        timeout=settings.ALTEGIO_TIMEOUT,
        limiter=build_limiter(),
        transport=transport,
    )


def build_limiter() -> RateLimiter:
    """Shared through Redis when REDIS_URL is set (Altegio limits per IP), else per process.

    Without Redis the launcher (`python -m dashboard.serve`) runs one worker, so the process's
    limiter is the deployment's.
    """
    global _local_limiter
    windows = windows_for(settings.ALTEGIO_RATE_LIMIT, settings.ALTEGIO_RATE_LIMIT_PER_MINUTE)
    policy = BudgetPolicy(
        interactive_window=float(settings.ALTEGIO_INTERACTIVE_WINDOW_SECONDS),
        bulk_share=float(settings.ALTEGIO_BULK_SHARE),
        guard=WINDOW_GUARD_SECONDS,
    )
    if settings.REDIS_URL:
        return RedisRateLimiter(
            settings.REDIS_URL,
            windows,
            policy=policy,
            key=f"{settings.REDIS_KEY_PREFIX}:altegio:ratelimit",
            timeout=float(settings.REDIS_TIMEOUT),
        )
    with _lock:
        if (
            _local_limiter is None
            or _local_limiter.windows != windows
            or _local_limiter.policy != policy
        ):
            _local_limiter = LocalRateLimiter(windows, policy=policy)
        return _local_limiter


async def expected_wait() -> float:
    """How long an interactive Altegio call asking now would wait for the budget (no call made)."""
    limiter = get_client().limiter
    return 0.0 if limiter is None else await limiter.expected_wait()


__all__ = [
    "WINDOW_GUARD_SECONDS",
    "AltegioAuthError",
    "AltegioBadResponse",
    "AltegioBudgetHeldBack",
    "AltegioClient",
    "AltegioError",
    "AltegioForbidden",
    "AltegioInvalid",
    "AltegioLicenceExpired",
    "AltegioNotFound",
    "AltegioPartnerTokenRefused",
    "AltegioRateLimited",
    "AltegioRefused",
    "AltegioTimeout",
    "AltegioUnavailable",
    "AltegioUnreachable",
    "AltegioWrongCredentials",
    "BudgetPolicy",
    "Envelope",
    "Grant",
    "LocalRateLimiter",
    "Priority",
    "RateLimiter",
    "RedisRateLimiter",
    "RetryPolicy",
    "SharedStoreUnavailable",
    "UserClient",
    "WaitLog",
    "aclose_client",
    "build_client",
    "build_limiter",
    "bulk_work",
    "current_priority",
    "expected_wait",
    "finish_first",
    "follow_up_work",
    "get_client",
    "track_waits",
    "windows_for",
]
