"""Template context every page needs: sandbox mode and the signed-in staff member."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def dashboard(request: HttpRequest) -> dict[str, Any]:
    """`sandbox` flag and `staff` (set by the staff views before rendering)."""
    return {
        "sandbox": settings.ALTEGIO_SANDBOX,
        "staff": request.__dict__.get("staff"),  # set by the staff views before they render
    }
