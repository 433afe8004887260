"""Front desk: everything a client can use, found by phone in about one Altegio round-trip.

Memberships (M1) and gift cards (C1) need only the location and the phone, so they run at the
same time and go on screen first; the client search (client_card.py) runs beside them for a page
without JavaScript, or follows them in its own request. The signed-in person's own cards (M2, C2)
are read the same way.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from loyalty.altegio import (
    AltegioError,
    UserClient,
    finish_first,
)
from loyalty.altegio.gift_cards import list_client_gift_cards, list_user_gift_cards
from loyalty.altegio.memberships import (
    list_client_memberships,
    list_user_memberships,
)
from loyalty.altegio.types import (
    Chain,
    ClientRecord,
    GiftCard,
    Location,
    Membership,
)
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, outcome_of
from loyalty.services.cards import (
    GiftCardPanel,
    MembershipPanel,
    gift_card_panels,
    membership_panels,
)
from loyalty.services.catalogue.by_id import read_membership_types
from loyalty.services.concurrency import concurrently as _concurrently
from loyalty.services.phones import Phone

from .client_card import search_clients
from .log import LookupAudit, count_lookup


@dataclass(frozen=True)
class ClientLoyalty:
    """One lookup's result: what the phone's owner can use, and who they are (None: follows)."""

    phone: Phone
    location: Location
    clients: list[ClientRecord] | None
    memberships: list[MembershipPanel]
    gift_cards: list[GiftCardPanel]
    searched_digits: str
    used_national_form: bool = False

    @property
    def has_cards(self) -> bool:
        """Any membership or gift card at all."""
        return bool(self.memberships or self.gift_cards)

    @property
    def is_empty(self) -> bool:
        """Nothing found: no client, no membership, no gift card."""
        return not (self.clients or self.has_cards)

    @property
    def client_digits(self) -> list[str]:
        """The phone forms to search the client card under: the one that found cards, else both."""
        if self.has_cards:
            return [self.searched_digits]
        return list(dict.fromkeys([self.phone.digits, self.phone.national_digits]))

    @property
    def result_count(self) -> int:
        """Memberships plus gift cards, for the audit log."""
        return len(self.memberships) + len(self.gift_cards)


@dataclass(frozen=True)
class MyLoyalty:
    """The signed-in person's own memberships and gift cards at a location."""

    location: Location
    memberships: list[MembershipPanel]
    gift_cards: list[GiftCardPanel]

    @property
    def is_empty(self) -> bool:
        """Neither memberships nor gift cards."""
        return not (self.memberships or self.gift_cards)


async def find_client_loyalty(
    *,
    api: UserClient,
    user: StaffMember,
    location: Location,
    phone: Phone,
    with_clients: bool = True,
    chains: Sequence[Chain] = (),
) -> ClientLoyalty:
    """Memberships and gift cards behind a phone, and its client cards unless they follow later.

    Audited and counted as one lookup; `with_clients=False` leaves `clients` None, for the
    follow-up request (find_clients with the result's `client_digits`) to fill in. The
    memberships' types are read by id (cached) for their freeze rules, as `chains` allow.
    """
    audit = LookupAudit(
        user=user, kind=AuditEntry.Kind.CLIENT_LOOKUP, location=location, phone=phone
    )
    await count_lookup(user, audit)
    try:
        # Once M1 or C1 has its slot, the rest (types by id, the national form) go before other
        # desks' new lookups: under load, lookups finish one after the other.
        with finish_first():
            clients, memberships, cards, used_national = await _search(
                api, user, location, phone, with_clients=with_clients
            )
            kinds = await read_membership_types(
                api, memberships=memberships, chains=chains, location_id=location.id
            )
    except AltegioError as exc:
        await audit.write(outcome=outcome_of(exc))
        raise
    result = ClientLoyalty(
        phone=phone,
        location=location,
        clients=clients,
        memberships=membership_panels(memberships, location, kinds),
        gift_cards=gift_card_panels(cards, location),
        searched_digits=phone.national_digits if used_national else phone.digits,
        used_national_form=used_national,
    )
    outcome = "nothing found" if not result.has_cards else "found"
    if used_national:
        outcome += " (national form)"
    await audit.write(outcome=outcome, result_count=result.result_count)
    return result


async def list_my_loyalty(
    *, api: UserClient, location: Location, chains: Sequence[Chain] = ()
) -> MyLoyalty:
    """The signed-in person's own memberships (M2) and gift cards (C2), fetched together."""
    async with _concurrently() as group:
        memberships = group.create_task(list_user_memberships(api, location_id=location.id))
        cards = group.create_task(list_user_gift_cards(api, location_id=location.id))
    kinds = await read_membership_types(
        api, memberships=memberships.result(), chains=chains, location_id=location.id
    )
    return MyLoyalty(
        location=location,
        memberships=membership_panels(memberships.result(), location, kinds),
        gift_cards=gift_card_panels(cards.result(), location),
    )


async def _search(
    api: UserClient, user: StaffMember, location: Location, phone: Phone, *, with_clients: bool
) -> tuple[list[ClientRecord] | None, list[Membership], list[GiftCard], bool]:
    """M1 and C1 (and the client search, if wanted) at once; the national form if no card came.

    Returns clients (None when not searched), memberships, gift cards, and whether the cards
    were found under the national form.
    """
    async with _concurrently() as group:
        cards = group.create_task(_cards(api, location, phone.digits))
        clients = _client_search(group, api, user, location, phone.digits, wanted=with_clients)
    memberships, gift_cards = cards.result()
    found = clients.result() if clients else None
    if memberships or gift_cards or phone.national_digits == phone.digits:
        return found, memberships, gift_cards, False
    # Some client cards hold the phone in national form ("8 916…"), which the E.164 digits do
    # not match (docs/altegio.md §2.5 notes): one retry of M1 and C1 with that form when neither
    # found anything, and of the client search when it found no one either.
    async with _concurrently() as group:
        cards = group.create_task(_cards(api, location, phone.national_digits))
        retry = _client_search(
            group, api, user, location, phone.national_digits, wanted=with_clients and not found
        )
    memberships, gift_cards = cards.result()
    if retry:
        found = retry.result()
    return found, memberships, gift_cards, bool(memberships or gift_cards)


def _client_search(
    group: asyncio.TaskGroup,
    api: UserClient,
    user: StaffMember,
    location: Location,
    digits: str,
    *,
    wanted: bool,
) -> "asyncio.Task[list[ClientRecord]] | None":
    """The client search for one phone form as a task of `group`, if wanted."""
    if not wanted:
        return None
    return group.create_task(search_clients(api=api, user=user, location=location, digits=digits))


async def _cards(
    api: UserClient, location: Location, digits: str
) -> tuple[list[Membership], list[GiftCard]]:
    """M1 and C1 for one phone form, both in flight at once; never cached (balances move)."""
    async with _concurrently() as group:
        memberships = group.create_task(
            list_client_memberships(api, location_id=location.id, phone_digits=digits)
        )
        cards = group.create_task(
            list_client_gift_cards(api, location_id=location.id, phone_digits=digits)
        )
    return memberships.result(), cards.result()
