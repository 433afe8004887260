"""A client's loyalty (bonus, cashback, discount) cards (docs/altegio.md §4.9).

Wire only: GET /loyalty/cards/{phone}/{chain_id}/{location_id} when the chain is known, else
GET /loyalty/client_cards/{client_id}; both answer the same card objects.
"""

from typing import Annotated

from pydantic import AliasChoices, Field

from .fields import AsObject, AsObjects, Int, Money, OptInt, Text
from .http import UserClient
from .parsing import many
from .types import Wire


class Titled(Wire):
    """An `{id, title}` object: a card type, a chain."""

    id: Int = 0
    title: Text = ""


class LoyaltyProgram(Wire):
    """A programme (promotion) linked to a card, with Altegio's own title."""

    id: Int = 0
    title: Text = ""
    loyalty_type_id: OptInt = None
    value_unit_id: OptInt = None
    loyalty_type: Annotated[Titled, AsObject] = Field(default_factory=Titled)


class LoyaltyCard(Wire):
    """One issued loyalty card: number, type, balance and the programmes it takes part in."""

    id: Int
    number: Text = ""
    balance: Money = None
    paid_amount: Money = None
    sold_amount: Money = None
    visits_count: OptInt = None
    type_id: OptInt = None
    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    type: Annotated[Titled, AsObject] = Field(default_factory=Titled)
    chain: Annotated[Titled, AsObject] = Field(
        default_factory=Titled, validation_alias=AliasChoices("salon_group", "chain")
    )
    programs: Annotated[list[LoyaltyProgram], AsObjects] = Field(default_factory=list)


async def list_loyalty_cards_by_phone(
    api: UserClient, *, phone_digits: str, chain_id: int, location_id: int
) -> list[LoyaltyCard]:
    """The cards issued in a chain to a phone (digits with country code), active here."""
    # Reference: https://developer.alteg.io/en/b2b-v1/openapi/loyalty-cards/
    # get_loyalty_card_list_by_phone.md (docs/altegio.md §4.9). The phone is a path segment.
    envelope = await api.get(f"loyalty/cards/{phone_digits}/{chain_id}/{location_id}")
    return many(LoyaltyCard, envelope.data)


async def list_client_loyalty_cards(api: UserClient, *, client_id: int) -> list[LoyaltyCard]:
    """The cards of one client card, with programmes active at its location."""
    # Reference: https://developer.alteg.io/en/b2b-v1/openapi/loyalty-cards/
    # get_loyalty_card_list_by_client_id.md (docs/altegio.md §4.9): the same card objects.
    envelope = await api.get(f"loyalty/client_cards/{client_id}")
    return many(LoyaltyCard, envelope.data)
