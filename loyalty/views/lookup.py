"""Front desk: client lookup by phone, group-event check, the signed-in person's own cards."""

from collections.abc import Awaitable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.staff import Staff, StaffRequest, location_view, remember_lookup_scope
from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    AltegioForbidden,
    AltegioNotFound,
    AltegioRateLimited,
    AltegioUnavailable,
)
from loyalty.altegio.types import Chain, Location
from loyalty.forms.lookup import EventCheckForm, LookupForm
from loyalty.services.chain_lookup import chain_for_lookup, find_chain_client_loyalty
from loyalty.services.client_card import cached_client, find_clients, issue_ticket, redeem_ticket
from loyalty.services.events import cached_event, list_upcoming_events
from loyalty.services.lookup import (
    LookupLimitReached,
    check_event,
    find_client_loyalty,
    list_my_loyalty,
)
from loyalty.services.phones import region_for
from loyalty.views.regions import AT_LOCATION, render_region, shown_error

EVENT_CHECK = "loyalty/event_check.html"
NOT_ANSWERING = gettext_noop("Altegio is not answering")


@never_cache
@require_http_methods(["GET", "POST"])
@location_view
async def lookup(request: StaffRequest, staff: Staff, location: Location) -> HttpResponse:
    """The lookup form (GET); the search (POST `phone`, `scope`) answers with the results region."""
    form = _lookup_form(request, staff, location)
    context = _lookup_context(location, form, form.region)
    if form.chosen_scope and form.chain:  # the person chose a scope: one phone across the chain?
        await remember_lookup_scope(user=staff.user, scope=form.chosen_scope)
        if form.chain_wide:
            return await _chain_lookup(request, staff, location, form.chain, context)
    status = 200
    if form.is_bound and form.is_valid():
        # htmx gets the cards first and loads the client card next; a plain POST gets everything.
        cards_first = _targets(request, "results")
        query = form.query | {"with_clients": not cards_first}
        call = find_client_loyalty(api=staff.api, user=staff.user, location=location, **query)
        status = await _answer(context, "result", call)
        if cards_first and "result" in context:
            context["ticket"] = await issue_ticket(request.session, context["result"])
    return _respond(request, "loyalty/lookup.html", "results", context, status)


# A location that is not theirs is refused (403) before the method is looked at (405).
@never_cache
@location_view
@require_POST
async def client_card(request: StaffRequest, staff: Staff, location: Location) -> HttpResponse:
    """The client card that follows a lookup's cards (POST `phone` and the lookup's `ticket`)."""
    form = LookupForm(request.POST, region=region_for(location))
    phone = form.cleaned_data["phone"] if form.is_valid() else None
    token = request.POST.get("ticket", "")
    ticket = await redeem_ticket(request.session, token=token, location=location, phone=phone)
    context: dict[str, Any] = {"location": location, "form": form, "ticket": ticket}
    context.update(refused=ticket is None, has_cards=bool(ticket and ticket.has_cards))
    status = 403  # a phone this person did not just look up: no quota spent, so no search
    if ticket is not None:
        call = find_clients(
            api=staff.api, user=staff.user, location=location, digits=ticket.client_digits
        )
        status = await _answer(context, "clients", call)
    return _respond(request, "loyalty/client_card.html", "client-card", context, status)


@never_cache
@require_GET
@location_view
async def event_check(
    request: StaffRequest, staff: Staff, location: Location, client_id: int
) -> HttpResponse:
    """The location's group events to pick from, and which memberships can pay (M8, M9 by day)."""
    form = EventCheckForm(request.GET or None)
    context = await _event_check_context(staff, location, client_id, form)
    if not _targets(request, context["target"]):  # the whole page, or the picker region alone
        await _load_schedule(context, staff, location)
    if _targets(request, picker := context["picker"]):  # the lookup page's event box opened
        return render_region(request, EVENT_CHECK, "event_picker", context, target=picker)
    status = 200
    if form.is_bound and form.is_valid():
        context["event"] = await cached_event(location=location, **form.event)
        call = check_event(  # the form's event_id and schedule_day_ids
            api=staff.api, user=staff.user, location=location, client_id=client_id, **form.query
        )
        status = await _answer(context, "result", call)
    # Several clients can share a phone, so each client's result region has its own id (target).
    return _respond(request, EVENT_CHECK, "event_check", context, status)


@never_cache
@require_GET
@location_view
async def my_cards(request: StaffRequest, staff: Staff, location: Location) -> HttpResponse:
    """The signed-in person's own memberships (M2) and gift cards (C2) at this location."""
    context: dict[str, Any] = {"location": location}
    status = 200
    try:
        context["mine"] = await list_my_loyalty(api=staff.api, location=location)
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        status = _show_error(context, exc)
    return render_region(request, "loyalty/me.html", "my-cards", context, status=status)


async def _chain_lookup(
    request: StaffRequest, staff: Staff, location: Location, chain: Chain, context: dict[str, Any]
) -> HttpResponse:
    """The chain-wide lookup, answered in the lookup page's results region."""
    status = 200
    try:
        context["chain_result"] = await find_chain_client_loyalty(
            api=staff.api,
            user=staff.user,
            chain=chain,
            location=location,
            my_locations=staff.locations,
            phone=context["form"].cleaned_data["phone"],
        )
    except LookupLimitReached as exc:
        context["limit"] = exc
        status = 429
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        context["chain_error"] = shown_error(
            exc, place=gettext("in %(chain)s") % {"chain": chain.title}
        )
        status = context["chain_error"].status
    return _respond(request, "loyalty/lookup.html", "results", context, status)


def _lookup_form(request: StaffRequest, staff: Staff, location: Location) -> LookupForm:
    """The phone (and, where the location is in one of their chains, the scope) typed or asked."""
    return LookupForm(
        request.POST if request.method == "POST" else None,
        region=region_for(location),
        chain=chain_for_lookup(staff.chains, location.id),
        scope=staff.user.lookup_scope,
    )


def _lookup_context(location: Location, form: LookupForm, region: str) -> dict[str, Any]:
    """What the lookup page shows around its results."""
    return {
        "location": location,
        "form": form,
        "region": region,
    }


async def _event_check_context(
    staff: Staff, location: Location, client_id: int, form: EventCheckForm
) -> dict[str, Any]:
    """What the event check shows around its result, its region's id among them."""
    # A client this person just looked up is named from that answer: no client search for it.
    client = await cached_client(user=staff.user, location=location, client_id=client_id)
    return {
        "location": location,
        "client_id": client_id,
        "client": client,
        "form": form,
        "target": f"event-check-{client_id}",
        "picker": f"event-picker-{client_id}",
    }


async def _load_schedule(context: dict[str, Any], staff: Staff, location: Location) -> None:
    """Put the event picker's schedule, or why it could not be read, in `context`."""
    try:
        context["schedule"] = await list_upcoming_events(api=staff.api, location=location)
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        context["schedule_error"] = shown_error(exc, place=AT_LOCATION)


def _targets(request: StaffRequest, region: str) -> bool:
    """Whether htmx asks for exactly this region (it will swap it in and load what follows)."""
    return bool(request.htmx) and request.htmx.target == region


async def _answer(context: dict[str, Any], key: str, call: Awaitable[Any]) -> int:
    """Await a service call into `context[key]`; the page's status (the limit, Altegio's errors)."""
    try:
        context[key] = await call
    except LookupLimitReached as exc:
        context["limit"] = exc
        return 429
    except AltegioAuthError:
        raise  # the decorator ends the session and sends the person to sign-in
    except AltegioError as exc:
        return _show_error(context, exc)
    return 200


def _respond(
    request: StaffRequest,
    template: str,
    region: str,
    context: dict[str, Any],
    status: int,
) -> HttpResponse:
    """The region (swapped at `context["target"]` if set) or the page; Retry-After if limited."""
    target = context.get("target")
    response = render_region(request, template, region, context, status=status, target=target)
    if "limit" in context:
        response["Retry-After"] = str(context["limit"].retry_after)
    return response


def _show_error(context: dict[str, Any], error: AltegioError) -> int:
    """Put what the templates need to word an Altegio failure in `context`; the page's status."""
    shown = shown_error(error, place=AT_LOCATION)
    # A 429 is an answer ("too busy"), not silence: its own words say so, under a plain heading.
    unavailable = isinstance(error, AltegioUnavailable) and not isinstance(
        error, AltegioRateLimited
    )
    detail = error.message
    if unavailable and detail.startswith(gettext(NOT_ANSWERING)):
        detail = gettext("Please try again in a moment.")  # the heading already says it
    context.update(
        error=error,
        detail=detail,
        forbidden=isinstance(error, AltegioForbidden),
        not_found=isinstance(error, AltegioNotFound),
        unavailable=unavailable,
        retryable=shown.retry,
    )
    return shown.status
