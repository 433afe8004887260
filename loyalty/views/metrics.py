"""/metrics: the Prometheus scrape, for a token or an allow-listed address only (never public).

METRICS_TOKEN (sent as `Authorization: Bearer …`) or METRICS_ALLOWED_IPS (addresses or networks,
the client address read as the sign-in lockout reads it) opens it; with neither set it is a 404.
"""

import hmac
import ipaddress
import os
from collections.abc import Iterable, Iterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from dashboard.proxies import client_address
from loyalty.altegio import SharedStoreUnavailable, get_client
from loyalty.altegio.budget_usage import WindowUse, budget_in_use
from loyalty.metrics import NAMESPACE


class _Collected:
    """A collector that hands on metrics already collected (another registry's, or a snapshot)."""

    def __init__(self, metrics: Iterable[Metric]) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[Metric]:
        yield from self._metrics


def _window_name(seconds: float) -> str:
    return "second" if seconds <= 1 else "minute" if seconds == 60 else f"{seconds:g}s"


def budget_gauges(windows: list[WindowUse]) -> list[Metric]:
    """The request budget in use now, per window, and its limits."""
    used = GaugeMetricFamily(
        f"{NAMESPACE}_altegio_budget_calls",
        "Calls to Altegio sent within the last second / minute (the whole deployment with Redis).",
        labels=["window"],
    )
    limit = GaugeMetricFamily(
        f"{NAMESPACE}_altegio_budget_limit",
        "Altegio's request limit per second / minute (ALTEGIO_RATE_LIMIT, _PER_MINUTE).",
        labels=["window"],
    )
    for window in windows:
        used.add_metric([_window_name(window.seconds)], window.used)
        limit.add_metric([_window_name(window.seconds)], window.limit)
    return [used, limit]


def _allowed(request: HttpRequest) -> bool:
    token = str(settings.METRICS_TOKEN)
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(allowed.strip(), strict=False)
        for allowed in settings.METRICS_ALLOWED_IPS
        if allowed.strip()
    )


def _registry(snapshot: list[Metric]) -> CollectorRegistry:
    """Every worker's counters (multiprocess mode) or this process's, and the snapshot."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Collected(REGISTRY.collect()))
    registry.register(_Collected(snapshot))
    return registry


@login_not_required
@never_cache
@require_GET
async def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format; 404 unless a token or an allow-list is set, 403 to others."""
    if not (settings.METRICS_TOKEN or settings.METRICS_ALLOWED_IPS):
        raise Http404("Metrics are off: set METRICS_TOKEN or METRICS_ALLOWED_IPS.")
    if not _allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    try:
        snapshot = budget_gauges(await budget_in_use(get_client().limiter))
    except SharedStoreUnavailable:
        snapshot = []  # the counters still answer; readiness says Redis is down
    body = await sync_to_async(generate_latest, thread_sensitive=False)(_registry(snapshot))
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
