"""The one exception family for everything that can go wrong talking to Altegio."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop


class AltegioError(Exception):
    """Altegio could not give us what we asked for; `message` is fit to show staff."""

    default_message = gettext_noop("Altegio could not answer this request.")

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        api_message: str | None = None,
        errors: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or gettext(self.default_message)
        self.status = status
        self.api_message = api_message
        self.errors = errors or {}
        super().__init__(self.message)


class AltegioUnavailable(AltegioError):
    """Altegio did not answer usefully (timeout, connection failure, 5xx); worth retrying later."""

    default_message = gettext_noop(
        "Altegio is not answering right now. Please try again in a moment."
    )


class AltegioTimeout(AltegioUnavailable):
    """The request took longer than ALTEGIO_TIMEOUT."""

    default_message = gettext_noop("Altegio did not answer in time. Please try again in a moment.")


class AltegioRateLimited(AltegioUnavailable):
    """Altegio answered 429: too many requests from this address."""

    default_message = gettext_noop(
        "Altegio is busy (too many requests). Please try again in a few seconds."
    )

    def __init__(self, message: str | None = None, *, retry_after: float | None = None, **kw: Any):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class AltegioAuthError(AltegioError):
    """401: the user token is invalid or expired (or the partner token is wrong)."""

    default_message = gettext_noop("Your Altegio session has ended, please sign in again.")


class AltegioWrongCredentials(AltegioAuthError):
    """POST /auth refused the login or password (a 401, or a 2xx with `success: false`)."""

    default_message = gettext_noop("That login and password do not match an Altegio account.")


class AltegioPartnerTokenRefused(AltegioError):
    """Altegio refused the partner token itself: a deployment problem, not the person's."""

    default_message = gettext_noop(
        "This dashboard is misconfigured (Altegio refused its partner token); "
        "please tell your administrator."
    )


class SharedStoreUnavailable(AltegioError):
    """Redis (the request budget, counters, cache) did not answer: no Altegio call may go out."""

    default_message = gettext_noop(
        "The dashboard cannot reach its shared store, so lookups are paused to protect "
        "Altegio's request limit. Please try again in a moment."
    )


class AltegioForbidden(AltegioError):
    """403: the staff member has no rights for this location or chain in Altegio."""

    default_message = gettext_noop("Your Altegio account has no rights to do this.")


class AltegioLicenceExpired(AltegioError):
    """402: the location's Altegio licence has expired; not a question of the person's rights."""

    default_message = gettext_noop("The Altegio licence of this location has expired.")


class AltegioNotFound(AltegioError):
    """404: Altegio does not know this object."""

    default_message = gettext_noop("Altegio could not find it.")


class AltegioInvalid(AltegioError):
    """400/409/422: Altegio rejected the values we sent."""

    default_message = gettext_noop("Altegio rejected the request.")


class AltegioBadResponse(AltegioError):
    """A 2xx that is not what the API promises: not JSON, `success: false`, or the wrong shape."""

    default_message = gettext_noop("Altegio sent an answer we could not read.")


class AltegioRefused(AltegioBadResponse):
    """A 2xx whose body says `success: false`: Altegio answered, and the answer is no."""


@dataclass(frozen=True)
class ShownError:
    """An Altegio failure as staff see it: our words, Altegio's own words, and whether to retry."""

    message: str
    api_message: str | None = None
    retry: bool = True
    status: int = 503
    hint: str = ""  # what the person can do about it


# Every staff-facing word about a failed Altegio call comes from here (templates show `message`
# through includes/altegio_error.html, after a line saying what could not be done).
def shown_error(exc: AltegioError, *, place: str | None = None, missing: str = "") -> ShownError:
    """Staff-facing words for `exc`; `place` says where, translated ("at Harbor Studio")."""
    api_message = exc.api_message
    if isinstance(exc, AltegioForbidden):
        words = exc.message
        if place:
            words = gettext("You have no rights %(place)s in Altegio.") % {"place": place}
        hint = gettext(
            "Ask a manager to give you these rights in Altegio, then use “Refresh rights”."
        )
        return ShownError(words, api_message, retry=False, status=403, hint=hint)
    if isinstance(exc, AltegioLicenceExpired):  # only the business can renew it
        return ShownError(exc.message, api_message, retry=False, status=402)
    if isinstance(exc, AltegioNotFound):
        return ShownError(missing or exc.message, api_message, retry=False, status=404)
    if isinstance(exc, AltegioInvalid):  # the same values again cannot help
        return ShownError(exc.message, api_message, retry=False, status=422)
    if isinstance(exc, AltegioUnavailable) and not isinstance(exc, AltegioRateLimited):
        # A timeout, a refused connection, a 5xx: one plain sentence for them all. A 429 is an
        # answer ("busy"), so it keeps its own words.
        return ShownError(gettext(AltegioUnavailable.default_message), api_message, status=503)
    return ShownError(exc.message, api_message, status=503 if exc.status is None else 502)
