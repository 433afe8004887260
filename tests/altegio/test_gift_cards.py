"""Gift cards and gift-card types, endpoints C1–C6 (docs/altegio.md §3.3, samples §5.11–§5.13)."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from loyalty.altegio import AltegioNotFound
from loyalty.altegio.catalogue import GIFT_CARD_TYPES
from loyalty.altegio.gift_cards import (
    list_client_gift_cards,
    list_user_gift_cards,
)
from loyalty.services.cards.gift_cards import expiry_rule_words
from loyalty.services.cards.gift_cards import status_title as gift_card_status
from loyalty.services.failures import failure_words

from . import payloads
from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio, query

BOTH_TOKENS = f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"
CENTRAL = timezone(timedelta(hours=-5))


def test_client_gift_cards_are_asked_by_location_and_phone(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_GIFT_CARDS)

    altegio.call(list_client_gift_cards, location_id=720441, phone_digits="13155550178")

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/loyalty/certificates"
    assert query(request) == [("company_id", "720441"), ("phone", "13155550178")]
    assert request.headers["Authorization"] == BOTH_TOKENS
    assert request.headers["Accept"] == "application/vnd.api.v2+json"


def test_client_gift_card_shows_balance_of_face_value_status_and_expiry(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.CLIENT_GIFT_CARDS)

    [card] = altegio.call(list_client_gift_cards, location_id=720441, phone_digits="1")

    assert card.id == 409726
    assert card.number == "888"
    assert card.balance == Decimal(6500)
    assert card.face_value == Decimal(9000)
    assert gift_card_status(card) == "activated"
    assert card.expires == datetime(2027, 10, 6, 23, 59, 59, tzinfo=CENTRAL)
    assert card.type is not None
    assert card.type.title == "Gift card 9000"
    assert card.type.pays_for == "No limits"
    assert expiry_rule_words(card.type) == "Valid for 365 days from sale"


def test_gift_card_without_a_status_title_shows_its_status_id(altegio: FakeAltegio) -> None:
    card = payloads.variant(payloads.CLIENT_GIFT_CARDS, status_id="3")
    del card["data"][0]["status"]
    altegio.answer(card)

    [card] = altegio.call(list_client_gift_cards, location_id=720441, phone_digits="1")

    assert gift_card_status(card) == "Status 3"


def test_my_gift_cards_are_asked_by_location_only(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_GIFT_CARDS)

    [card] = altegio.call(list_user_gift_cards, location_id=720441)

    assert altegio.last.method == "GET"
    assert altegio.last.url.path == "/api/v1/user/loyalty/certificates"
    assert query(altegio.last) == [("company_id", "720441")]
    assert altegio.last.headers["Authorization"] == BOTH_TOKENS
    assert card.number == "888"


def test_gift_card_types_by_id_send_ids_as_an_array(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_GIFT_CARD_TYPES)

    kinds = altegio.call(GIFT_CARD_TYPES.fetch_at_location, location_id=720441, ids=[1, 11])

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/company/720441/loyalty/certificate_types/fetch"
    assert query(request) == [("ids[]", "1"), ("ids[]", "11")]
    assert request.headers["Authorization"] == BOTH_TOKENS
    assert [kind.id for kind in kinds] == [1, 11]


def test_gift_card_type_search_sends_title_page_and_page_size(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_GIFT_CARD_TYPES)

    altegio.call(
        GIFT_CARD_TYPES.search_at_location, location_id=720441, title="card", page=3, page_size=100
    )

    assert altegio.last.method == "GET"
    assert altegio.last.url.path == "/api/v1/company/720441/loyalty/certificate_types/search"
    assert query(altegio.last) == [("title", "card"), ("page", "3"), ("page_size", "100")]
    assert altegio.last.headers["Authorization"] == BOTH_TOKENS


def test_gift_card_type_search_shows_expiry_rules_in_words(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_GIFT_CARD_TYPES)

    page = altegio.call(GIFT_CARD_TYPES.search_at_location, location_id=720441)

    fixed_date, six_months = page.items
    assert page.total == 2
    assert page.has_next is False
    assert fixed_date.face_value == Decimal(10)
    assert fixed_date.is_multi is True
    assert expiry_rule_words(fixed_date) == "Expires on Dec 31, 2026"
    assert expiry_rule_words(six_months) == "Valid for 6 months from sale"
    assert six_months.item_type_id == 2
    assert six_months.pays_for == ""  # no item_type object: the id alone is not shown in words


def test_chain_gift_card_types_send_title_page_and_page_size(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_GIFT_CARD_TYPES)

    altegio.call(GIFT_CARD_TYPES.list_in_chain, chain_id=706028, title="gift", page=2, page_size=10)

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/chain/706028/loyalty/certificate_types"
    assert query(request) == [("title", "gift"), ("page", "2"), ("page_size", "10")]
    assert request.headers["Authorization"] == BOTH_TOKENS


def test_chain_gift_card_types_page_uses_total_count(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_GIFT_CARD_TYPES)

    page = altegio.call(GIFT_CARD_TYPES.list_in_chain, chain_id=706028)

    assert query(altegio.last) == [("page", "1"), ("page_size", "25")]
    assert page.total == 1
    assert page.page_count == 1
    [kind] = page.items
    assert kind.title == "Gift Certificate 1000"
    assert kind.chain_id == 706028
    assert kind.issued_count == 17
    assert kind.location_ids == [720441]
    assert kind.service_ids == []
    assert kind.pays_for == "All services and products"
    assert kind.online_sale_price == Decimal(0)


def test_chain_gift_card_type_detail(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_GIFT_CARD_TYPE)

    kind = altegio.call(GIFT_CARD_TYPES.get_in_chain, chain_id=706028, type_id=289056)

    assert altegio.last.method == "GET"
    assert altegio.last.url.path == "/api/v1/chain/706028/loyalty/certificate_types/289056"
    assert query(altegio.last) == []
    assert altegio.last.headers["Authorization"] == BOTH_TOKENS
    assert kind.id == 289056
    assert kind.face_value == Decimal(1000)
    assert expiry_rule_words(kind) == "Valid for 6 months from sale"


def test_unknown_chain_gift_card_type_is_not_found(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.NOT_FOUND_BARE, status=404)

    with pytest.raises(AltegioNotFound) as caught:
        altegio.call(GIFT_CARD_TYPES.get_in_chain, chain_id=706028, type_id=1)

    assert failure_words(caught.value) == "Altegio could not find it."
    assert len(altegio.requests) == 1
