"""The audit row of every write attempt: sent, refused by our rules, refused by Altegio, unknown.

A row names a location only when it is one of the person's and in the write's chain, and a chain
only when it is theirs: a forged form never writes into another chain's log.
"""

from dataclasses import dataclass

from loyalty.altegio.types import Chain, Membership
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, record

from .action import WriteAction


@dataclass(frozen=True)
class WriteAudit:
    """Who writes what where; `record` adds the outcome. `chain` None: a chain not theirs."""

    user: StaffMember
    chain: Chain | None
    chain_id: int
    membership_id: int
    action: WriteAction
    values: str = ""  # the plan's own values ("unfreezes on 2026-12-14"), when it has any
    location_id: int | None = None  # already checked: one of theirs, in the chain
    reason: str = ""  # why, as the person gave it (never sent to Altegio)

    async def record(
        self, membership: Membership | None, outcome: str, *, number: str = ""
    ) -> AuditEntry:
        """One audit row: membership id and number, chain, the plan's values, outcome."""
        number = number or (membership.number if membership else "")
        query = f"membership {self.membership_id}" + (f" (No. {number})" if number else "")
        if self.values:
            query += f", {self.values}"
        place = self.chain.title if self.chain else f"chain {self.chain_id} (not theirs)"
        return await record(
            user=self.user,
            kind=AuditEntry.Kind(self.action.audit_kind),
            chain_id=self.chain.id if self.chain else None,
            location_id=self.location_id if self.chain else None,
            place=place,
            query=query,
            outcome=outcome,
            reason=self.reason,
        )
