"""Which membership or gift card paid for each visit on a page (docs/altegio.md §4.8).

The chain's loyalty transactions of exactly the page's visit ids, over exactly their days: the rows
carry no date and no client, so each is paired with its visit by `visit_id` and dated by it; a row
for a visit that is not on the page is dropped.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from loyalty.altegio import AltegioAuthError, AltegioError, AltegioForbidden, UserClient
from loyalty.altegio.loyalty_transactions import (
    GIFT_CARD_WITHDRAWAL,
    MEMBERSHIP_USE,
    LoyaltyTransaction,
    list_visit_transactions,
)
from loyalty.altegio.types import Chain
from loyalty.services.cards.labels import CardLabel, CardRef, label_of
from loyalty.services.failures import ShownError, shown_error

from .rights import VisitRights, WhatPaid
from .rows import Payment, VisitRow

MAX_TRANSACTION_PAGES = 3  # 300 rows for 25 visits; more would be a page of its own


async def what_paid(
    api: UserClient, rights: VisitRights, rows: list[VisitRow], labels: dict[CardRef, CardLabel]
) -> tuple[WhatPaid, ShownError | None, dict[int, list[Payment]]]:
    """What paid for exactly the page's visits, asked over exactly their days, by visit id."""
    days = {row.visit_id: row.starts.date() for row in rows if row.visit_id and row.starts}
    if not days:
        return WhatPaid.NOTHING_TO_ASK, None, {}
    if not rights.what_paid or rights.chain is None:
        return rights.why_not_what_paid, None, {}
    # The days as the location's calendar has them (Altegio writes its dates with its offset).
    first, last = min(days.values()), max(days.values())
    try:
        found = await _transactions(api, rights.chain.id, first, last, list(days))
    except AltegioAuthError:
        raise
    except AltegioForbidden as exc:
        return WhatPaid.REFUSED, shown_error(exc, place=_in(rights.chain)), {}
    except AltegioError as exc:
        return WhatPaid.FAILED, shown_error(exc, place=_in(rights.chain)), {}
    # A row for a visit that is not on this page is dropped: it cannot be dated.
    paired = {key: value for key, value in _payments(found, labels).items() if key in days}
    return WhatPaid.SHOWN, None, paired


async def _transactions(
    api: UserClient, chain_id: int, first: date, last: date, visit_ids: list[int]
) -> list[LoyaltyTransaction]:
    """Every transaction row of these visits (a second page only when the first is full)."""
    rows: list[LoyaltyTransaction] = []
    for number in range(1, MAX_TRANSACTION_PAGES + 1):
        page = await list_visit_transactions(
            api,
            chain_id=chain_id,
            created_after=first,
            created_before=last,
            visit_ids=sorted(visit_ids),
            page=number,
        )
        rows += page.rows
        if not page.rows or not page.may_have_more:
            break
    return rows


def _payments(
    rows: list[LoyaltyTransaction], labels: dict[CardRef, CardLabel]
) -> dict[int, list[Payment]]:
    """Per visit, one Payment per membership or gift card its rows name."""
    parts: dict[int, dict[CardRef, list[LoyaltyTransaction]]] = {}
    for row in rows:
        if row.membership_id:
            card = CardRef("membership", row.membership_id)
        elif row.gift_card_id:
            card = CardRef("gift_card", row.gift_card_id)
        else:
            continue  # a loyalty card's or account's row: not asked for, not shown
        parts.setdefault(row.visit_id, {}).setdefault(card, []).append(row)
    return {
        visit_id: [_payment(card, found, labels) for card, found in sorted(cards.items())]
        for visit_id, cards in parts.items()
    }


def _payment(
    card: CardRef, rows: list[LoyaltyTransaction], labels: dict[CardRef, CardLabel]
) -> Payment:
    """A card's part in a visit: type 9 rows are visits used, type 8 rows money taken."""
    withdrawals = [
        abs(row.amount) for row in rows if row.kind == GIFT_CARD_WITHDRAWAL and row.amount
    ]
    return Payment(
        card=card,
        name=label_of(labels, card).name,
        visits=sum(1 for row in rows if row.kind == MEMBERSHIP_USE),
        amount=sum(withdrawals, Decimal(0)) if withdrawals else None,
        other=tuple(
            dict.fromkeys(
                row.type.title or gettext("Loyalty transaction")
                for row in rows
                if row.kind not in (MEMBERSHIP_USE, GIFT_CARD_WITHDRAWAL)
            )
        ),
    )


def _in(chain: Chain) -> str:
    return gettext("in %(chain)s") % {"chain": chain.title}
