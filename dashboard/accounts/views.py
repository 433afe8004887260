"""Sign-in, sign-out, the location switcher and the rights refresh."""

import contextlib

from django.contrib.auth import aauthenticate, alogin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from loyalty.altegio import AltegioError, get_client

from . import throttle
from .forms import LocationChoiceForm, SignInForm
from .middleware import start_session_clock
from .models import StaffUser
from .staff import (
    SESSION_ENDED_MESSAGE,
    Staff,
    end_session,
    forbidden,
    idle_message,
    load_rights,
    remember_location,
    staff_view,
)
from .throttle import Lockout
from .tokens import forget_token, store_token

WRONG_CREDENTIALS = "That login and password do not match an Altegio account."


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """The `next` target when it stays on this site, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
async def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with the Altegio login; the user token stays on the server."""
    if request.method == "GET" and (await request.auser()).is_authenticated:
        return HttpResponseRedirect(safe_next(request))
    form = SignInForm(request.POST or None)
    status = 200
    lock: Lockout | None = None
    if request.method == "POST":
        login = request.POST.get("username", "")
        # Checked before the form and before Altegio: a locked sign-in sends nothing upstream.
        lock = await throttle.lockout(request, login)
        if lock is None and form.is_valid():
            try:
                user = await aauthenticate(
                    request,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                )
            except AltegioError as exc:
                form.add_error(None, f"Could not sign in: {exc.message}")
                status = 503
            else:
                if user is not None:
                    await throttle.record_success(request, login)
                    await _start_session(request, user)
                    return HttpResponseRedirect(safe_next(request))
                form.add_error(None, WRONG_CREDENTIALS)
                status = 401
                lock = await throttle.record_failure(request, login)
    context = {
        "form": form,
        "next": safe_next(request, fallback=""),
        "session_message": _session_message(request),
        "locked_message": lock.message if lock else "",
    }
    response = render(request, "accounts/sign_in.html", context, status=429 if lock else status)
    if lock:
        response["Retry-After"] = str(lock.seconds_left)
    return response


async def _start_session(request: HttpRequest, user: StaffUser) -> None:
    """Sign `user` in with a new session key and keep their Altegio token for it only."""
    token = user.altegio_login.user_token.get_secret_value()  # type: ignore[attr-defined]
    # A session this browser had before gets no token left behind.
    await forget_token(request.session.session_key)
    await alogin(request, user)
    await start_session_clock(request)
    await store_token(session_key=request.session.session_key or "", user=user, token=token)
    # If this fails the rights load again on the next page, which shows the error.
    with contextlib.suppress(AltegioError):
        await load_rights(request, get_client().as_user(token))


def _session_message(request: HttpRequest) -> str:
    """Why the person is back on the sign-in page, if their session ended."""
    if request.GET.get("idle") == "1":
        return idle_message()
    if request.GET.get("expired") == "1":
        return SESSION_ENDED_MESSAGE
    return ""


@require_POST
async def sign_out(request: HttpRequest) -> HttpResponse:
    """End the session on the server and forget the Altegio token."""
    await end_session(request)
    return HttpResponseRedirect(f"{reverse('accounts:login')}?signed_out=1")


@require_POST
@staff_view
async def choose_location(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Switch the current location (remembered for next time) and open its lookup page."""
    form = LocationChoiceForm(request.POST)
    if not form.is_valid() or staff.location(form.cleaned_data["location_id"]) is None:
        return forbidden(request, "This location is not one of yours in Altegio.")
    location_id = form.cleaned_data["location_id"]
    await remember_location(request, staff, location_id)
    return redirect("loyalty:lookup", location_id=location_id)


@require_POST
@staff_view
async def refresh_rights(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Reload the person's locations and chains from Altegio."""
    await load_rights(request, staff.api)
    return HttpResponseRedirect(safe_next(request))


@staff_view
async def home(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Send the person to the lookup page of their current location."""
    location = staff.current_location
    if location is None:
        return render(request, "accounts/no_locations.html")
    return redirect("loyalty:lookup", location_id=location.id)
