"""What paid for visits: GET /chain/{chain_id}/loyalty/transactions (docs/altegio.md §4.8).

Wire only. The rows carry no date and no client: a caller dates each row by its visit.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from pydantic import AliasChoices, Field

from .fields import AsObject, Flag, Int, Money, OptInt, Text
from .http import Params, UserClient
from .parsing import many, total_from
from .types import Wire

# `types[]` (docs/altegio.md §4.8): the three that say which gift card or membership paid.
GIFT_CARD_WITHDRAWAL = 8
MEMBERSHIP_USE = 9
MEMBERSHIP_RECALCULATION = 10
PAYMENT_TYPES = (GIFT_CARD_WITHDRAWAL, MEMBERSHIP_USE, MEMBERSHIP_RECALCULATION)
# Rows asked for at once; a page of 25 visits leaves room for several rows per visit.
TRANSACTIONS_PAGE_SIZE = 100


class TransactionType(Wire):
    """A transaction's type as Altegio names it."""

    id: Int = 0
    title: Text = ""


class LoyaltyTransaction(Wire):
    """One loyalty transaction: which membership or gift card moved, on which visit, how much."""

    id: Int
    visit_id: Int = 0
    amount: Money = None
    type_id: OptInt = None
    type: Annotated[TransactionType, AsObject] = Field(default_factory=TransactionType)
    membership_id: Int = Field(0, validation_alias=AliasChoices("abonement_id", "membership_id"))
    gift_card_id: Int = Field(0, validation_alias=AliasChoices("certificate_id", "gift_card_id"))
    loyalty_card_id: Int = Field(0, validation_alias=AliasChoices("card_id", "loyalty_card_id"))
    program_id: Int = 0
    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    status_id: OptInt = None
    item_id: Int = 0
    item_type_id: OptInt = None
    goods_transaction_id: Int = 0
    services_transaction_id: Int = 0
    is_discount: Flag = False
    is_loyalty_withdraw: Flag = False

    @property
    def kind(self) -> int | None:
        """The type id: `type_id`, else the nested `type.id`."""
        return self.type_id if self.type_id is not None else (self.type.id or None)


@dataclass(frozen=True)
class TransactionPage:
    """One page of transactions and `meta.count` when Altegio gives it."""

    rows: list[LoyaltyTransaction] = field(default_factory=list)
    count: int | None = None
    size: int = TRANSACTIONS_PAGE_SIZE

    @property
    def may_have_more(self) -> bool:
        """A count above this page's rows, or a full page (`meta.count` may be the page's own)."""
        return (self.count is not None and self.count > len(self.rows)) or len(
            self.rows
        ) >= self.size


async def list_visit_transactions(  # noqa: PLR0913 - one keyword per query parameter
    api: UserClient,
    *,
    chain_id: int,
    created_after: date,
    created_before: date,
    visit_ids: list[int],
    types: tuple[int, ...] = PAYMENT_TYPES,
    page: int = 1,
    count: int = TRANSACTIONS_PAGE_SIZE,
) -> TransactionPage:
    """The chain's transactions of these visits between two days (both required), one page."""
    # Reference: https://developer.alteg.io/en/b2b-v1/openapi/chain-loyalty-programs/
    # get_chain_loyalty_transaction_list.md (docs/altegio.md §4.8): both dates are YYYY-MM-DD.
    params: Params = {
        "created_after": created_after.isoformat(),
        "created_before": created_before.isoformat(),
        "visit_ids": visit_ids,
        "types": list(types),
        "page": page,
        "count": count,
    }
    envelope = await api.get(f"chain/{chain_id}/loyalty/transactions", params=params)
    return TransactionPage(
        rows=many(LoyaltyTransaction, envelope.data),
        count=total_from(envelope.meta, "count", "total_count"),
        size=count,
    )
