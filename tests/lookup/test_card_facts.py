"""The documented facts staff ask for, on the membership and gift cards of a lookup."""

import re

import pytest
from django.core.cache import cache

from loyalty.sandbox import Sandbox
from tests.helpers import HARBOR_STUDIO, htmx_headers, visible_text

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"


def card_texts(client, phone: str) -> dict[str, str]:
    """Each card of a lookup as text, by its number."""
    response = client.post(LOOKUP, {"phone": phone}, headers=htmx_headers("results", LOOKUP))
    cards = {}
    for article in re.findall(r"<article.*?</article>", response.content.decode(), re.S):
        text = visible_text(type("Fragment", (), {"content": article.encode()})())
        number = re.search(r"No\. (\S+)", text)
        assert number
        cards[number.group(1)] = text
    return cards


@pytest.fixture
def james(manager) -> dict[str, str]:
    return card_texts(manager, "+1 315 555 0178")


def test_a_membership_shows_visits_left_of_the_types_starting_allowance(james):
    assert "Visits 4 of 8 left" in james["219174"]
    assert "Visits 1 of 10 left" in james["219167"]  # a shared pool


def test_a_frozen_membership_says_whether_it_can_still_be_booked(james):
    assert "Booking while frozen Not allowed" in james["219153"]
    assert "Booking while frozen" not in james["219174"]  # not frozen


def test_a_membership_that_may_be_frozen_shows_the_freeze_allowance_left(james):
    total = "Frozen: 6 days of freeze used in total (this freeze and any before it)"
    assert total in james["219153"]
    assert "Freeze left 24 days" in james["219153"]  # 30 allowed, 6 used
    assert "Freeze left" not in james["219202"]  # its type may not be frozen


def test_a_membership_shows_its_types_price(james):
    assert "Price $160" in james["219174"]


def test_a_gift_card_names_the_locations_where_it_can_be_spent_when_altegio_sends_them(
    manager, sandbox: Sandbox
):
    # C1's example type has no `salon_ids` (§5.11); the chain's list does (§3.3): a quirk.
    assert "Spend at" not in card_texts(manager, "+1 315 555 0178")["888"]
    sandbox.set_quirk("full_type_fields", True)
    text = card_texts(manager, "+1 315 555 0178")["888"]
    assert "Spend at Harbor Studio, Harbor North, Harbor Lakeside" in text


def test_locations_not_ones_own_are_named_from_the_chain_never_by_number(
    front_desk, sandbox: Sandbox
):
    sandbox.set_quirk("full_type_fields", True)
    text = card_texts(front_desk, "+1 315 555 0178")["888"]  # Harbor Studio is all they know
    assert "Spend at Harbor Studio and 2 other locations" in text
    assert "location 72" not in text.lower()


def test_a_membership_not_activated_yet_says_when_it_starts_counting(
    manager, sandbox: Sandbox
) -> None:
    data = sandbox.data
    issued = next(
        item
        for item in data.memberships.values()
        if item.status_id == 1
        and not item.brief_example
        and item.activated is None
        and data.membership_types[item.type_id].expiration_type_id == 2
        and data.clients[item.client_id].location_id == HARBOR_STUDIO
    )
    phone = data.clients[issued.client_id].phone

    # From the type read by id (M7, §5.6): its activation, but no autoactivation to claim.
    text = card_texts(manager, phone)[str(issued.number)]
    assert "Starts counting On first visit" in text
    assert "by itself" not in text

    sandbox.set_quirk("full_type_fields", True)
    cache.clear()  # the type was read and cached in its least shape
    text = card_texts(manager, phone)[str(issued.number)]
    assert re.search(r"Starts counting On first visit, or by itself after 30 days unused", text)
