"""Sign-in: exchange a staff login and password for an Altegio user token."""

from .errors import (
    AltegioAuthError,
    AltegioError,
    AltegioPartnerTokenRefused,
    AltegioRefused,
    AltegioWrongCredentials,
)
from .http import AltegioClient
from .parsing import one
from .types import StaffLogin

# Words in a 401's `meta.message` that put the blame on the login or password.
CREDENTIAL_WORDS = ("login", "password", "credential")


async def authenticate(client: AltegioClient, *, login: str, password: str) -> StaffLogin:
    """POST /auth with the partner token only.

    AltegioWrongCredentials when Altegio refuses the login or password (a 401 naming them, or a
    2xx with `success: false`); AltegioPartnerTokenRefused when it refuses the partner token.
    """
    # Reference: https://developer.alteg.io/api#tag/Authorization (docs/altegio.md §1.2)
    try:
        envelope = await client.post("auth", json_body={"login": login, "password": password})
    except AltegioRefused as exc:
        # Real Altegio may refuse a sign-in with a 2xx and "Incorrect login or password".
        raise AltegioWrongCredentials(status=exc.status, api_message=exc.api_message) from exc
    except AltegioAuthError as exc:
        if _names_credentials(exc.api_message) or not await partner_token_refused(client):
            raise AltegioWrongCredentials(status=exc.status, api_message=exc.api_message) from exc
        raise AltegioPartnerTokenRefused(status=exc.status, api_message=exc.api_message) from exc
    return one(StaffLogin, envelope.data)


def _names_credentials(api_message: str | None) -> bool:
    text = (api_message or "").casefold()
    return any(word in text for word in CREDENTIAL_WORDS)


async def partner_token_refused(client: AltegioClient) -> bool:
    """Whether Altegio refuses the partner token alone (one cheap partner-only call)."""
    # Reference: docs/altegio.md §4.5 (GET /companies needs only the partner token).
    try:
        await client.get("companies", params={"count": 1})
    except AltegioAuthError:
        return True
    except AltegioError:
        return False  # not answering says nothing about the token: blame nobody extra
    return False
