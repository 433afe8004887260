"""/healthz: is the service up and does its database answer."""

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError:
        return False


@login_not_required
@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """200 and {"status": "ok"} when the database answers; 503 otherwise."""
    healthy = await sync_to_async(_database_answers)()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": healthy},
        status=200 if healthy else 503,
    )
