"""/healthz and /readyz: for an orchestrator; no sign-in, and never a call to Altegio.

- Liveness (`/healthz`): the process serves requests. Nothing else is asked, so an outage of the
  database or Redis never gets a healthy process restarted.
- Readiness (`/readyz`): the database answers a query and, when REDIS_URL is set, Redis answers a
  PING, each within a short time; 503 and the failing part's name otherwise, so traffic goes
  elsewhere until it answers again.
"""

import asyncio

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from loyalty.altegio import redis_store


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError:
        return False


def _redis_answers() -> bool:
    return redis_store.ping(settings.REDIS_URL, timeout=float(settings.REDIS_TIMEOUT))


@login_not_required
@never_cache
@require_safe
async def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 {"status": "ok"} while the process serves requests."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
async def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database and Redis (if configured) answer; 503 naming the failing."""
    checks = {"database": sync_to_async(_database_answers)()}
    if settings.REDIS_URL:
        checks["redis"] = sync_to_async(_redis_answers, thread_sensitive=False)()
    answers = dict(zip(checks, await asyncio.gather(*checks.values()), strict=True))
    failing = [part for part, answered in answers.items() if not answered]
    return JsonResponse(
        {
            "status": "unavailable" if failing else "ok",
            "checks": {
                part: "ok" if answered else "unavailable" for part, answered in answers.items()
            },
            "failing": failing,
        },
        status=503 if failing else 200,
    )
