"""Membership types read by id, for the rules they carry (docs/altegio.md §4.4a).

A membership row never carries its type's rules (M3 embeds only `{id, salon_group_id, title}`),
so the type is read by id: M7 in the chain when the person may read the chain's types, else (or
for a type M7 would not give) M4 at a location, one call for every type not cached yet. Both are
cached like the catalogue (cache.py): types are no one's personal data and change rarely. A type
that cannot be read is left out; its rules then read as unknown.

Refresh ahead: a screen of memberships (a lookup, the chain list) shows a type past its freshness
(CATALOGUE_CACHE_SECONDS) as it is, for up to CATALOGUE_STALE_SECONDS more, and has it read again
in the background at a follow-up's priority (after other desks' lookups), so that no desk waits
for a type read that was read before. A write acts only on fresh rules (`fresh=True`).
"""

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from loyalty.altegio import AltegioAuthError, AltegioError, UserClient
from loyalty.altegio.types import Chain, Membership, MembershipType
from loyalty.rights import MEMBERSHIP_TYPES
from loyalty.services.concurrency import concurrently, start_once
from loyalty.services.freshness import fresh_mark, get_many, is_fresh

from .cache import catalogue_key, keep_answers
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
    fresh: bool = False,
) -> dict[int, MembershipType]:
    """The types of these memberships by id; `chain_id` when the caller knows the chain.

    `fresh`: the rules a write acts on: a type past its freshness is read now, not shown as it is.
    """
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
    # One trip to the cache for everything a warm screen needs, freshness marks included.
    keys = [*by_chain.values(), *at_location.values()]
    stored = await get_many([*keys, *map(fresh_mark, keys)])
    stale = {key for key in keys if key in stored and not is_fresh(key, stored)}
    if fresh:  # a stale answer counts as none
        stored = {key: value for key, value in stored.items() if key not in stale}
        stale = set()
    found = _loaded(by_chain, stored)
    stale_in_chain = [t for t in found if by_chain[t] in stale]
    missing = [type_id for type_id in by_chain if type_id not in found]
    async with concurrently() as group:
        tasks = [group.create_task(_chain_type(api, wanted[t], t)) for t in missing]
    found |= {kind.id: kind for task in tasks if (kind := task.result()) is not None}
    left = {t: key for t, key in at_location.items() if t not in found}
    stale_here = {t: key for t, key in left.items() if key in stale}
    if left and location_id is not None:
        found |= await _location_types(api, location_id, left, stored)
    # Read again in the background, once however many screens showed them stale.
    for type_id in stale_in_chain:
        again = partial(_chain_type, api, wanted[type_id], type_id, again=True)
        start_once(f"{by_chain[type_id]}:again", again)
    if stale_here and location_id is not None:
        start_once(
            ",".join(sorted(stale_here.values())) + ":again",
            partial(_fetch_location_types, api, location_id, stale_here),
        )
    return found


def _loaded(keys: Mapping[int, str], stored: Mapping[str, Any]) -> dict[int, MembershipType]:
    """The cached types among `keys` (an entry of another shape is read again from Altegio)."""
    found: dict[int, MembershipType] = {}
    for type_id, key in keys.items():
        entry = stored.get(key)
        with contextlib.suppress(ValueError):
            if isinstance(entry, dict):
                found[type_id] = MembershipType.model_validate(entry)
    return found


async def _chain_type(
    api: UserClient, chain_id: int, type_id: int, *, again: bool = False
) -> MembershipType | None:
    """M7, through the catalogue's cache (`again`: from Altegio); None when it will not give it."""
    try:
        kind = await get_chain_type(
            api, kind=MEMBERSHIP_TYPE_KIND, chain_id=chain_id, type_id=type_id, refresh=again
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
    return found | await _fetch_location_types(api, location_id, {t: keys[t] for t in missing})


async def _fetch_location_types(
    api: UserClient, location_id: int, keys: Mapping[int, str]
) -> dict[int, MembershipType]:
    """M4 at a location for these types, one call for all, each cached on its own."""
    try:
        fetched = await MEMBERSHIP_TYPE_KIND.endpoints.fetch_at_location(
            api, location_id=location_id, ids=list(keys)
        )
    except AltegioAuthError:
        raise
    except AltegioError:
        return {}
    fresh = {kind.id: kind for kind in fetched if kind.id in keys}
    # A type M4 does not give (not on sale here, archived) is remembered as such for as long:
    # every lookup of its memberships would otherwise ask again.
    await keep_answers(
        {
            key: fresh[type_id].model_dump(mode="json") if type_id in fresh else NOT_ON_SALE
            for type_id, key in keys.items()
        }
    )
    return fresh
