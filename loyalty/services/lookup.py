"""Front desk: everything a client can use, found by phone in about one Altegio round-trip.

Memberships (M1) and gift cards (C1) need only the location and the phone, so they run at the
same time and go on screen first; the client search (client_card.py) runs beside them for a page
without JavaScript, or follows them in its own request. Group-event checks run M8, then M9 for
every membership at once.
"""

import asyncio
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from loyalty.altegio import (
    AltegioError,
    SharedStoreUnavailable,
    UserClient,
)
from loyalty.altegio.gift_cards import list_client_gift_cards, list_user_gift_cards
from loyalty.altegio.memberships import (
    check_membership_for_event,
    list_client_memberships,
    list_user_memberships,
    search_memberships_for_event,
)
from loyalty.altegio.types import (
    Chain,
    ClientRecord,
    EventCheck,
    EventMembership,
    GiftCard,
    Location,
    Membership,
)
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, outcome_of, record
from loyalty.services.cards import (
    GiftCardPanel,
    MembershipPanel,
    gift_card_panels,
    membership_panels,
)
from loyalty.services.client_card import search_clients
from loyalty.services.concurrency import concurrently as _concurrently
from loyalty.services.membership_types import read_membership_types
from loyalty.services.phones import Phone
from loyalty.services.quota import take_lookup


class LookupLimitReached(Exception):
    """This staff member has used up their lookups for the last minute (anti-harvesting)."""

    def __init__(self, *, limit: int, retry_after: int) -> None:
        super().__init__(f"Lookup limit of {limit} a minute reached")
        self.limit = limit
        self.retry_after = retry_after


# --- What the services return -----------------------------------------------------------------


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


@dataclass(frozen=True)
class EventOption:
    """One membership M8 offered for a group event, with M9's answer for the asked days."""

    membership: EventMembership
    check: EventCheck  # empty when no days were asked: M8's word alone
    day_ids: list[int]

    @property
    def can_pay_all(self) -> bool:
        """Every asked day can be paid with it (no days asked: M8 offered it, so it can pay)."""
        if not self.day_ids:
            return True
        booked = set(self.check.bookable_day_ids)
        return self.check.can_book_all_days or (bool(booked) and set(self.day_ids) <= booked)

    @property
    def can_pay_some(self) -> bool:
        """At least one asked day can be paid with it."""
        return self.can_pay_all or bool(self.check.bookable_day_ids)

    @property
    def missing_day_ids(self) -> list[int]:
        """Asked days it cannot pay for."""
        if self.can_pay_all or self.check is None:
            return []
        booked = set(self.check.bookable_day_ids)
        return [day for day in self.day_ids if day not in booked]


@dataclass(frozen=True)
class EventCheckResult:
    """Which of a client's memberships can pay for which days of a group event."""

    client_id: int
    event_id: int
    day_ids: list[int]
    options: list[EventOption] = field(default_factory=list)

    @property
    def days_asked(self) -> bool:
        """Schedule days were asked, so each option carries M9's per-day answer."""
        return bool(self.day_ids)

    @property
    def verdict(self) -> str:
        """'all' (one membership covers every day), 'some', or 'none'."""
        if any(option.can_pay_all for option in self.options):
            return "all"
        if any(option.can_pay_some for option in self.options):
            return "some"
        return "none"

    @property
    def payable_count(self) -> int:
        """Memberships that can pay for at least one asked day."""
        return sum(1 for option in self.options if option.can_pay_some)


# --- Services ----------------------------------------------------------------------------------


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
    audit = _Audit(user=user, kind=AuditEntry.Kind.CLIENT_LOOKUP, location=location, phone=phone)
    await _take_lookup(user, audit)
    try:
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


async def check_event(
    *,
    api: UserClient,
    user: StaffMember,
    location: Location,
    client_id: int,
    event_id: int,
    schedule_day_ids: list[int],
) -> EventCheckResult:
    """M8 for the memberships that can pay for an event, then M9 for each at once (days given)."""
    audit = _Audit(
        user=user,
        kind=AuditEntry.Kind.EVENT_CHECK,
        location=location,
        query=f"client {client_id}, event {event_id}"
        + (", days " + ",".join(str(day) for day in schedule_day_ids) if schedule_day_ids else ""),
    )
    await _take_lookup(user, audit)
    try:
        found = await search_memberships_for_event(
            api, location_id=location.id, client_id=client_id, event_id=event_id
        )
        # M9 needs schedule days (docs/altegio.md §2.5); without them M8's list is the answer.
        async with _concurrently() as group:
            checks = [
                group.create_task(
                    check_membership_for_event(
                        api,
                        location_id=location.id,
                        client_id=client_id,
                        membership_id=membership.id,
                        event_id=event_id,
                        schedule_day_ids=schedule_day_ids,
                    )
                )
                for membership in found
                if schedule_day_ids
            ]
    except AltegioError as exc:
        await audit.write(outcome=outcome_of(exc))
        raise
    answers = (
        [check.result() for check in checks] if schedule_day_ids else [EventCheck()] * len(found)
    )
    options = [
        EventOption(membership=membership, check=answer, day_ids=schedule_day_ids)
        for membership, answer in zip(found, answers, strict=True)
    ]
    # Those that pay for every day first, then some days, then none.
    options.sort(key=lambda option: (not option.can_pay_all, not option.can_pay_some))
    result = EventCheckResult(
        client_id=client_id, event_id=event_id, day_ids=schedule_day_ids, options=options
    )
    await audit.write(outcome=f"can pay: {result.verdict}", result_count=result.payable_count)
    return result


# --- Helpers -----------------------------------------------------------------------------------


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


@dataclass
class _Audit:
    """One audit entry waiting for its outcome."""

    user: StaffMember
    kind: AuditEntry.Kind
    location: Location
    phone: Phone | None = None
    query: str = ""

    async def write(self, *, outcome: str, result_count: int | None = None) -> None:
        """Record the lookup with a masked phone and its keyed hash, never the phone itself."""
        await record(
            user=self.user,
            kind=self.kind,
            location_id=self.location.id,
            place=self.location.title,
            phone_masked=self.phone.masked if self.phone else "",
            phone_digits=self.phone.digits if self.phone else "",
            query=self.query,
            result_count=result_count,
            outcome=outcome,
        )


async def _take_lookup(user: StaffMember, audit: _Audit) -> None:
    """Count one lookup for this person; LookupLimitReached (audited) past the quota.

    The quota is a sliding window of 60 s (loyalty/services/quota.py).
    """
    limit = int(settings.LOOKUPS_PER_MINUTE)
    if limit <= 0:
        return
    try:
        wait = await take_lookup(user_id=user.pk, limit=limit)
    except SharedStoreUnavailable as exc:  # no quota to count against: no lookup
        await audit.write(outcome=outcome_of(exc))
        raise
    if wait > 0:
        await audit.write(outcome="limit reached")
        raise LookupLimitReached(limit=limit, retry_after=max(1, math.ceil(wait)))
