"""What a write reads first: where it happens, and the membership and its type, fresh."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from loyalty.altegio import AltegioAuthError, AltegioError
from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, Location, Membership, MembershipType
from loyalty.services.catalogue.by_id import read_membership_types
from loyalty.services.places import chain_time_zone, first_location_in_chain


class MembershipNotInChain(AltegioError):
    """M3 by id did not return the membership: it is not this chain's."""

    words = gettext_noop("This membership is not in this chain in Altegio.")


@dataclass(frozen=True)
class WriteScope:
    """Where a write happens: the chain, its time zone, and the person's places in it."""

    chain: Chain
    chains: Sequence[Chain]  # every chain of the person's, for the rights to read types
    time_zone: str
    type_location_id: int | None  # one of the person's locations in the chain, for M4

    @classmethod
    def of(
        cls, chain: Chain, chains: Sequence[Chain], locations: Sequence[Location]
    ) -> "WriteScope":
        """The scope of a chain for a person with these chains and locations."""
        first = first_location_in_chain(locations, chain)
        time_zone = chain_time_zone(chain=chain, locations=locations)
        return cls(chain, chains, time_zone, first.id if first else None)


async def read_membership(api: UserClient, *, chain_id: int, membership_id: int) -> Membership:
    """One membership of the chain, read through M3 by id; MembershipNotInChain if not there."""
    page = await altegio_memberships.list_chain_memberships(
        api, chain_id=chain_id, ids=[membership_id], page=1, count=1
    )
    found = next((item for item in page.items if item.id == membership_id), None)
    if found is None:
        raise MembershipNotInChain
    return found


async def read_type(
    api: UserClient, scope: WriteScope, membership: Membership
) -> MembershipType | None:
    """The membership's type read by id (M7, else M4 at one of their locations); cached, but
    never past its freshness: a write acts on these rules."""
    kinds = await read_membership_types(
        api,
        memberships=[membership],
        chains=scope.chains,
        location_id=scope.type_location_id,
        chain_id=scope.chain.id,
        fresh=True,
    )
    return kinds.get(membership.type.id)


async def read_back(api: UserClient, chain_id: int, membership_id: int) -> Membership | None:
    """The membership as Altegio has it now, or None when even that cannot be read."""
    try:
        return await read_membership(api, chain_id=chain_id, membership_id=membership_id)
    except AltegioAuthError:
        raise
    except AltegioError:
        return None
