"""The hand-written demo people: James Smith, the Lopez family, the staff users as clients.

Handy phones (see `DEMO_PHONES`):
- +1 315 555 0178  James Smith at 720441: the brief's example membership 659878, every balance kind.
  Freezing (issue 14): 659883 can be frozen (Yoga 20 visits, up to 30 days, none used);
  659886 cannot (its massage type does not allow freezing); 659879 is frozen (6 of 30 days
  used); 659887 is near its limit (12 of 2 weeks used, so 2 days left).
- Nevsky (the owner's chain): Olga Ivanova's 659906 (+7 916 123 45 67) can be frozen (30 days).
- +1 315 555 0199  Maria and Diego Lopez at 720441: two clients on one phone.
- +1 315 555 0111  Nora Quinn at 720441: a client with nothing on file.
- +1 315 555 0142  Ethan Walker at 720442, a location the front desk cannot open.
- +7 916 123 45 67  Olga Ivanova at 830001, stored in E.164 form.
- 8 916 765 43 21  Ivan Petrov at 830001, stored in national form (79167654321 finds nothing).
- +1 315 555 0178  across the Harbor chain: James also has cards at 720442 (a membership and a
  gift card sold there) and at 720444 Harbor Marina, which no demo user can open.
- +1 315 555 0190  Lena Park, known only at 720442: nothing at 720441, found across the chain.

M1 and C1 answer at a location only when the phone has a client card there, and then with the
phone's current memberships and gift cards across the whole chain: James's ids come back from
720441 and 720442 alike (the dashboard's chain-wide lookup shows each id once).
"""

from __future__ import annotations

from datetime import date, timedelta

from .models import Client, GiftCard, GiftCardType, Link, Membership, MembershipType
from .seed_catalog import MEMBERSHIP_TYPES
from .seed_places import HARBOR_MARINA, HARBOR_NORTH, HARBOR_STUDIO, NEVSKY_CENTRAL, at, end_of

DEMO_PHONES: dict[str, str] = {
    "+1 315 555 0178": "James Smith (720441): the brief's example membership 659878 (issued, "
    "Surfing x10), an active frozen one, an unlimited one, a shared pool with 1 visit left, "
    "one expiring within 7 days, history, and 2 gift cards (6500 of 9000, nearly spent). "
    '"Whole chain": also cards at Harbor North (a membership and a gift card sold there; M1 '
    "returns the same ids from both, shown once) and at Harbor Marina (no demo user may open it). "
    "Freezing: Yoga 20 visits can be frozen (30 days), the massage pass cannot, Yoga 12 is "
    "frozen, the Yoga & massage combo has 2 of its 14 freeze days left. Visits (on his client "
    "card): the Yoga 8 visits membership paid for 4, one with $40 of gift card 888; one paid in "
    "cash, one missed; a Harbor Rewards loyalty card.",
    "+1 315 555 0199": "Maria Lopez and Diego Lopez (720441): two clients on one phone.",
    "+1 315 555 0111": "Nora Quinn (720441): a client with no memberships or gift cards.",
    "+1 315 555 0142": "Ethan Walker (720442 Harbor North): a client of a location the front "
    "desk cannot open.",
    "+1 315 555 0175": "Anna Brooks, the front-desk user, also a client at 720441.",
    "+1 315 555 0176": "Mark Turner, the manager, a client at 720441 and at 830001; his "
    "Annual unlimited (659892) may be frozen with no limit.",
    "+7 903 123 45 67": "Olga Sokolova, the owner user, a client at 830001.",
    "+7 916 123 45 67": "Olga Ivanova (830001): a Russian client stored in E.164 form; her "
    "shared pool can be frozen (up to 30 days), her Yoga 16 is frozen.",
    "8 916 765 43 21": "Ivan Petrov (830001): stored in national form; 79167654321 finds "
    "nothing, 89167654321 finds him.",
    "315 555 0178": "James's phone without the country code: success with an empty list.",
    "+1 315 555 0190": "Lena Park (720442 Harbor North only): nothing at Harbor Studio; "
    '"Whole chain" finds her membership and gift card at Harbor North.',
}


# fmt: off
JAMES = Client(146915197, HARBOR_STUDIO, "James Smith", "+13155550178", "james.smith@example.com")
MARIA = Client(146915198, HARBOR_STUDIO, "Maria Lopez", "+13155550199", "maria.lopez@example.com")
DIEGO = Client(146915199, HARBOR_STUDIO, "Diego Lopez", "+13155550199", "")
ANNA = Client(146915200, HARBOR_STUDIO, "Anna Brooks", "+13155550175", "frontdesk@sandbox.example")
MARK_US = Client(146915201, HARBOR_STUDIO, "Mark Turner", "+13155550176", "manager@sandbox.example")
MARK_RU = Client(146915202, NEVSKY_CENTRAL, "Mark Turner", "+13155550176",
                 "manager@sandbox.example")
OLGA_S = Client(146915203, NEVSKY_CENTRAL, "Ольга Соколова", "+79031234567",
                "owner@sandbox.example")
NORA = Client(146915204, HARBOR_STUDIO, "Nora Quinn", "+13155550111", "nora.quinn@example.com")
ETHAN = Client(146915205, HARBOR_NORTH, "Ethan Walker", "13155550142", "ethan.w@example.com")
OLGA_I = Client(146915206, NEVSKY_CENTRAL, "Ольга Иванова", "+79161234567", "olga.iv@example.ru")
IVAN = Client(146915207, NEVSKY_CENTRAL, "Иван Петров", "89167654321", "")
# One person, several client cards: Altegio keeps a card per location (chain client search).
JAMES_NORTH = Client(146915208, HARBOR_NORTH, "James Smith", "+13155550178",
                     "james.smith@example.com")
JAMES_MARINA = Client(146915209, HARBOR_MARINA, "James Smith", "13155550178",
                      "james.smith@example.com")
LENA = Client(146915210, HARBOR_NORTH, "Lena Park", "+13155550190", "lena.park@example.com")
# fmt: on

DEMO_CLIENTS = (
    JAMES, MARIA, DIEGO, ANNA, MARK_US, MARK_RU, OLGA_S, NORA, ETHAN, OLGA_I, IVAN,
    JAMES_NORTH, JAMES_MARINA, LENA,
)  # fmt: skip

_TYPES = {membership_type.id: membership_type for membership_type in MEMBERSHIP_TYPES}


def _membership(
    today: date,
    membership_id: int,
    client: Client,
    type_id: int,
    status_id: int,
    *,
    sold: int,
    expires_in: int | None = None,
    counts: tuple[int, ...] | None = None,
    pool: int | None = None,
    frozen: int = 0,
    freeze_used: int = 0,
    number: int | str | None = None,
    brief_example: bool = False,
) -> Membership:
    """One demo membership sold `sold` days ago; `counts` are visits left per link.

    `frozen` days: frozen now, that long so far; `freeze_used` days: frozen before, not now.
    """
    kind: MembershipType = _TYPES[type_id]
    chain_id = kind.chain_id
    created = at(today - timedelta(days=sold), 10, 0, chain_id)
    issued = status_id == 1
    links = kind.links
    if counts is not None:
        links = tuple(
            Link(count, link.is_unlimited, link.service_id, link.category_id)
            for link, count in zip(links, counts, strict=True)
        )
    return Membership(
        id=membership_id,
        number=number if number is not None else str(membership_id * 7 % 900000 + 100000),
        client_id=client.id,
        chain_id=chain_id,
        type_id=type_id,
        status_id=status_id,
        created=created,
        activated=None if issued else created + timedelta(days=1, minutes=-30),
        expires=None if issued else end_of(today + timedelta(days=expires_in or 0), chain_id),
        period=kind.period,
        period_unit_id=kind.period_unit_id,
        is_united_balance=kind.is_united_balance,
        is_united_balance_unlimited=kind.is_united_balance_unlimited,
        united_balance_services_count=kind.united_balance_services_count if pool is None else pool,
        links=links,
        goods_transaction_id=987000 + membership_id % 1000,
        is_frozen=frozen > 0,
        freeze_period=frozen or freeze_used,
        brief_example=brief_example,
    )


def demo_memberships(today: date) -> list[Membership]:
    """The demo clients' memberships, dated from `today`."""
    m = _membership
    t = today
    # fmt: off
    return [
        # James Smith: the brief's example first, then one of each balance kind.
        m(t, 659878, JAMES, 97804, 1, sold=3, number=788376, brief_example=True),
        m(t, 659879, JAMES, 97802, 2, sold=30, expires_in=36, counts=(7,), frozen=6),
        m(t, 659880, JAMES, 97808, 2, sold=5, expires_in=25),
        m(t, 659881, JAMES, 97807, 2, sold=70, expires_in=20, pool=1),
        m(t, 659882, JAMES, 97801, 2, sold=26, expires_in=5, counts=(4,)),
        m(t, 659883, JAMES, 97803, 2, sold=30, expires_in=60, counts=(14,)),
        m(t, 659884, JAMES, 97809, 3, sold=220, expires_in=-40, counts=(2,)),
        m(t, 659885, JAMES, 97805, 4, sold=90, expires_in=-30, counts=(0,)),
        m(t, 659886, JAMES, 97809, 2, sold=40, expires_in=140, counts=(3,)),
        m(t, 659887, JAMES, 97812, 2, sold=30, expires_in=48, counts=(6, 1), freeze_used=12),
        # The Lopez family shares one phone.
        m(t, 659900, MARIA, 97805, 2, sold=15, expires_in=45, counts=(9,)),
        m(t, 659901, MARIA, 97810, 2, sold=2, expires_in=5),
        m(t, 659902, DIEGO, 97815, 1, sold=1),
        # The staff users as clients, for M2 ("my memberships").
        m(t, 659890, ANNA, 97801, 2, sold=10, expires_in=20, counts=(6,)),
        m(t, 659891, ANNA, 97811, 1, sold=2),
        m(t, 659892, MARK_US, 97813, 2, sold=100, expires_in=265),
        m(t, 659893, MARK_US, 97814, 2, sold=6, expires_in=8, pool=1),
        m(t, 659894, MARK_RU, 489152, 2, sold=12, expires_in=18),
        m(t, 659895, OLGA_S, 489153, 2, sold=40, expires_in=325),
        m(t, 659896, OLGA_S, 489155, 1, sold=4),
        # Russian clients: E.164 and national-form phones.
        m(t, 659905, OLGA_I, 489151, 2, sold=20, expires_in=40, counts=(11,), frozen=4),
        m(t, 659906, OLGA_I, 489157, 2, sold=50, expires_in=40, pool=12),
        m(t, 659907, IVAN, 489150, 2, sold=15, expires_in=15, counts=(5,)),
        m(t, 659908, ETHAN, 97819, 2, sold=20, expires_in=70),
        # Sold at Harbor North: James's card there, and Lena, known only there.
        m(t, 659909, JAMES_NORTH, 97820, 2, sold=9, expires_in=170, counts=(8,)),
        m(t, 659910, LENA, 97819, 2, sold=14, expires_in=76),
    ]
    # fmt: on


def _gift_card(
    today: date,
    card_id: int,
    client: Client,
    kind: GiftCardType,
    status_id: int,
    *,
    balance: float,
    sold: int,
    expires_in: int | None,
    number: str,
) -> GiftCard:
    """One demo gift card sold `sold` days ago."""
    chain_id = kind.chain_id
    expires = None if expires_in is None else end_of(today + timedelta(days=expires_in), chain_id)
    return GiftCard(
        id=card_id,
        number=number,
        client_id=client.id,
        chain_id=chain_id,
        type_id=kind.id,
        status_id=status_id,
        balance=balance,
        default_balance=kind.balance,
        created=at(today - timedelta(days=sold), 16, 20, chain_id),
        expires=expires,
    )


def demo_gift_cards(today: date, types: dict[int, GiftCardType]) -> list[GiftCard]:
    """The demo clients' gift cards, dated from `today`."""
    g = _gift_card
    t = today
    # fmt: off
    return [
        g(t, 409726, JAMES, types[27841], 2, balance=6500, sold=49, expires_in=316, number="888"),
        g(t, 409727, JAMES, types[27842], 2, balance=4.5, sold=355, expires_in=9, number="41207"),
        g(t, 409735, DIEGO, types[27840], 2, balance=35, sold=30, expires_in=335, number="5150"),
        g(t, 409730, ANNA, types[27842], 1, balance=100, sold=3, expires_in=362, number="7001"),
        g(t, 409733, ANNA, types[27845], 2, balance=12.5, sold=40, expires_in=140, number="7004"),
        g(t, 409731, MARK_US, types[27848], 2, balance=120, sold=60, expires_in=None,
          number="7002"),
        g(t, 409734, MARK_US, types[27840], 4, balance=0, sold=200, expires_in=165,
          number="7005"),
        g(t, 409739, MARK_RU, types[289057], 2, balance=1800, sold=25, expires_in=155,
          number="7006"),
        g(t, 409732, OLGA_S, types[289058], 2, balance=3200, sold=20, expires_in=160,
          number="7003"),
        g(t, 409738, OLGA_S, types[289062], 1, balance=10000, sold=2, expires_in=363,
          number="7007"),
        g(t, 409736, OLGA_I, types[289057], 2, balance=3000, sold=10, expires_in=170,
          number="90210"),
        g(t, 409737, IVAN, types[289061], 2, balance=150, sold=80, expires_in=10, number="31337"),
        g(t, 409740, JAMES_NORTH, types[27840], 2, balance=50, sold=8, expires_in=None,
          number="4402"),
        g(t, 409741, LENA, types[27842], 2, balance=80, sold=21, expires_in=None, number="4403"),
    ]
    # fmt: on
