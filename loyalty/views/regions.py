"""Render a whole page or only its htmx region, and put Altegio's failures inside that region."""

import functools
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from django.forms import BaseForm
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext, gettext_noop

from dashboard.accounts.staff import HtmxHttpRequest
from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    AltegioForbidden,
    AltegioInvalid,
    AltegioLicenceExpired,
    AltegioNotFound,
    AltegioRateLimited,
    AltegioUnavailable,
)

NOT_ANSWERING = gettext_noop("Altegio is not answering right now. Please try again in a moment.")


@dataclass(frozen=True)
class ShownError:
    """An Altegio failure as staff see it: our words, Altegio's words, and whether to retry."""

    message: str
    api_message: str | None = None
    retry: bool = True
    status: int = 503


AT_LOCATION = gettext_noop("at this location")


def shown_error(exc: AltegioError, *, place: str, missing: str = "") -> ShownError:
    """Staff-facing words for an Altegio failure; `place` is 'in this chain' or similar."""
    api_message = exc.api_message
    if isinstance(exc, AltegioForbidden):
        words = gettext("You have no rights %(place)s in Altegio.") % {"place": gettext(place)}
        return ShownError(words, api_message, False, 403)
    if isinstance(exc, AltegioLicenceExpired):
        # Only the business can renew it: asking again will not help.
        return ShownError(exc.message, api_message, False, 402)
    if isinstance(exc, AltegioNotFound):
        return ShownError(missing or exc.message, api_message, False, 404)
    if isinstance(exc, AltegioInvalid):
        # Asking again with the same values cannot help.
        return ShownError(exc.message, api_message, False, 422)
    if isinstance(exc, AltegioUnavailable) and not isinstance(exc, AltegioRateLimited):
        return ShownError(gettext(NOT_ANSWERING), api_message, True, 503)
    return ShownError(exc.message, api_message, True, 503 if exc.status is None else 502)


# `target` is the element id htmx swaps when it differs from the partial's name (a page with one
# region per client). htmx 2 does not swap 4xx/5xx answers, so the partial always goes out as a
# 200; the full page keeps the real status for people and tools that read it.
def render_region(
    request: HtmxHttpRequest,
    template_name: str,
    region: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    target: str | None = None,
) -> HttpResponse:
    """The named partial when htmx targets it, else the full page with `status`."""
    if request.htmx and request.htmx.target == (target or region):
        response = render(request, f"{template_name}#{region}", context)
    else:
        response = render(request, template_name, context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def error_context(
    request: HtmxHttpRequest, error: ShownError, *, retry_target: str | None
) -> dict[str, Any]:
    """Context for includes/altegio_error.html: the error, and a retry of this very request."""
    context: dict[str, Any] = {"error": error}
    if error.retry:
        context.update(retry_url=request.get_full_path(), retry_target=retry_target)
    return context


type PageContext = dict[str, Any]
type RegionView = Callable[..., Awaitable[PageContext | HttpResponseBase]]
type RenderedView = Callable[..., Coroutine[Any, Any, HttpResponse]]
type RegionDecorator = Callable[[RegionView], RenderedView]


# Views let their services' AltegioError rise; this one place renders it in the region.
def region_view(template_name: str, region: str, *, retry_here: bool = True) -> RegionDecorator:
    """Render the context a view returns: the page, or its region for htmx; errors in the region."""

    def decorate(view: RegionView) -> RenderedView:
        @functools.wraps(view)
        async def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            context: PageContext = {}
            try:
                result = await view(request, *args, context=context, **kwargs)
            except AltegioAuthError:
                raise  # staff_view ends the session and sends the person to sign-in
            except AltegioError as exc:  # in the region, with the page's context kept
                return render_error(request, template_name, region, context, exc, retry_here)
            if isinstance(result, HttpResponseBase):  # a redirect, a streamed download…
                return result  # type: ignore[return-value]
            return render_region(request, template_name, region, result, status=_status(result))

        return wrapper

    return decorate


def render_error(
    request: HtmxHttpRequest,
    template_name: str,
    region: str,
    context: PageContext,
    exc: AltegioError,
    retry_here: bool = True,
) -> HttpResponse:
    """Altegio's failure inside the region, in one set of words, with the page around it kept.

    Views let their service's AltegioError rise to `region_view`, which calls this with whatever
    the view had put in its context (its form); "Try again" swaps the region itself, unless
    `retry_here` is off (a download: its retry is a plain link).
    """
    place = gettext_noop("in this chain") if "chain" in context else AT_LOCATION
    shown = shown_error(exc, place=place, missing=context.get("missing", ""))
    retry_target = region if retry_here else None
    context.update(error_context(request, shown, retry_target=retry_target))
    return render_region(request, template_name, region, context, status=shown.status)


def _status(context: PageContext) -> int:
    """400 when a bound form in the context has errors, else 200."""
    invalid = any(
        isinstance(value, BaseForm) and value.is_bound and not value.is_valid()
        for value in context.values()
    )
    return 400 if invalid else 200
