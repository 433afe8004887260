"""The audit log: record lookups and chain views without keeping phone numbers."""

import hashlib
import hmac
from typing import Any

from django.conf import settings

from dashboard.accounts.models import StaffUser
from loyalty.models import AuditEntry


def phone_hash(e164_digits: str) -> str:
    """A keyed hash of the phone digits: equal phones give equal hashes, and nothing else leaks."""
    key = hashlib.sha256(b"loyalty-desk audit phones:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, e164_digits.encode(), hashlib.sha256).hexdigest()


def mask_phone(country_code: int, national_digits: str) -> str:
    """'+1 *** ***-01-78': the country code and the last four digits only."""
    tail = national_digits[-4:].rjust(4, "*")
    return f"+{country_code} *** ***-{tail[:2]}-{tail[2:]}"


async def record(
    *,
    user: StaffUser,
    kind: AuditEntry.Kind,
    location_id: int | None = None,
    chain_id: int | None = None,
    place: str = "",
    phone_masked: str = "",
    phone_digits: str = "",
    query: str = "",
    result_count: int | None = None,
    outcome: str = "ok",
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
    }
    return await AuditEntry.objects.acreate(**fields)
