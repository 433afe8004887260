"""Error pages with an error id that staff can quote and operators can find in the log."""

import logging
import re
import sys
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template import loader
from django.utils.translation import gettext
from django.views.debug import SafeExceptionReporterFilter

logger = logging.getLogger("dashboard.errors")


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    """Django's filter, active with DEBUG on too, and hiding secret-looking POST fields always.

    Django's own filter does nothing while DEBUG is on, and hides POST fields only for views marked
    `sensitive_post_parameters`: a failure before the sign-in view (in a middleware) would show
    the password on the DEBUG page. Here any field named like a secret is hidden, everywhere.
    """

    hidden_post = re.compile(r"pass|secret|token|key|signature", flags=re.IGNORECASE)

    def is_active(self, request: HttpRequest | None) -> bool:
        """Always: the DEBUG page is a report too."""
        return True

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        """POST with every secret-looking field (and those the view marked) replaced."""
        parameters = super().get_post_parameters(request)
        if request is None or not isinstance(parameters, QueryDict):
            return parameters
        cleansed = parameters.copy()
        for name in cleansed:
            if self.hidden_post.search(name):
                cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        """A frame's variables, those named like a secret (`password`, `token`) hidden."""
        return [
            (name, self.cleansed_substitute if self.hidden_post.search(name) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]


# Letters only (none that read like a digit): the log's phone redaction (loyalty/altegio/logging.py)
# hides runs of digits, and must never hide the id the page shows. 22 ** 12 ≈ 2 ** 53 ids.
ERROR_ID_LETTERS = "abcdefghjkmnpqrstuvwxy"


def _error_id() -> str:
    """`kxqm-tvbr-hwpa`: three groups of four letters, easy to read out over the phone."""
    number = uuid.uuid4().int
    letters = []
    for _ in range(12):
        number, index = divmod(number, len(ERROR_ID_LETTERS))
        letters.append(ERROR_ID_LETTERS[index])
    return "-".join("".join(letters[i : i + 4]) for i in range(0, 12, 4))


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
