"""Back to sign-in: why the person is there, and the URL that brings them back to their page."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_noop, ngettext
from django_htmx.http import HttpResponseClientRedirect

from .staff import HtmxHttpRequest

SESSION_ENDED_MESSAGE = gettext_noop("Your Altegio session has ended, please sign in again.")


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
