"""Demo loyalty (bonus, cashback, discount) cards, issued to a phone in a chain (§4.9).

- +1 315 555 0178 (James Smith) in Harbor Wellness: "Harbor Rewards" 2000178, cashback 5%, $37.50.
- +1 315 555 0199 (the Lopez family's phone) in Harbor Wellness: "Friends & family" 2000199, a 10%
  discount card with nothing on it.
- +7 916 123 45 67 (Ольга Иванова) in Nevsky Fitness: "Клубная карта" 7001234, кешбэк 5%, 420 ₽.
Nobody else has one (the client card then shows none).
"""

from __future__ import annotations

from dataclasses import dataclass

from .seed_places import HARBOR, NEVSKY


@dataclass(frozen=True, slots=True)
class Program:
    """A programme (promotion) a card takes part in."""

    id: int
    title: str
    loyalty_type_id: int
    loyalty_type_title: str
    value_unit_id: int  # 1 percent, 2 fixed amount
    value: float


@dataclass(frozen=True, slots=True)
class LoyaltyCard:
    """One issued loyalty card of a phone in a chain."""

    id: int
    number: str
    phone: str  # digits, as the card was issued
    chain_id: int
    type_id: int
    type_title: str
    balance: float
    paid_amount: float
    sold_amount: float
    visits_count: int
    programs: tuple[Program, ...]


# fmt: off
LOYALTY_CARDS = (
    LoyaltyCard(31001, "2000178", "13155550178", HARBOR, 4101, "Harbor Rewards", 37.5, 750, 750,
                18, (Program(5201, "Cashback 5%", 8, "Cashback", 1, 5),)),
    LoyaltyCard(31002, "2000199", "13155550199", HARBOR, 4102, "Friends & family", 0, 310, 310,
                6, (Program(5202, "Friends & family 10%", 2, "Fixed discount", 1, 10),)),
    LoyaltyCard(31003, "7001234", "79161234567", NEVSKY, 4201, "Клубная карта", 420, 8400, 8400,
                14, (Program(5301, "Кешбэк 5%", 8, "Кешбэк", 1, 5),)),
)
# fmt: on
