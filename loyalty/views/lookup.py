"""Front desk: client lookup by phone, group-event check, the signed-in person's own cards."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dashboard.accounts.staff import Staff, location_view
from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    AltegioForbidden,
    AltegioNotFound,
    AltegioRateLimited,
    AltegioUnavailable,
)
from loyalty.altegio.types import Location
from loyalty.forms.lookup import EventCheckForm, LookupForm
from loyalty.sandbox import DEMO_PHONES
from loyalty.services.events import cached_event, list_upcoming_events
from loyalty.services.lookup import (
    LookupLimitReached,
    check_event,
    find_client_loyalty,
    list_my_loyalty,
)
from loyalty.services.phones import region_for
from loyalty.views.regions import render_region, shown_error

NOT_ANSWERING = "Altegio is not answering"


@never_cache
@require_http_methods(["GET", "POST"])
@location_view
async def lookup(request: HttpRequest, staff: Staff, location: Location) -> HttpResponse:
    """The lookup form (GET); the search (POST `phone`) answers with the results region."""
    region = region_for(location)
    form = LookupForm(request.POST if request.method == "POST" else None, region=region)
    context: dict[str, Any] = {
        "location": location,
        "form": form,
        "region": region,
        "demo_phones": DEMO_PHONES if settings.ALTEGIO_SANDBOX else {},
    }
    status = 200
    if form.is_bound and form.is_valid():
        try:
            context["result"] = await find_client_loyalty(
                api=staff.api, user=staff.user, location=location, phone=form.cleaned_data["phone"]
            )
        except LookupLimitReached as exc:
            context["limit"] = exc
            status = 429
        except AltegioAuthError:
            raise  # the decorator ends the session and sends the person to sign-in
        except AltegioError as exc:
            status = _show_error(context, exc)
    response = render_region(request, "loyalty/lookup.html", "results", context, status=status)
    if "limit" in context:
        response["Retry-After"] = str(context["limit"].retry_after)
    return response


@never_cache
@require_GET
@location_view
async def event_check(
    request: HttpRequest, staff: Staff, location: Location, client_id: int
) -> HttpResponse:
    """Which of a client's memberships can pay for a group event's schedule days (M8 + M9)."""
    form = EventCheckForm(request.GET or None)
    target = f"event-check-{client_id}"
    picker = f"event-picker-{client_id}"
    context: dict[str, Any] = {
        "location": location,
        "client_id": client_id,
        "form": form,
        "target": target,
        "picker": picker,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == picker:
        # The lookup page's event box asks for the picker when it is opened.
        await _load_schedule(context, staff, location)
        return render_region(
            request, "loyalty/event_check.html", "event_picker", context, target=picker
        )
    if not (htmx and htmx.target == target):
        await _load_schedule(context, staff, location)
    status = 200
    if form.is_bound and form.is_valid():
        context["event"] = await cached_event(
            location=location, event_id=form.cleaned_data["event_id"]
        )
        try:
            context["result"] = await check_event(
                api=staff.api,
                user=staff.user,
                location=location,
                client_id=client_id,
                event_id=form.cleaned_data["event_id"],
                schedule_day_ids=form.cleaned_data["schedule_day_ids"],
            )
        except LookupLimitReached as exc:
            context["limit"] = exc
            status = 429
        except AltegioAuthError:
            raise
        except AltegioError as exc:
            status = _show_error(context, exc)
    # Several clients can share a phone, so each client's result region has its own id.
    response = render_region(
        request, "loyalty/event_check.html", "event_check", context, status=status, target=target
    )
    if "limit" in context:
        response["Retry-After"] = str(context["limit"].retry_after)
    return response


@never_cache
@require_GET
@location_view
async def my_cards(request: HttpRequest, staff: Staff, location: Location) -> HttpResponse:
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


async def _load_schedule(context: dict[str, Any], staff: Staff, location: Location) -> None:
    """Put the event picker's schedule, or why it could not be read, in `context`."""
    try:
        context["schedule"] = await list_upcoming_events(api=staff.api, location=location)
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        context["schedule_error"] = shown_error(exc, place="at this location")


def _show_error(context: dict[str, Any], error: AltegioError) -> int:
    """Put what the templates need to word an Altegio failure in `context`; the page's status."""
    shown = shown_error(error, place="at this location")
    # A 429 is an answer ("too busy"), not silence: its own words say so, under a plain heading.
    unavailable = isinstance(error, AltegioUnavailable) and not isinstance(
        error, AltegioRateLimited
    )
    detail = error.message
    if unavailable and detail.startswith(NOT_ANSWERING):
        detail = "Please try again in a moment."  # the heading already says it
    context.update(
        error=error,
        detail=detail,
        forbidden=isinstance(error, AltegioForbidden),
        not_found=isinstance(error, AltegioNotFound),
        unavailable=unavailable,
        retryable=shown.retry,
    )
    return shown.status
