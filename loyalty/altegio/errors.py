"""The one exception family for everything that can go wrong talking to Altegio.

The client says what happened (the class, the HTTP status, Altegio's own words); what staff read
about it is loyalty/services/failures.py's.
"""

from typing import Any


class AltegioError(Exception):
    """Altegio could not give us what we asked for."""

    def __init__(
        self,
        *,
        status: int | None = None,
        api_message: str | None = None,
        errors: dict[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.api_message = api_message
        self.errors = errors or {}
        # For logs and tracebacks only (English, never shown to staff).
        said = f": {api_message}" if api_message else ""
        super().__init__(f"{type(self).__name__} (status {status}){said}")


class AltegioUnavailable(AltegioError):
    """Altegio did not answer usefully (timeout, connection failure, 5xx); worth retrying later."""


class AltegioTimeout(AltegioUnavailable):
    """The request took longer than ALTEGIO_TIMEOUT."""


class AltegioUnreachable(AltegioUnavailable):
    """No connection to Altegio at all (refused, reset, name not found)."""


class AltegioRateLimited(AltegioUnavailable):
    """Altegio answered 429: too many requests from this address."""

    def __init__(self, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.retry_after = retry_after


class AltegioBudgetHeldBack(AltegioError):
    """Our own request budget held a follow-up call back for the desks' lookups until it gave up:
    nothing was sent to Altegio (loyalty/altegio/ratelimit/policy.py)."""

    def __init__(self, *, waited: float, **kw: Any) -> None:
        super().__init__(**kw)
        self.waited = waited


class AltegioAuthError(AltegioError):
    """401: the user token is invalid or expired (or the partner token is wrong)."""


class AltegioWrongCredentials(AltegioAuthError):
    """POST /auth refused the login or password (a 401, or a 2xx with `success: false`)."""


class AltegioPartnerTokenRefused(AltegioError):
    """Altegio refused the partner token itself: a deployment problem, not the person's."""


class SharedStoreUnavailable(AltegioError):
    """Redis (the request budget, counters, cache) did not answer: no Altegio call may go out."""


class AltegioForbidden(AltegioError):
    """403: the staff member has no rights for this location or chain in Altegio."""


class AltegioLicenceExpired(AltegioError):
    """402: the location's Altegio licence has expired; not a question of the person's rights."""


class AltegioNotFound(AltegioError):
    """404: Altegio does not know this object."""


class AltegioInvalid(AltegioError):
    """400/409/422: Altegio rejected the values we sent."""


class AltegioBadResponse(AltegioError):
    """A 2xx that is not what the API promises: not JSON, `success: false`, or the wrong shape."""


class AltegioRefused(AltegioBadResponse):
    """A 2xx whose body says `success: false`: Altegio answered, and the answer is no."""
