"""A lookup of personal data, counted and audited: the person's lookup quota, and its audit row.

Every lookup (at a location, across the chain, an event check, a visit history) takes one from
the person's quota first (a sliding window of 60 s: loyalty/services/quota.py) and leaves one
audit row with a masked phone and its keyed hash, never the phone itself.
"""

import math
from dataclasses import dataclass

from django.conf import settings

from loyalty.altegio import (
    SharedStoreUnavailable,
)
from loyalty.altegio.types import (
    Location,
)
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, outcome_of, record
from loyalty.services.phones import Phone
from loyalty.services.quota import take_lookup


class LookupLimitReached(Exception):
    """This staff member has used up their lookups for the last minute (anti-harvesting)."""

    def __init__(self, *, limit: int, retry_after: int) -> None:
        super().__init__(f"Lookup limit of {limit} a minute reached")
        self.limit = limit
        self.retry_after = retry_after


@dataclass
class LookupAudit:
    """One audit entry waiting for its outcome."""

    user: StaffMember
    kind: AuditEntry.Kind
    location: Location
    phone: Phone | None = None
    query: str = ""

    async def write(self, *, outcome: str, result_count: int | None = None) -> None:
        """Record the lookup with a masked phone and its keyed hash, never the phone itself."""
        await record(
            user=self.user,
            kind=self.kind,
            location_id=self.location.id,
            place=self.location.title,
            phone_masked=self.phone.masked if self.phone else "",
            phone_digits=self.phone.digits if self.phone else "",
            query=self.query,
            result_count=result_count,
            outcome=outcome,
        )


async def count_lookup(user: StaffMember, audit: LookupAudit) -> None:
    """Count one lookup for this person; LookupLimitReached (audited) past the quota.

    The quota is a sliding window of 60 s (loyalty/services/quota.py).
    """
    limit = int(settings.LOOKUPS_PER_MINUTE)
    if limit <= 0:
        return
    try:
        wait = await take_lookup(user_id=user.pk, limit=limit)
    except SharedStoreUnavailable as exc:  # no quota to count against: no lookup
        await audit.write(outcome=outcome_of(exc))
        raise
    if wait > 0:
        await audit.write(outcome="limit reached")
        raise LookupLimitReached(limit=limit, retry_after=max(1, math.ceil(wait)))
