"""Sign-in, sign-out, the location switcher and the rights refresh."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .forms import LocationChoiceForm, SignInForm
from .guards import forbidden, staff_view
from .sign_in_redirect import SESSION_ENDED_MESSAGE, idle_message
from .signin import WRONG_CREDENTIALS, SignInResult, attempt_sign_in
from .staff import Staff, end_session, load_rights, remember_location

__all__ = ["WRONG_CREDENTIALS", "choose_location", "home", "refresh_rights", "sign_in", "sign_out"]


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """The `next` target when it stays on this site, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@sensitive_post_parameters("password")
@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
async def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with the Altegio login; the user token stays on the server."""
    if request.method == "GET" and (await request.auser()).is_authenticated:
        return HttpResponseRedirect(safe_next(request))
    form = SignInForm(request.POST or None)
    result = await attempt_sign_in(request, form) if request.method == "POST" else SignInResult()
    if result.user is not None:
        return HttpResponseRedirect(safe_next(request))
    context = {
        "form": form,
        "next": safe_next(request, fallback=""),
        "session_message": _session_message(request),
        "locked_message": result.lock.message if result.lock else "",
    }
    response = render(request, "accounts/sign_in.html", context, status=result.status)
    if result.lock:
        response["Retry-After"] = str(result.lock.seconds_left)
    return response


def _session_message(request: HttpRequest) -> str:
    """Why the person is back on the sign-in page, if their session ended."""
    if request.GET.get("idle") == "1":
        return idle_message()
    if request.GET.get("expired") == "1":
        return gettext(SESSION_ENDED_MESSAGE)
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
        return forbidden(request, gettext("This location is not one of yours in Altegio."))
    location_id = form.cleaned_data["location_id"]
    await remember_location(request, staff, location_id)
    return redirect("loyalty:lookup", location_id=location_id)


@require_POST
@staff_view
async def refresh_rights(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Reload the person's locations and chains from Altegio."""
    await load_rights(request, staff.api)
    return HttpResponseRedirect(safe_next(request))


@require_safe
@staff_view
async def home(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Send the person to the lookup page of their current location."""
    location = staff.current_location
    if location is None:
        return render(request, "accounts/no_locations.html")
    return redirect("loyalty:lookup", location_id=location.id)
