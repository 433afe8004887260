"""The chain list's rows: each membership, with its type's freeze rules where one may freeze."""

from collections.abc import Sequence
from dataclasses import dataclass

from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Membership
from loyalty.services.cards.freeze import FreezeRules
from loyalty.services.cards.memberships import is_current
from loyalty.services.membership_types import read_membership_types
from loyalty.services.writes.reading import WriteScope


@dataclass(frozen=True)
class MembershipRow:
    """A chain list row: the membership and its freeze rules (None: no freezing offered)."""

    membership: Membership
    freeze: FreezeRules | None = None


async def rows_with_rules(
    api: UserClient, *, memberships: Sequence[Membership], scope: WriteScope | None
) -> list[MembershipRow]:
    """Chain list rows; with a scope (the person may freeze) each carries its type's rules.

    Only issued and active rows offer freezing, so only their types are read.
    """
    if scope is None:
        return [MembershipRow(membership) for membership in memberships]
    kinds = await read_membership_types(
        api,
        memberships=[membership for membership in memberships if is_current(membership)],
        chains=scope.chains,
        location_id=scope.type_location_id,
        chain_id=scope.chain.id,
    )
    return [
        MembershipRow(membership, FreezeRules.of(membership, kinds.get(membership.type.id)))
        for membership in memberships
    ]
