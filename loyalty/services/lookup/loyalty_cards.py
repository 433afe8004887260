"""A client's loyalty (bonus, cashback, discount) cards on the client card (docs/altegio.md §4.9).

They follow the memberships and gift cards, like the client card itself: by the phone the lookup
searched, in the location's chain; by client card when no chain of the person's holds the
location. A failure hides this part only, with a word; the rest of the client card stands.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from loyalty.altegio import AltegioAuthError, AltegioError, UserClient, follow_up_work
from loyalty.altegio.loyalty_cards import (
    LoyaltyCard,
    list_client_loyalty_cards,
    list_loyalty_cards_by_phone,
)
from loyalty.altegio.types import Chain, ClientRecord, Location
from loyalty.services.audit import StaffMember
from loyalty.services.concurrency import concurrently as _concurrently
from loyalty.services.failures import ShownError, shown_error

from .client_card import find_clients
from .tickets import LookupTicket
from .why_not import hand_pay_facts_to_clients


@dataclass(frozen=True)
class LoyaltyCards:
    """The cards found (each once), or why they could not be read."""

    cards: list[LoyaltyCard] = field(default_factory=list)
    error: ShownError | None = None


async def find_loyalty_cards(
    *,
    api: UserClient,
    location: Location,
    chain: Chain | None,
    phone_digits: str,
    client_ids: Sequence[int] = (),
) -> LoyaltyCards:
    """The phone's cards in the chain (one call), else each client card's."""
    try:
        if chain is not None:
            cards = await list_loyalty_cards_by_phone(
                api, phone_digits=phone_digits, chain_id=chain.id, location_id=location.id
            )
        else:
            cards = []
            for client_id in dict.fromkeys(client_ids):
                cards += await list_client_loyalty_cards(api, client_id=client_id)
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        return LoyaltyCards(error=shown_error(exc, place=_at(location)))
    return LoyaltyCards(cards=_once(cards))


async def find_client_card(
    *,
    api: UserClient,
    user: StaffMember,
    location: Location,
    chain: Chain | None,
    ticket: LookupTicket,
) -> tuple[list[ClientRecord], LoyaltyCards]:
    """Who is behind the lookup's phone and the phone's loyalty cards, asked at the same time.

    The ticket's `client_digits` are the phone forms to try, the one that found the cards first.
    Without a chain the loyalty cards are asked per client card, once the client search has named
    them. The lookup's cards are on screen by now, so these calls yield to other desks' new
    lookups (`follow_up_work()`, docs/operating.md). The lookup's pay facts then go to each client
    found, for the event check's reasons (why_not.py).
    """
    with follow_up_work():
        clients, cards = await _client_card(
            api=api, user=user, location=location, chain=chain, digits=ticket.client_digits
        )
    await hand_pay_facts_to_clients(
        user=user, location=location, digits=ticket.digits, clients=clients
    )
    return clients, cards


async def _client_card(
    *,
    api: UserClient,
    user: StaffMember,
    location: Location,
    chain: Chain | None,
    digits: Sequence[str],
) -> tuple[list[ClientRecord], LoyaltyCards]:
    if chain is None:
        clients = await find_clients(api=api, user=user, location=location, digits=digits)
        cards = await find_loyalty_cards(
            api=api,
            location=location,
            chain=None,
            phone_digits=digits[0],
            client_ids=[client.id for client in clients],
        )
        return clients, cards
    async with _concurrently() as group:
        found = group.create_task(
            find_clients(api=api, user=user, location=location, digits=digits)
        )
        loyalty = group.create_task(
            find_loyalty_cards(api=api, location=location, chain=chain, phone_digits=digits[0])
        )
    return found.result(), loyalty.result()


def _once(cards: Iterable[LoyaltyCard]) -> list[LoyaltyCard]:
    """Each card once (two client cards may share a phone and so its cards)."""
    return list({card.id: card for card in cards}.values())


def _at(location: Location) -> str:
    return gettext("at %(place)s") % {"place": location.title}
