"""Membership types read by id, for the rules they carry (docs/altegio.md §4.4a).

A membership row never carries its type's rules (M3 embeds only `{id, salon_group_id, title}`),
so the type is read by id: M7 in the chain when the person may read the chain's types, else (or
for a type M7 would not give) M4 at a location, one call for every type not cached yet. Both are
cached like the catalogue (CATALOGUE_CACHE_SECONDS): types are no one's personal data and change
rarely. A type that cannot be read is left out; its rules then read as unknown.
"""

import contextlib
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import cache

from loyalty.altegio import AltegioAuthError, AltegioError, UserClient
from loyalty.altegio.types import Chain, Membership, MembershipType

from .catalogue import MEMBERSHIP_TYPE_KIND, catalogue_key, get_chain_type
from .concurrency import concurrently

NOT_ON_SALE = "not on sale here"  # M4's answer had no such type at this location


async def read_membership_types(
    api: UserClient,
    *,
    memberships: Iterable[Membership],
    chains: Sequence[Chain],
    location_id: int | None,
    chain_id: int | None = None,
) -> dict[int, MembershipType]:
    """The types of these memberships by id; `chain_id` when the caller knows the chain."""
    wanted: dict[int, int] = {}  # type id → chain id
    for membership in memberships:
        if membership.type.id:
            wanted.setdefault(membership.type.id, chain_id or membership.type.chain_id)
    readable = {chain.id for chain in chains if chain.can_see_membership_types}
    in_chain = [(type_id, chain) for type_id, chain in wanted.items() if chain in readable]
    async with concurrently() as group:
        tasks = [group.create_task(_chain_type(api, chain, type_id)) for type_id, chain in in_chain]
    found = {kind.id: kind for task in tasks if (kind := task.result()) is not None}
    missing = [type_id for type_id in wanted if type_id not in found]
    if missing and location_id is not None:
        found |= await _location_types(api, location_id, missing)
    return found


async def _chain_type(api: UserClient, chain_id: int, type_id: int) -> MembershipType | None:
    """M7, through the catalogue's cache; None when Altegio will not give it."""
    try:
        kind = await get_chain_type(
            api, kind=MEMBERSHIP_TYPE_KIND, chain_id=chain_id, type_id=type_id
        )
    except AltegioAuthError:
        raise
    except AltegioError:
        return None
    return kind if isinstance(kind, MembershipType) else None


async def _location_types(
    api: UserClient, location_id: int, type_ids: list[int]
) -> dict[int, MembershipType]:
    """M4 at a location for the types not cached, one call for all; each cached on its own."""
    keys = {
        type_id: catalogue_key("M4", "location", location_id, type_id=type_id)
        for type_id in type_ids
    }
    stored = await cache.aget_many(list(keys.values()))
    found: dict[int, MembershipType] = {}
    for type_id, key in keys.items():
        # An entry an older release wrote in another shape is read again from Altegio.
        with contextlib.suppress(ValueError):
            if key in stored and stored[key] != NOT_ON_SALE:
                found[type_id] = MembershipType.model_validate(stored[key])
    missing = [t for t in type_ids if t not in found and stored.get(keys[t]) != NOT_ON_SALE]
    if not missing:
        return found
    try:
        fetched = await MEMBERSHIP_TYPE_KIND.endpoints.fetch_at_location(
            api, location_id=location_id, ids=missing
        )
    except AltegioAuthError:
        raise
    except AltegioError:
        return found
    fresh = {kind.id: kind for kind in fetched if kind.id in missing}
    # A type M4 does not give (not on sale here, archived) is remembered as such for as long:
    # every lookup of its memberships would otherwise ask again.
    await cache.aset_many(
        {
            keys[type_id]: fresh[type_id].model_dump(mode="json")
            if type_id in fresh
            else NOT_ON_SALE
            for type_id in missing
        },
        settings.CATALOGUE_CACHE_SECONDS,
    )
    return found | fresh
