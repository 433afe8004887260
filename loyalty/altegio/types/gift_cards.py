"""Gift cards (certificates) and their types (docs/altegio.md §3.1–§3.3)."""

from decimal import Decimal
from typing import Annotated

from pydantic import AliasChoices, Field

from ..fields import (
    AsObject,
    AsOptionalObject,
    Flag,
    Int,
    IntList,
    Money,
    OptInt,
    Text,
    When,
)
from .base import Status, Wire


class ItemType(Wire):
    """What a gift card can pay for, with Altegio's own title."""

    id: Int = 0
    title: Text = ""


class GiftCardType(Wire):
    """A gift-card (certificate) type, docs/altegio.md §3.1/§3.3."""

    id: Int
    title: Text = ""
    face_value: Money = Field(None, validation_alias=AliasChoices("balance", "face_value"))
    is_multi: Flag = False
    chain_id: Int = Field(0, validation_alias=AliasChoices("company_group_id", "chain_id"))
    item_type_id: OptInt = None
    item_type: Annotated[ItemType | None, AsOptionalObject] = None
    expiration_type_id: Int = 0
    expiration_date: When = None
    expiration_timeout: Int = 0
    expiration_timeout_unit_id: Int = 0
    is_archived: Flag = False
    issued_count: OptInt = Field(
        None, validation_alias=AliasChoices("released_total", "issued_count")
    )
    service_ids: IntList = Field(default_factory=list)
    location_ids: IntList = Field(
        default_factory=list, validation_alias=AliasChoices("salon_ids", "location_ids")
    )
    online_sale_price: Money = None

    @property
    def pays_for(self) -> str:
        """Altegio's own words for what the card pays for."""
        return self.item_type.title if self.item_type and self.item_type.title else ""


class GiftCard(Wire):
    """A sold gift card (certificate), docs/altegio.md §3.1."""

    id: Int
    number: Text = ""
    balance: Money = None
    default_balance: Money = None
    status: Annotated[Status, AsObject] = Field(default_factory=Status)
    status_id: OptInt = None
    created: When = Field(None, validation_alias=AliasChoices("created_date", "created"))
    expires: When = Field(None, validation_alias=AliasChoices("expiration_date", "expires"))
    type: Annotated[GiftCardType | None, AsOptionalObject] = None

    @property
    def face_value(self) -> Decimal | None:
        """The starting balance, from the card or else its type."""
        return self.default_balance or (self.type.face_value if self.type else None)
