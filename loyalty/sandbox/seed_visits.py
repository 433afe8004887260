"""Hand-written demo visits: what the generated history of James Smith cannot show by itself.

At Harbor Studio (client 146915197), counted in days before the build day:
- 6 days ago, 18:30: a yoga class paid by his Yoga 8 visits membership 659882 (one of its 4
  used visits) and a surf lesson paid $40 from gift card 888 and $20 in cash: one visit, two cards.
- 20 days ago, 11:00: a surf lesson paid in cash and a surfboard ($2,460) bought with gift card
  888 in the same visit; with the $40 above that is all 2,500 the card has spent (9,000 → 6,500).
- 9 days ago, 16:00: a 90-minute massage paid in cash: no loyalty transaction at all.
- 13 days ago, 07:30: a reformer pilates class he did not come to, not paid.
Every other visit is generated from his memberships and gift cards (history.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from .seed_places import MASSAGE_90, REFORMER, SURF_LESSON, YOGA_CLASS

JAMES = 146915197
YOGA_8, GIFT_CARD_888 = 659882, 409726
MEMBERSHIP_USE, GIFT_CARD_WITHDRAWAL = 9, 8
SURFBOARD = 1
GOODS = {SURFBOARD: "Surfboard"}

# (service id, cost, paid, payment status); (type id, amount, membership, gift card, on goods)
Service = tuple[int, float, float, str]
Goods = tuple[int, float, float, str]
ChargeSpec = tuple[int, float, int, int, bool]


@dataclass(frozen=True)
class DemoVisit:
    """One hand-written visit, `days_ago` before the build day at local time `at`."""

    days_ago: int
    at: time
    services: tuple[Service, ...]
    charges: tuple[ChargeSpec, ...] = ()
    goods: tuple[Goods, ...] = ()
    attendance: int = 1  # -1 did not come, 0 waiting, 1 came, 2 confirmed


# fmt: off
DEMO_VISITS: dict[int, tuple[DemoVisit, ...]] = {
    JAMES: (
        DemoVisit(6, time(18, 30),
                  ((YOGA_CLASS, 20, 20, "paid_full"), (SURF_LESSON, 60, 60, "paid_full")),
                  ((MEMBERSHIP_USE, 20, YOGA_8, 0, False),
                   (GIFT_CARD_WITHDRAWAL, 40, 0, GIFT_CARD_888, False))),
        DemoVisit(20, time(11, 0), ((SURF_LESSON, 60, 60, "paid_full"),),
                  ((GIFT_CARD_WITHDRAWAL, 2460, 0, GIFT_CARD_888, True),),
                  goods=((SURFBOARD, 2460, 2460, "paid_full"),)),
        DemoVisit(9, time(16, 0), ((MASSAGE_90, 120, 120, "paid_full"),)),
        DemoVisit(13, time(7, 30), ((REFORMER, 35, 0, "not_paid"),), attendance=-1),
    ),
}
# fmt: on
