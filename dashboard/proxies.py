"""Forwarded headers are believed only from TRUSTED_PROXIES: the client address and the scheme.

A proxy in front of the dashboard says who the client is (`X-Forwarded-For`) and whether it spoke
HTTPS (`X-Forwarded-Proto`). Anyone else can send the same headers, so they count only when the
request comes from one of TRUSTED_PROXIES; from anyone else every forwarded header is dropped
before Django reads it (SECURE_PROXY_SSL_HEADER, the sign-in lockout's client address).

Under `python -m dashboard.serve`, uvicorn applies the same list first: behind a trusted proxy it
puts the client's own address and scheme in the request, and Django then sees no proxy at all.
"""

import functools
import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import sync_and_async_middleware

type IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
type GetResponse = Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]] | Any

# The request headers (as Django's META spells them) that only a trusted proxy may set.
FORWARDED_HEADERS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_FORWARDED_SCHEME",
    "HTTP_X_REAL_IP",
)


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def is_trusted(address: str) -> bool:
    """Whether `address` is one of TRUSTED_PROXIES (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind a trusted proxy the right-most X-Forwarded-For hop not trusted."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not is_trusted(remote):
        return remote
    # Each proxy appends the address it saw; anything left of our own proxies' entries is
    # whatever the client chose to send, so only the right-most untrusted hop counts.
    hops = [hop.strip() for hop in str(request.headers.get("x-forwarded-for", "")).split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not is_trusted(hop):
            return hop
    return hops[0] if hops else remote


def drop_untrusted_forwarded_headers(request: HttpRequest) -> None:
    """Remove every forwarded header unless the peer is one of TRUSTED_PROXIES."""
    if not is_trusted(str(request.META.get("REMOTE_ADDR", ""))):
        for header in FORWARDED_HEADERS:
            request.META.pop(header, None)


@sync_and_async_middleware
def trusted_proxy_headers(get_response: GetResponse) -> GetResponse:
    """Middleware, first in MIDDLEWARE: forwarded headers only from TRUSTED_PROXIES."""
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            drop_untrusted_forwarded_headers(request)
            return await get_response(request)  # type: ignore[no-any-return]

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        drop_untrusted_forwarded_headers(request)
        return get_response(request)  # type: ignore[return-value]

    return middleware
