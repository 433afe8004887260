"""The audit log's rows: each lookup, chain view and write, recorded without phone numbers."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Protocol

from django.conf import settings

from loyalty import metrics
from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    AltegioForbidden,
    AltegioLicenceExpired,
    AltegioUnavailable,
    SharedStoreUnavailable,
)
from loyalty.models import AuditEntry


class StaffMember(Protocol):
    """The signed-in staff user as services see it (the accounts app's model satisfies it)."""

    pk: Any

    @property
    def display_name(self) -> str:
        """Their name as Altegio gave it."""
        ...

    def get_username(self) -> str:
        """Their login."""
        ...


def phone_hash(e164_digits: str) -> str:
    """A keyed hash of the phone digits: equal phones give equal hashes, and nothing else leaks."""
    key = hashlib.sha256(b"loyalty-desk audit phones:" + settings.SECRET_KEY.encode()).digest()
    # Digits only, so "+13155550178" and "13155550178" are one phone.
    digits = "".join(char for char in e164_digits if char.isdigit())
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def mask_phone(country_code: int, national_digits: str) -> str:
    """'+1 *** ***-01-78': the country code and the last four digits only."""
    tail = national_digits[-4:].rjust(4, "*")
    return f"+{country_code} *** ***-{tail[:2]}-{tail[2:]}"


async def record(  # noqa: PLR0913 - one keyword per column of the audit row
    *,
    user: StaffMember,
    kind: AuditEntry.Kind,
    location_id: int | None = None,
    chain_id: int | None = None,
    place: str = "",
    phone_masked: str = "",
    phone_digits: str = "",
    query: str = "",
    result_count: int | None = None,
    outcome: str = "ok",
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry (an INSERT of its own, so concurrent requests never lose one)."""
    fields: dict[str, Any] = {
        "user": user,
        "staff_name": (user.display_name or user.get_username())[:150],
        "kind": kind,
        "location_id": location_id,
        "chain_id": chain_id,
        "place": place[:200],
        "phone_masked": phone_masked,
        "phone_hash": phone_hash(phone_digits) if phone_digits else "",
        "query": query[:500],
        "result_count": result_count,
        "outcome": outcome[:200],
        "reason": reason[:200],
    }
    entry = await AuditEntry.objects.acreate(**fields)
    chain_wide = chain_id is not None or query.startswith("whole chain")
    metrics.note_audited(kind=str(kind), outcome=outcome, chain_wide=chain_wide)
    return entry


def outcome_of(exc: AltegioError) -> str:
    """A short audit outcome for a call Altegio did not answer as asked."""
    if isinstance(exc, AltegioAuthError):
        return "Altegio session ended"
    if isinstance(exc, AltegioForbidden):
        return "no rights in Altegio"
    if isinstance(exc, AltegioLicenceExpired):
        return "Altegio licence expired"
    if isinstance(exc, AltegioUnavailable):
        return "Altegio not answering"
    if isinstance(exc, SharedStoreUnavailable):
        return "paused: shared store not answering"
    return f"Altegio error{f' {exc.status}' if exc.status else ''}"
