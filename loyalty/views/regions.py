"""Render a whole page or only its htmx region, and put Altegio's failures inside that region."""

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from django.forms import BaseForm
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from dashboard.accounts.staff import HtmxHttpRequest
from loyalty.altegio import AltegioAuthError, AltegioError
from loyalty.services.failures import ShownError, shown_error
from loyalty.services.lookup.log import LookupLimitReached


def place_of(context: dict[str, Any]) -> str | None:
    """Where a failure happened, in words: the page's chain, else its location, if any."""
    if (chain := context.get("chain")) is not None:
        return gettext("in %(chain)s") % {"chain": chain.title}
    if (location := context.get("location")) is not None:
        return gettext("at %(place)s") % {"place": location.title}
    return None


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


# Views let their services' AltegioError rise; this one place renders it in the region. A view
# returns its context; in it, `target` names the element htmx swaps when that is not the region's
# name (one region per client), and `response_status` a status of the view's own (a refusal).
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
            except LookupLimitReached as exc:  # the person's own lookup quota: wait, then retry
                return _render_limit(request, template_name, region, context, exc)
            return _rendered(request, template_name, region, result)

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
    """Altegio's failure in the region, with what the view had put in its context (its form).

    "Try again" swaps the region, unless `retry_here` is off (a download: a plain link).
    """
    shown = shown_error(exc, place=place_of(context), missing=context.get("missing", ""))
    target = context.get("target")
    retry_target = (target or region) if retry_here else None
    context.update(error_context(request, shown, retry_target=retry_target))
    return render_region(
        request, template_name, region, context, status=shown.status, target=target
    )


def _rendered(
    request: HtmxHttpRequest,
    template_name: str,
    region: str,
    result: PageContext | HttpResponseBase,
) -> HttpResponse:
    """What a view returned: its context rendered, or its own response (a redirect, a download)."""
    if isinstance(result, HttpResponseBase):
        return result  # type: ignore[return-value]
    target, status = result.get("target"), _status(result)
    return render_region(request, template_name, region, result, status=status, target=target)


def _render_limit(
    request: HtmxHttpRequest,
    template_name: str,
    region: str,
    context: PageContext,
    exc: LookupLimitReached,
) -> HttpResponse:
    """429 with Retry-After; the region says how long to wait (`limit` in its context)."""
    context["limit"] = exc
    target = context.get("target")
    response = render_region(request, template_name, region, context, status=429, target=target)
    response["Retry-After"] = str(exc.retry_after)
    return response


async def part_of_page[T](
    call: Awaitable[T], context: PageContext
) -> tuple[T | None, ShownError | None]:
    """A part that may fail while the rest of the page stands: its answer, or its failure."""
    try:
        return await call, None
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        return None, shown_error(exc, place=place_of(context))


def _status(context: PageContext) -> int:
    """The view's own `response_status`, else 400 when a bound form has errors, else 200."""
    if "response_status" in context:
        return int(context["response_status"])
    invalid = any(
        isinstance(value, BaseForm) and value.is_bound and not value.is_valid()
        for value in context.values()
    )
    return 400 if invalid else 200
