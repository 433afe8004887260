"""The chain list's rows: each membership as a person reads it at the chain, with its freeze rules
where the person may freeze (its type read by id)."""

from collections.abc import Mapping, Sequence

from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Membership, MembershipType
from loyalty.services.cards.memberships import (
    MembershipPanel,
    is_current,
    membership_panel,
)
from loyalty.services.catalogue.by_id import read_membership_types
from loyalty.services.writes.reading import WriteScope


def chain_row(
    membership: Membership, *, time_zone: str, kinds: Mapping[int, MembershipType] | None = None
) -> MembershipPanel:
    """One row of the chain list, its days at the chain."""
    return membership_panel(membership, time_zone=time_zone, kinds=kinds)


async def chain_rows(
    api: UserClient,
    *,
    memberships: Sequence[Membership],
    time_zone: str,
    scope: WriteScope | None,
) -> list[MembershipPanel]:
    """The chain list's rows in Altegio's order; with a scope (the person may freeze) each
    carries its type's rules. Only issued and active rows offer freezing, so only their types
    are read."""
    if scope is None:
        return [chain_row(membership, time_zone=time_zone) for membership in memberships]
    kinds = await read_membership_types(
        api,
        memberships=[membership for membership in memberships if is_current(membership)],
        chains=scope.chains,
        location_id=scope.type_location_id,
        chain_id=scope.chain.id,
    )
    return [chain_row(membership, time_zone=time_zone, kinds=kinds) for membership in memberships]
