"""The audit row of every write attempt: sent, refused by our rules, refused by Altegio, unknown.

A row names a location only when it is one of the person's and in the write's chain, and a chain
only when it is theirs: a forged form never writes into another chain's log.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from loyalty.altegio.types import Chain, Location, Membership
from loyalty.models import AuditEntry

from .audit import StaffMember, record
from .write_actions import Action

KINDS = {
    Action.FREEZE: AuditEntry.Kind.MEMBERSHIP_FREEZE,
    Action.UNFREEZE: AuditEntry.Kind.MEMBERSHIP_UNFREEZE,
}


def location_in_chain(
    locations: Iterable[Location], chain: Chain | None, location_id: int | None
) -> Location | None:
    """The location with this id if it is one of the person's and in the chain, else None."""
    if chain is None or location_id is None:
        return None
    in_chain = {member.id for member in chain.locations}
    return next((loc for loc in locations if loc.id == location_id and loc.id in in_chain), None)


def first_location_in_chain(locations: Sequence[Location], chain: Chain) -> Location | None:
    """The person's first location in the chain (where M4 can read a type), if any."""
    in_chain = {member.id for member in chain.locations}
    return next((loc for loc in locations if loc.id in in_chain), None)


@dataclass(frozen=True)
class WriteAudit:
    """Who writes what where; `record` adds the outcome. `chain` None: a chain not theirs."""

    user: StaffMember
    chain: Chain | None
    chain_id: int
    membership_id: int
    action: Action
    unfreezes_on: date | None = None
    location_id: int | None = None  # already checked: one of theirs, in the chain

    async def record(
        self, membership: Membership | None, outcome: str, *, number: str = ""
    ) -> AuditEntry:
        """One audit row: membership id and number, chain, unfreeze day, outcome."""
        number = number or (membership.number if membership else "")
        query = f"membership {self.membership_id}" + (f" (No. {number})" if number else "")
        if self.unfreezes_on is not None:
            query += f", unfreezes on {self.unfreezes_on.isoformat()}"
        place = self.chain.title if self.chain else f"chain {self.chain_id} (not theirs)"
        return await record(
            user=self.user,
            kind=KINDS[self.action],
            chain_id=self.chain.id if self.chain else None,
            location_id=self.location_id if self.chain else None,
            place=place,
            query=query,
            outcome=outcome,
        )
