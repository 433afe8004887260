"""The Altegio B2B API v1 client: the only package that talks HTTP to Altegio.

`get_client()` gives the running event loop's pooled client, built from settings; endpoint
functions live in one module per resource (auth, locations, clients, memberships, gift_cards).
"""

import asyncio
import threading
import weakref

from django.conf import settings

from .errors import (
    AltegioAuthError,
    AltegioBadResponse,
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
    AltegioWrongCredentials,
)
from .http import AltegioClient, Envelope, RetryPolicy, UserClient
from .ratelimit import LocalRateLimiter, RateLimiter, RedisRateLimiter, windows_for

SANDBOX_BASE_URL = "https://sandbox.altegio.invalid/api/v1"

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
    """A client configured from settings: base URL (or the sandbox), tokens, timeout, limiter."""
    transport = None
    base_url = settings.ALTEGIO_BASE_URL
    if settings.ALTEGIO_SANDBOX:
        from loyalty.sandbox import SandboxTransport, get_sandbox

        transport = SandboxTransport(get_sandbox())
        base_url = SANDBOX_BASE_URL
    return AltegioClient(
        base_url=base_url,
        partner_token=settings.ALTEGIO_PARTNER_TOKEN,
        timeout=settings.ALTEGIO_TIMEOUT,
        limiter=build_limiter(),
        transport=transport,
    )


def build_limiter() -> RateLimiter:
    """Shared through Redis when REDIS_URL is set (Altegio limits per IP), else per process."""
    global _local_limiter
    windows = windows_for(settings.ALTEGIO_RATE_LIMIT, settings.ALTEGIO_RATE_LIMIT_PER_MINUTE)
    if settings.REDIS_URL:
        return RedisRateLimiter(settings.REDIS_URL, windows)
    with _lock:
        if _local_limiter is None or _local_limiter.windows != windows:
            _local_limiter = LocalRateLimiter(windows)
        return _local_limiter


__all__ = [
    "AltegioAuthError",
    "AltegioBadResponse",
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
    "AltegioWrongCredentials",
    "Envelope",
    "RetryPolicy",
    "UserClient",
    "aclose_client",
    "build_client",
    "get_client",
]
