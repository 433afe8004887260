"""Who is signed in, where they may work, and the guards every location or chain view uses.

The locations and chains come from Altegio once per session (GET /companies?my=1, GET /groups)
and are kept in the server-side session; every location or chain id in a URL is checked
against them before any upstream call.
"""

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from typing import Any, Concatenate
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import alogout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop, ngettext
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from loyalty.altegio import AltegioAuthError, AltegioError, UserClient, get_client
from loyalty.altegio.locations import list_my_chains, list_my_locations
from loyalty.altegio.types import Chain, Location
from loyalty.rights import AUDIT, RIGHTS, ChainRight, chains_holding, screens_in
from loyalty.services.failures import shown_error
from loyalty.services.writes.registry import WRITE_RIGHTS

from .models import StaffUser
from .tokens import forget_token, load_token

LOCATIONS_KEY = "staff.locations"
CHAINS_KEY = "staff.chains"
CURRENT_LOCATION_KEY = "staff.location_id"
RIGHTS_LOADED_KEY = "staff.rights_loaded"
SESSION_ENDED_MESSAGE = gettext_noop("Your Altegio session has ended, please sign in again.")


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member as one request sees them."""

    user: StaffUser
    locations: list[Location]
    chains: list[Chain]
    api: UserClient
    current_location_id: int | None

    def location(self, location_id: int) -> Location | None:
        """One of their locations, or None if it is not theirs."""
        return next((loc for loc in self.locations if loc.id == location_id), None)

    def chain(self, chain_id: int) -> Chain | None:
        """One of their chains, or None if it is not theirs."""
        return next((chain for chain in self.chains if chain.id == chain_id), None)

    @property
    def current_location(self) -> Location | None:
        """Where they are working now: the last chosen location, else the first."""
        chosen = self.location(self.current_location_id) if self.current_location_id else None
        return chosen or (self.locations[0] if self.locations else None)

    @property
    def loyalty_chains(self) -> list[Chain]:
        """Chains where they have loyalty rights at all (the audit log is theirs)."""
        return chains_holding(AUDIT, self.chains)

    @property
    def chain_pages(self) -> list[tuple[Chain, ChainRight]]:
        """Each chain with a page they may open, and its first such page (for the navigation)."""
        return [(chain, screens[0]) for chain in self.chains if (screens := screens_in(chain))]

    @property
    def write_chain_ids(self) -> set[int]:
        """Chains where they may write to memberships (freeze, unfreeze, …)."""
        return {c.id for c in self.chains if any(right.held_in(c) for right in WRITE_RIGHTS)}

    def chains_of(self, location_id: int) -> list[Chain]:
        """The chains a location belongs to."""
        return [c for c in self.chains if any(loc.id == location_id for loc in c.locations)]


class HtmxHttpRequest(HttpRequest):
    """Any request after HtmxMiddleware (early in MIDDLEWARE): `request.htmx` is always there."""

    htmx: HtmxDetails


class StaffRequest(HtmxHttpRequest):
    """A staff view's request: `staff`, the signed-in person and their rights (staff_view)."""

    staff: Staff


class SessionEnded(Exception):
    """The session has no usable Altegio token any more."""


def rights_clock() -> float:
    """The clock rights are timed by (tests replace it)."""
    return time.time()


async def load_rights(request: HttpRequest, api: UserClient) -> None:
    """Fetch the person's locations and chains from Altegio and keep them in the session."""
    # Independent calls: one round-trip instead of two at sign-in.
    locations, chains = await asyncio.gather(list_my_locations(api), list_my_chains(api))
    await request.session.aset(LOCATIONS_KEY, [loc.model_dump(mode="json") for loc in locations])
    await request.session.aset(CHAINS_KEY, [chain.model_dump(mode="json") for chain in chains])
    await request.session.aset(RIGHTS_LOADED_KEY, rights_clock())


async def _rights_are_stale(request: HttpRequest) -> bool:
    """No rights yet, or loaded longer ago than RIGHTS_RELOAD_MINUTES."""
    if await request.session.aget(LOCATIONS_KEY) is None:
        return True
    loaded = await request.session.aget(RIGHTS_LOADED_KEY)
    max_age = float(settings.RIGHTS_RELOAD_MINUTES) * 60
    return loaded is None or rights_clock() - float(loaded) >= max_age


async def get_staff(request: HttpRequest, *, fresh_rights: bool = False) -> Staff:
    """The signed-in staff member with their rights and Altegio access; SessionEnded if none.

    Rights reload from Altegio when older than RIGHTS_RELOAD_MINUTES (or when `fresh_rights`),
    so a withdrawn right or a revoked token (a 401 here) ends within that time even on pages
    served from a cache; the reload is also what ends a revoked session on such pages.
    """
    cached: Staff | None = request.__dict__.get("staff")
    if cached is not None and not fresh_rights:
        return cached
    user = await request.auser()
    token = await load_token(request.session.session_key)
    if not user.is_authenticated or token is None:
        raise SessionEnded
    api = get_client().as_user(token)
    if fresh_rights or await _rights_are_stale(request):
        await load_rights(request, api)
    staff = Staff(
        user=user,
        locations=[
            Location.model_validate(raw) for raw in await request.session.aget(LOCATIONS_KEY, [])
        ],
        chains=[Chain.model_validate(raw) for raw in await request.session.aget(CHAINS_KEY, [])],
        api=api,
        current_location_id=await request.session.aget(CURRENT_LOCATION_KEY)
        or getattr(user, "last_location_id", None),
    )
    request.staff = staff  # type: ignore[attr-defined]
    return staff


async def remember_location(request: HttpRequest, staff: Staff, location_id: int) -> Staff:
    """Make one of their locations the current one, here and in later sessions."""
    await request.session.aset(CURRENT_LOCATION_KEY, location_id)
    if staff.user.last_location_id != location_id:
        staff.user.last_location_id = location_id
        await staff.user.asave(update_fields=["last_location_id"])
    staff = replace(staff, current_location_id=location_id)
    request.staff = staff  # type: ignore[attr-defined]
    return staff


async def remember_lookup_scope(*, user: StaffUser, scope: str) -> None:
    """Keep the person's lookup scope for their next lookup (an UPDATE only when it changed)."""
    if user.lookup_scope != scope:
        user.lookup_scope = scope
        await user.asave(update_fields=["lookup_scope"])


async def end_session(request: HttpRequest) -> None:
    """Sign out on the server: forget the token, flush the session."""
    await forget_token(request.session.session_key)
    await alogout(request)


def idle_message() -> str:
    """What the sign-in page says after the idle timeout."""
    minutes = settings.SESSION_IDLE_MINUTES
    return ngettext(
        "Your session timed out after %(minutes)s minute of inactivity. Please sign in again.",
        "Your session timed out after %(minutes)s minutes of inactivity. Please sign in again.",
        minutes,
    ) % {"minutes": minutes}


def page_they_were_on(request: HtmxHttpRequest) -> str:
    """The path of the page the person was looking at when this request came, if known."""
    if htmx := request.htmx:
        # The fragment URL is no page to return to; the page htmx was called from is. A header
        # urlsplit cannot read ("https://host@evil.com]") names no page: none to return to.
        try:
            return htmx.current_url_abs_path or ""
        except ValueError:
            return ""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    # A plain form post: the page carrying the form says where it was (`next`), else the Referer.
    for candidate in (request.POST.get("next", ""), request.headers.get("Referer", "")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def sign_in_url(request: HtmxHttpRequest, *, expired: bool = False, idle: bool = False) -> str:
    """The sign-in URL that brings the person back to the page they were on."""
    back = page_they_were_on(request)
    query = {"next": back} if back and not back.startswith(reverse(settings.LOGIN_URL)) else {}
    if idle:
        query["idle"] = "1"
    elif expired:
        query["expired"] = "1"
    url = reverse(settings.LOGIN_URL)
    return f"{url}?{urlencode(query)}" if query else url


def to_sign_in(
    request: HtmxHttpRequest, *, expired: bool = False, idle: bool = False
) -> HttpResponseRedirectBase:
    """Redirect to sign-in: the whole page, even when htmx asked for a fragment."""
    url = sign_in_url(request, expired=expired, idle=idle)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


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
    browser or proxy cache may keep it (`Cache-Control: no-store`).
    """

    async def wrapper(request: StaffRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            staff = await get_staff(request)
            response = await view(request, staff, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        except (SessionEnded, AltegioAuthError):
            await end_session(request)
            return to_sign_in(request, expired=True)
        except AltegioError as exc:
            # Only loading the person's rights can get here: views show their own errors in place.
            return render_altegio_error(request, exc)

    functools.update_wrapper(wrapper, view)
    return wrapper


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
