"""Altegio's failures as staff read them: the words of each failure, and where it happened.

Every staff-facing word about a failed Altegio call comes from here: the client only says what
happened (loyalty/altegio/errors.py); templates show a `ShownError` through
includes/altegio_error.html, after a line saying what could not be done.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from loyalty.altegio.errors import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioBudgetHeldBack,
    AltegioError,
    AltegioForbidden,
    AltegioInvalid,
    AltegioLicenceExpired,
    AltegioNotFound,
    AltegioPartnerTokenRefused,
    AltegioRateLimited,
    AltegioRefused,
    AltegioTimeout,
    AltegioUnavailable,
    AltegioUnreachable,
    AltegioWrongCredentials,
    SharedStoreUnavailable,
)

# The words of each kind of failure; a failure of a kind not listed reads as its nearest parent.
WORDS: dict[type[AltegioError], str] = {
    AltegioError: gettext_noop("Altegio could not answer this request."),
    AltegioUnavailable: gettext_noop(
        "Altegio is not answering right now. Please try again in a moment."
    ),
    AltegioTimeout: gettext_noop("Altegio did not answer in time. Please try again in a moment."),
    AltegioUnreachable: gettext_noop("Could not reach Altegio. Please try again in a moment."),
    AltegioRateLimited: gettext_noop(
        "Altegio is busy (too many requests). Please try again in a few seconds."
    ),
    AltegioBudgetHeldBack: gettext_noop(
        "Altegio's request limit is kept for the desks' lookups right now. "
        "Please try again in a minute."
    ),
    AltegioAuthError: gettext_noop("Your Altegio session has ended, please sign in again."),
    AltegioWrongCredentials: gettext_noop(
        "That login and password do not match an Altegio account."
    ),
    AltegioPartnerTokenRefused: gettext_noop(
        "This dashboard is misconfigured (Altegio refused its partner token); "
        "please tell your administrator."
    ),
    SharedStoreUnavailable: gettext_noop(
        "The dashboard cannot reach its shared store, so lookups are paused to protect "
        "Altegio's request limit. Please try again in a moment."
    ),
    AltegioForbidden: gettext_noop("Your Altegio account has no rights to do this."),
    AltegioLicenceExpired: gettext_noop("The Altegio licence of this location has expired."),
    AltegioNotFound: gettext_noop("Altegio could not find it."),
    AltegioInvalid: gettext_noop("Altegio rejected the request."),
    AltegioBadResponse: gettext_noop("Altegio sent an answer we could not read."),
}


def failure_words(exc: AltegioError) -> str:
    """What staff read about `exc`, in their language.

    A service's own failure (a subclass of AltegioError) may carry its words as `words`.
    """
    if isinstance(exc, AltegioRefused) and exc.api_message:
        return gettext("Altegio refused: %(said)s") % {"said": exc.api_message}
    for kind in type(exc).__mro__:
        words = WORDS.get(kind) or kind.__dict__.get("words")
        if words:
            return gettext(words)
    return gettext(WORDS[AltegioError])


@dataclass(frozen=True)
class ShownError:
    """An Altegio failure as staff see it: our words, Altegio's own words, and whether to retry."""

    message: str
    api_message: str | None = None
    retry: bool = True
    status: int = 503
    hint: str = ""  # what the person can do about it


def shown_error(exc: AltegioError, *, place: str | None = None, missing: str = "") -> ShownError:
    """Staff-facing words for `exc`; `place` says where, translated ("at Harbor Studio")."""
    api_message = exc.api_message
    words = failure_words(exc)
    if isinstance(exc, AltegioForbidden):
        if place:
            words = gettext("You have no rights %(place)s in Altegio.") % {"place": place}
        hint = gettext(
            "Ask a manager to give you these rights in Altegio, then use “Refresh rights”."
        )
        return ShownError(words, api_message, retry=False, status=403, hint=hint)
    if isinstance(exc, AltegioLicenceExpired):  # only the business can renew it
        return ShownError(words, api_message, retry=False, status=402)
    if isinstance(exc, AltegioNotFound):
        return ShownError(missing or words, api_message, retry=False, status=404)
    if isinstance(exc, AltegioInvalid):  # the same values again cannot help
        return ShownError(words, api_message, retry=False, status=422)
    if isinstance(exc, AltegioUnavailable) and not isinstance(exc, AltegioRateLimited):
        # A timeout, a refused connection, a 5xx: one plain sentence for them all. A 429 is an
        # answer ("busy"), so it keeps its own words.
        return ShownError(gettext(WORDS[AltegioUnavailable]), api_message, status=503)
    return ShownError(words, api_message, status=503 if exc.status is None else 502)
