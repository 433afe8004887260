"""The staff member's own language: kept on their user, switched from the header, applied first."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .middleware import AsyncMiddleware
from .models import StaffUser


def known_language(code: str | None) -> str:
    """`code` when it is one of LANGUAGES, else ''."""
    return code if code and code in dict(settings.LANGUAGES) else ""


class StaffLanguageMiddleware(AsyncMiddleware):
    """Applies the signed-in person's chosen language, before the browser's Accept-Language."""

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        user = await request.auser()
        chosen = known_language(getattr(user, "language", "")) if user.is_authenticated else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return await self.get_response(request)


@login_not_required
@require_POST
async def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language` (cookie, redirect to `next`); the choice kept on the user too."""
    response = set_language(request)
    chosen = known_language(request.POST.get("language"))
    user = await request.auser()
    if chosen and isinstance(user, StaffUser) and user.language != chosen:
        user.language = chosen
        await user.asave(update_fields=["language"])
    return response
