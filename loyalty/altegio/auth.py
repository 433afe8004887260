"""Sign-in: exchange a staff login and password for an Altegio user token."""

from .http import AltegioClient
from .parsing import one
from .types import StaffLogin


async def authenticate(client: AltegioClient, *, login: str, password: str) -> StaffLogin:
    """POST /auth with the partner token only; AltegioAuthError on bad credentials."""
    # Reference: https://developer.alteg.io/api#tag/Authorization (docs/altegio.md §1.2)
    envelope = await client.post("auth", json_body={"login": login, "password": password})
    return one(StaffLogin, envelope.data)
