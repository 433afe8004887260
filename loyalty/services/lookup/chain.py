"""Front desk, whole chain: everything a phone has at every location of the chain one may open.

One chain client search (with the national-form retry) says where the phone has client cards;
then memberships (M1) and gift cards (C1) for every one of those locations the person may open,
all at once through the shared client (so the rate limiter queues them). Locations they may not
open are only named. A failure at one location is kept with that location; the others still
show. M1 and C1 answer for the whole chain, so one id can come back from several locations: it
is shown once, under the first of them, with the names of all of them.
"""

from collections.abc import Collection, Mapping, Sequence

from django.conf import settings
from django.core.cache import cache

from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    UserClient,
)
from loyalty.altegio.chain_clients import list_chain_locations, search_chain_clients
from loyalty.altegio.gift_cards import list_client_gift_cards
from loyalty.altegio.memberships import list_client_memberships
from loyalty.altegio.types import (
    Chain,
    ChainClient,
    GiftCard,
    Location,
    Membership,
    MembershipType,
)
from loyalty.models import AuditEntry
from loyalty.rights import CHAIN_LOOKUP
from loyalty.services.audit import StaffMember, outcome_of, record
from loyalty.services.cards import (
    gift_card_panels,
    membership_panels,
)
from loyalty.services.catalogue.by_id import read_membership_types
from loyalty.services.concurrency import concurrently as _concurrently
from loyalty.services.phones import Phone

from .chain_results import ChainClientLoyalty, ChainGiftCard, ChainMembership, LocationLoyalty
from .log import LookupAudit, count_lookup


async def find_chain_client_loyalty(
    *,
    api: UserClient,
    user: StaffMember,
    chain: Chain,
    location: Location,
    my_locations: Sequence[Location],
    phone: Phone,
) -> ChainClientLoyalty:
    """A phone's client cards, memberships and gift cards across a chain; one audit, one quota."""
    audit = LookupAudit(
        user=user,
        kind=AuditEntry.Kind.CLIENT_LOOKUP,
        location=location,
        phone=phone,
        query=f"whole chain: {chain.title}",
    )
    await count_lookup(user, audit)
    try:
        digits = phone.digits
        cards = await search_chain_clients(api, chain_id=chain.id, phone_digits=digits)
        # Cards stored in national form match only those digits (docs/altegio.md §2.5 notes);
        # the national form is named only when it found someone.
        if not cards and phone.national_digits != phone.digits:
            cards = await search_chain_clients(
                api, chain_id=chain.id, phone_digits=phone.national_digits
            )
            digits = phone.national_digits if cards else digits
        mine = {loc.id: loc for loc in my_locations}
        order = _ordered_location_ids(cards, location.id)
        groups, no_rights = await _per_location(
            api,
            chain,
            [mine[i] for i in order if i in mine],
            [i for i in order if i not in mine],
            cards,
            digits,
        )
        kinds = await read_membership_types(
            api,
            memberships=[m for _, memberships, _ in groups for m in memberships],
            chains=[chain],
            location_id=location.id,
            chain_id=chain.id,
        )
    except AltegioError as exc:
        await audit.write(outcome=outcome_of(exc))
        raise
    result = ChainClientLoyalty(
        phone=phone,
        chain=chain,
        location=location,
        locations=_shown_once(groups, kinds),
        no_rights=no_rights,
        searched_digits=digits,
        used_national_form=digits != phone.digits,
    )
    await _write_audit(user, result)
    return result


def _ordered_location_ids(cards: list[ChainClient], current_id: int) -> list[int]:
    """Locations with a card, the current one first, then in the order Altegio listed them."""
    ids = list(dict.fromkeys(card.location_id for card in cards))
    return sorted(ids, key=lambda location_id: location_id != current_id)


async def _per_location(
    api: UserClient,
    chain: Chain,
    openable: list[Location],
    closed_ids: list[int],
    cards: list[ChainClient],
    digits: str,
) -> tuple[list[tuple[LocationLoyalty, list[Membership], list[GiftCard]]], list[Location]]:
    """M1 + C1 at every openable location at once, and the names of the closed ones."""
    async with _concurrently() as group:
        asked = [group.create_task(_at_location(api, loc, digits)) for loc in openable]
        names = group.create_task(_names_of(api, chain, closed_ids))
    groups = []
    for loc, task in zip(openable, asked, strict=True):
        memberships, gift_cards, error = task.result()
        clients = [card for card in cards if card.location_id == loc.id]
        groups.append((LocationLoyalty(loc, clients, error=error), memberships, gift_cards))
    return groups, names.result()


async def _at_location(
    api: UserClient, location: Location, digits: str
) -> tuple[list[Membership], list[GiftCard], AltegioError | None]:
    """M1 and C1 together at one location; a failure here is this location's message."""
    try:
        async with _concurrently() as group:
            memberships = group.create_task(
                list_client_memberships(api, location_id=location.id, phone_digits=digits)
            )
            cards = group.create_task(
                list_client_gift_cards(api, location_id=location.id, phone_digits=digits)
            )
    except AltegioAuthError:
        raise  # the session has ended everywhere, not only here
    except AltegioError as exc:
        return [], [], exc
    return memberships.result(), cards.result(), None


async def _names_of(api: UserClient, chain: Chain, location_ids: list[int]) -> list[Location]:
    """The locations behind ids the person may not open; a bare number when Altegio will not say."""
    if not location_ids:
        return []
    known = {loc.id: loc for loc in chain.locations}
    titles: dict[int, str] = {i: known[i].title for i in location_ids if i in known}
    if len(titles) < len(location_ids):
        titles |= {
            i: t for i, t in (await _chain_titles(api, chain.id)).items() if i in location_ids
        }
    return [Location(id=i, title=titles.get(i) or f"location #{i}") for i in location_ids]


async def _chain_titles(api: UserClient, chain_id: int) -> dict[int, str]:
    """Every location title of a chain, from the public location list; cached, it is no one's."""
    key = f"loyalty:chain-titles:{chain_id}"
    cached = await cache.aget(key)
    if cached is not None:
        return {int(i): str(title) for i, title in cached.items()}
    try:
        listed = await list_chain_locations(api, chain_id=chain_id)
    except AltegioAuthError:
        raise
    except AltegioError:
        return {}  # the name is a courtesy; the lookup stands without it
    titles = {loc.id: loc.title for loc in listed if loc.title}
    await cache.aset(key, titles, settings.CATALOGUE_CACHE_SECONDS)
    return titles


def _shown_once(
    groups: list[tuple[LocationLoyalty, list[Membership], list[GiftCard]]],
    kinds: Mapping[int, MembershipType],
) -> list[LocationLoyalty]:
    """Each membership and gift card once, under the first location it came back from."""
    membership_at: dict[int, list[Location]] = {}
    card_at: dict[int, list[Location]] = {}
    for group, memberships, cards in groups:
        for membership in memberships:
            membership_at.setdefault(membership.id, []).append(group.location)
        for card in cards:
            card_at.setdefault(card.id, []).append(group.location)
    shown: set[tuple[str, int]] = set()
    result = []
    for group, memberships, cards in groups:
        new_memberships = [m for m in memberships if ("m", m.id) not in shown]
        new_cards = [c for c in cards if ("c", c.id) not in shown]
        shown |= {("m", m.id) for m in memberships} | {("c", c.id) for c in cards}
        result.append(
            LocationLoyalty(
                location=group.location,
                clients=group.clients,
                memberships=[
                    ChainMembership(panel, membership_at[panel.membership.id])
                    for panel in membership_panels(new_memberships, group.location, kinds)
                ],
                gift_cards=[
                    ChainGiftCard(panel, card_at[panel.card.id])
                    for panel in gift_card_panels(new_cards, group.location)
                ],
                shown_earlier=len(memberships) + len(cards) - len(new_memberships) - len(new_cards),
                error=group.error,
                found=len(memberships) + len(cards),
            )
        )
    return result


async def _write_audit(user: StaffMember, result: ChainClientLoyalty) -> None:
    """One entry for the whole chain: the count per location, the locations without rights."""
    parts = [
        f"{group.location.title}: {'failed' if group.error else group.found}"
        for group in result.locations
    ]
    if result.no_rights:
        parts.append("no rights: " + ", ".join(loc.title for loc in result.no_rights))
    outcome = "found" if result.result_count else "nothing found"
    if result.used_national_form:
        outcome += " (national form)"
    if any(group.error for group in result.locations):
        outcome += ", some locations failed"
    await record(
        user=user,
        kind=AuditEntry.Kind.CLIENT_LOOKUP,
        location_id=result.location.id,
        chain_id=result.chain.id,
        place=f"{result.location.title} · whole chain {result.chain.title}",
        phone_masked=result.phone.masked,
        phone_digits=result.phone.digits,
        query="; ".join(parts) or "no client card in the chain",
        result_count=result.result_count,
        outcome=outcome,
    )


def chain_for_lookup(
    chains: Sequence[Chain], location_id: int, *, openable: Collection[int]
) -> Chain | None:
    """The chain a whole-chain lookup searches from a location, if its clients right is theirs
    and they may open another of its locations (else it would show what this location shows)."""
    # The right follows the call it makes, the chain client search (docs/altegio.md §4.4, §4.5).
    return next(
        (
            chain
            for chain in chains
            if CHAIN_LOOKUP.held_in(chain)
            and any(loc.id == location_id for loc in chain.locations)
            and any(loc.id != location_id and loc.id in openable for loc in chain.locations)
        ),
        None,
    )
