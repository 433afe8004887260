"""Error pages with an error id that staff can quote and operators can find in the log."""

import logging
import sys
import uuid

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext

logger = logging.getLogger("dashboard.errors")


def _error_id() -> str:
    return uuid.uuid4().hex[:12]


def server_error(request: HttpRequest) -> HttpResponse:
    """500: a calm page with an error id; the traceback goes to the log under the same id."""
    error_id = _error_id()
    logger.error("Unhandled error %s on %s", error_id, request.path, exc_info=sys.exc_info())
    # Rendered without context processors: whatever broke may be in them.
    html = loader.get_template("500.html").render({"error_id": error_id})
    return HttpResponse(html, status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 for PermissionDenied and CSRF failures, with an error id."""
    html = loader.render_to_string(
        "403.html", {"error_id": _error_id(), "message": ""}, request=request
    )
    return HttpResponse(html, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the dashboard's frame."""
    html = loader.render_to_string("404.html", {"error_id": _error_id()}, request=request)
    return HttpResponse(html, status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form (CSRF) gets a plain explanation instead of Django's technical page."""
    html = loader.render_to_string(
        "403.html",
        {
            "error_id": _error_id(),
            "message": gettext("This form had expired. Go back, reload the page and try again."),
        },
        request=request,
    )
    return HttpResponse(html, status=403)
