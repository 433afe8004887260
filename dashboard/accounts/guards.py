"""The guards every staff view uses: the signed-in staff member, their location or chain, its right.

Every location or chain id in a URL is checked against the person's own list before any upstream
call; the chain's rights are loyalty/rights.py's. A refusal is the friendly 403 page.
"""

import functools
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import Any, Concatenate

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from loyalty.altegio import AltegioAuthError, AltegioError
from loyalty.rights import RIGHTS, ChainRight
from loyalty.services.failures import shown_error

from .sign_in_redirect import to_sign_in
from .staff import HtmxHttpRequest, SessionEnded, Staff, StaffRequest, end_session, get_staff


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The friendly 403 page (or fragment) for an id outside the person's own list."""
    return render(request, "403.html", {"message": message}, status=403)


def render_altegio_error(request: HtmxHttpRequest, error: AltegioError) -> HttpResponse:
    """Altegio's failure as a page, or as a fragment htmx will swap (it ignores 5xx bodies)."""
    status = 200 if request.htmx else 503
    context: dict[str, Any] = {"error": shown_error(error)}
    if request.method == "GET":  # asking again is safe, and usually all it takes
        context["retry_url"] = request.get_full_path()
    return render(request, "altegio_error.html", context, status=status)


type View[**P] = Callable[Concatenate[StaffRequest, P], Coroutine[Any, Any, HttpResponse]]


def staff_view[**P](
    view: Callable[Concatenate[StaffRequest, Staff, P], Awaitable[HttpResponse]],
) -> View[P]:
    """Gives the view the signed-in Staff; a dead Altegio session goes back to sign-in.

    Everything a staff view shows is Altegio data seen through one person's rights, so no
    browser or proxy cache may keep any of its answers (`Cache-Control: no-store`): staff views
    need no `@never_cache` of their own.
    """

    async def wrapper(request: StaffRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = await _answer(request, view, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    functools.update_wrapper(wrapper, view)
    return wrapper


async def _answer[**P](
    request: StaffRequest,
    view: Callable[Concatenate[StaffRequest, Staff, P], Awaitable[HttpResponse]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> HttpResponse:
    """The view's answer for the signed-in staff member, or the way back to sign-in."""
    try:
        staff = await get_staff(request)
        return await view(request, staff, *args, **kwargs)
    except (SessionEnded, AltegioAuthError):
        await end_session(request)
        return to_sign_in(request, expired=True)
    except AltegioError as exc:
        # Only loading the person's rights can get here: views show their own errors in place.
        return render_altegio_error(request, exc)


def location_view(
    view: Callable[..., Awaitable[HttpResponse]],
) -> Callable[..., Coroutine[Any, Any, HttpResponse]]:
    """Like staff_view, and the URL's location_id must be one of the person's (403 otherwise)."""

    async def guarded(
        request: HttpRequest, staff: Staff, location_id: int, **kwargs: Any
    ) -> HttpResponse:
        location = staff.location(location_id)
        if location is None:
            return forbidden(request, gettext("This location is not one of yours in Altegio."))
        if staff.current_location_id != location.id:
            # The header and nav follow the page being viewed; only the POST switcher
            # remembers a location (a GET changes nothing, whoever links here).
            staff = replace(staff, current_location_id=location.id)
            request.staff = staff  # type: ignore[attr-defined]
        return await view(request, staff, location, **kwargs)

    functools.update_wrapper(guarded, view)
    return staff_view(guarded)


type ChainView = Callable[..., Awaitable[HttpResponse]]
type GuardedView = Callable[..., Coroutine[Any, Any, HttpResponse]]


def chain_view_for(right: ChainRight | None) -> Callable[[ChainView], GuardedView]:
    """Like staff_view; the chain must be theirs and the right held in it (403 otherwise).

    The rights are loyalty/rights.py's. With no `right`, the URL's `kind` names it (the
    catalogues share their views).
    """

    def decorate(view: ChainView) -> GuardedView:
        async def guarded(
            request: HttpRequest, staff: Staff, chain_id: int, **kwargs: Any
        ) -> HttpResponse:
            needed = right or RIGHTS[kwargs["kind"]]
            chain = staff.chain(chain_id)
            if chain is None:
                return forbidden(request, gettext("This chain is not one of yours in Altegio."))
            if not needed.held_in(chain):
                return forbidden(request, str(needed.refusal))
            return await view(request, staff, chain, **kwargs)

        functools.update_wrapper(guarded, view)
        return staff_view(guarded)

    return decorate
