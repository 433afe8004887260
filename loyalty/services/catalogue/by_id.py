"""Membership types read by id, for the rules they carry (docs/altegio.md §4.4a).

A membership row never carries its type's rules (M3 embeds only `{id, salon_group_id, title}`),
so the type is read by id: M7 in the chain when the person may read the chain's types, else (or
for a type M7 would not give) M4 at a location, one call for every type not cached yet. Both are
cached like the catalogue (CATALOGUE_CACHE_SECONDS): types are no one's personal data and change
rarely. A type that cannot be read is left out; its rules then read as unknown.
"""

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache

from loyalty.altegio import AltegioAuthError, AltegioError, UserClient
from loyalty.altegio.types import Chain, Membership, MembershipType
from loyalty.rights import MEMBERSHIP_TYPES
from loyalty.services.concurrency import concurrently

from .cache import catalogue_key
from .finders import get_chain_type
from .kinds import MEMBERSHIP_TYPE_KIND

NOT_ON_SALE = "not on sale here"  # M4's answer had no such type at this location
M7, M4 = MEMBERSHIP_TYPE_KIND.endpoints.codes[3], MEMBERSHIP_TYPE_KIND.endpoints.codes[0]


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
    readable = {chain.id for chain in chains if MEMBERSHIP_TYPES.held_in(chain)}
    by_chain = {
        type_id: catalogue_key(M7, "chain", chain, type_id=type_id)
        for type_id, chain in wanted.items()
        if chain in readable
    }
    at_location = (
        {t: catalogue_key(M4, "location", location_id, type_id=t) for t in wanted}
        if location_id is not None
        else {}
    )
    # One trip to the cache for everything a warm screen needs (the cache's own `aget_many`
    # goes once per key).
    stored = await _get_many([*by_chain.values(), *at_location.values()])
    found = _loaded(by_chain, stored)
    missing = [type_id for type_id in by_chain if type_id not in found]
    async with concurrently() as group:
        tasks = [group.create_task(_chain_type(api, wanted[t], t)) for t in missing]
    found |= {kind.id: kind for task in tasks if (kind := task.result()) is not None}
    left = {t: key for t, key in at_location.items() if t not in found}
    if left and location_id is not None:
        found |= await _location_types(api, location_id, left, stored)
    return found


async def _get_many(keys: list[str]) -> dict[str, Any]:
    """Many cache entries in one hop to the cache's thread."""
    if not keys:
        return {}
    return dict(await sync_to_async(cache.get_many, thread_sensitive=False)(keys))


def _loaded(keys: Mapping[int, str], stored: Mapping[str, Any]) -> dict[int, MembershipType]:
    """The cached types among `keys` (an entry of another shape is read again from Altegio)."""
    found: dict[int, MembershipType] = {}
    for type_id, key in keys.items():
        entry = stored.get(key)
        with contextlib.suppress(ValueError):
            if isinstance(entry, dict):
                found[type_id] = MembershipType.model_validate(entry)
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
    api: UserClient, location_id: int, keys: Mapping[int, str], stored: Mapping[str, Any]
) -> dict[int, MembershipType]:
    """M4 at a location for the types not cached, one call for all; each cached on its own."""
    found = _loaded(keys, stored)
    missing = [t for t in keys if t not in found and stored.get(keys[t]) != NOT_ON_SALE]
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
