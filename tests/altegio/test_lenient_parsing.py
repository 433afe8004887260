"""Altegio's known sloppiness is read, not refused: docs/altegio.md §5 notes, STYLE.md rule 3."""

import copy
import logging
from decimal import Decimal

import pytest

from loyalty.altegio import AltegioBadResponse
from loyalty.altegio.gift_cards import list_client_gift_cards
from loyalty.altegio.memberships import (
    list_chain_memberships,
    list_client_memberships,
    search_memberships_for_event,
)
from loyalty.services.cards.memberships import period_words, status_title
from loyalty.services.failures import failure_words

from . import payloads
from .fake import FakeAltegio


def client_memberships(altegio: FakeAltegio, payload: object) -> list:
    altegio.answer(payload)
    return altegio.call(list_client_memberships, location_id=720441, phone_digits="13155550178")


def only_membership(altegio: FakeAltegio, **changes: object):
    [membership] = client_memberships(
        altegio, payloads.variant(payloads.CLIENT_MEMBERSHIPS, **changes)
    )
    return membership


# --- The vendor's own seed example -------------------------------------------------------------


def test_membership_number_sent_as_integer_is_read_as_text(altegio: FakeAltegio) -> None:
    [membership] = client_memberships(altegio, payloads.SEED_MEMBERSHIPS)

    assert membership.number == "788376"


def test_membership_type_title_sent_as_a_number_is_shown_as_text(altegio: FakeAltegio) -> None:
    [membership] = client_memberships(altegio, payloads.SEED_MEMBERSHIPS)

    assert membership.type.title == "89999"


def test_seed_membership_without_a_status_slug_still_reads_as_released(
    altegio: FakeAltegio,
) -> None:
    [membership] = client_memberships(altegio, payloads.SEED_MEMBERSHIPS)

    assert status_title(membership) == "Released"
    assert membership.status_slug == "created"
    assert membership.visits_left == 10
    assert period_words(membership) == "9999 months"


# --- Numbers and flags -------------------------------------------------------------------------


def test_numbers_sent_as_strings_are_read_as_numbers(altegio: FakeAltegio) -> None:
    membership = only_membership(
        altegio,
        id="659878",
        freeze_period="12",
        period="3",
        period_unit_id="3",
        is_united_balance=True,
        united_balance_services_count="5",
    )

    assert membership.id == 659878
    assert membership.freeze_period == 12
    assert period_words(membership) == "3 months"
    assert membership.visits_left == 5


def test_money_sent_as_text_keeps_its_cents(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.variant(payloads.CLIENT_GIFT_CARDS, balance="6500.50"))

    [card] = altegio.call(list_client_gift_cards, location_id=720441, phone_digits="1")

    assert card.balance == Decimal("6500.50")


@pytest.mark.parametrize("flag", [True, 1, "1", "true", "True"])
def test_frozen_flag_sent_as_true_1_or_text_reads_as_frozen(
    altegio: FakeAltegio, flag: object
) -> None:
    assert only_membership(altegio, is_frozen=flag).is_frozen is True


@pytest.mark.parametrize("flag", [False, 0, "0", "false", "", None])
def test_frozen_flag_sent_as_false_0_or_text_reads_as_not_frozen(
    altegio: FakeAltegio, flag: object
) -> None:
    assert only_membership(altegio, is_frozen=flag).is_frozen is False


def test_an_unreadable_number_counts_as_absent_rather_than_hiding_the_membership(
    altegio: FakeAltegio,
) -> None:
    membership = only_membership(altegio, freeze_period="Infinity", period="n/a")

    assert membership.freeze_period == 0
    assert period_words(membership) == "3 months"  # falls back to the type's period


def test_an_unreadable_balance_counts_as_absent_rather_than_hiding_the_gift_card(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.variant(payloads.CLIENT_GIFT_CARDS, balance="NaN"))

    [card] = altegio.call(list_client_gift_cards, location_id=720441, phone_digits="1")

    assert card.number == "888"
    assert card.balance is None


# --- Absent, unknown and wrongly shaped fields -------------------------------------------------


def test_membership_with_only_an_id_is_shown_with_defaults(altegio: FakeAltegio) -> None:
    [membership] = client_memberships(altegio, {"success": True, "data": [{"id": 5}]})

    assert membership.id == 5
    assert membership.number == ""
    assert status_title(membership) == "Unknown"
    assert membership.expires is None
    assert membership.links == []
    assert membership.visits_left == 0
    assert period_words(membership) == ""


def test_issued_membership_with_null_expiry_has_no_expiry(altegio: FakeAltegio) -> None:
    membership = only_membership(
        altegio, expiration_date=None, activated_date=None, status={"id": 1}
    )

    assert membership.expires is None
    assert membership.activated is None
    assert status_title(membership) == "Issued"


def test_status_id_sent_as_text_without_a_title_gets_our_title(altegio: FakeAltegio) -> None:
    assert status_title(only_membership(altegio, status={"id": "4"})) == "Used up"


def test_unknown_fields_are_ignored(altegio: FakeAltegio) -> None:
    membership = only_membership(
        altegio, loyalty_program={"id": 9}, is_shiny="yes", slug="surf-x10", freeze_till="soon"
    )

    assert membership.number == "788376"


@pytest.mark.parametrize("field", ["status", "balance_container", "type"])
def test_an_empty_array_where_an_object_belongs_reads_as_absent(
    altegio: FakeAltegio, field: str
) -> None:
    membership = only_membership(altegio, **{field: []})

    assert membership.number == "788376"


def test_an_empty_array_for_a_balance_line_target_reads_as_nothing_covered(
    altegio: FakeAltegio,
) -> None:
    payload = payloads.variant(payloads.CLIENT_MEMBERSHIPS)
    payload["data"][0]["balance_container"]["links"][0]["category"] = []

    [membership] = client_memberships(altegio, payload)

    assert membership.links[0].target.title == ""
    assert membership.links[0].count == 8


def test_gift_card_type_sent_as_an_empty_array_is_absent(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.variant(payloads.CLIENT_GIFT_CARDS, type=[], default_balance=None))

    [card] = altegio.call(list_client_gift_cards, location_id=720441, phone_digits="1")

    assert card.type is None
    assert card.face_value is None


def test_zero_dates_and_compact_offsets_are_read(altegio: FakeAltegio) -> None:
    membership = only_membership(
        altegio,
        created_date="2026-02-01T12:00:00-0500",
        activated_date="0000-00-00 00:00:00",
        expiration_date="",
    )

    assert membership.created is not None
    assert membership.created.isoformat() == "2026-02-01T12:00:00-05:00"
    assert membership.activated is None
    assert membership.expires is None


def test_memberships_meta_as_an_empty_array_is_fine(altegio: FakeAltegio) -> None:
    payload = copy.deepcopy(payloads.CLIENT_MEMBERSHIPS)
    payload["meta"] = []

    assert len(client_memberships(altegio, payload)) == 1


def test_one_unreadable_membership_is_skipped_and_the_others_are_shown(
    altegio: FakeAltegio, caplog: pytest.LogCaptureFixture
) -> None:
    payload = copy.deepcopy(payloads.CLIENT_MEMBERSHIPS)
    payload["data"].insert(0, {"number": "no id"})
    payload["data"].append("not an object")

    with caplog.at_level(logging.WARNING, logger="loyalty.altegio.parsing"):
        memberships = client_memberships(altegio, payload)

    assert [m.number for m in memberships] == ["788376"]
    assert "Skipped an unreadable Membership" in caplog.text


def test_a_lone_object_where_a_list_belongs_is_a_list_of_one(altegio: FakeAltegio) -> None:
    payload = {**payloads.CLIENT_MEMBERSHIPS, "data": payloads.CLIENT_MEMBERSHIPS["data"][0]}

    assert [m.id for m in client_memberships(altegio, payload)] == [659878]


def test_null_data_where_a_list_belongs_is_an_empty_list(altegio: FakeAltegio) -> None:
    assert client_memberships(altegio, {"success": True, "data": None, "meta": []}) == []


def test_text_where_a_list_belongs_is_an_unreadable_answer(altegio: FakeAltegio) -> None:
    with pytest.raises(AltegioBadResponse) as caught:
        client_memberships(altegio, {"success": True, "data": "memberships", "meta": []})

    assert failure_words(caught.value) == "Altegio sent an answer we could not read."


# --- The chain list: an envelope, or an array holding one --------------------------------------


def test_chain_memberships_as_a_plain_envelope_are_read(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    page = altegio.call(list_chain_memberships, chain_id=145071, ids=[659878])

    assert [m.id for m in page.items] == [659878]


def test_chain_memberships_as_a_one_element_array_of_envelopes_are_read(
    altegio: FakeAltegio,
) -> None:
    altegio.answer([payloads.CHAIN_MEMBERSHIPS])

    page = altegio.call(list_chain_memberships, chain_id=145071, ids=[659878])

    assert [m.id for m in page.items] == [659878]
    assert status_title(page.items[0]) == "Expired"


def test_chain_memberships_array_holding_a_refusal_is_still_a_refusal(
    altegio: FakeAltegio,
) -> None:
    altegio.answer([payloads.ACCESS_DENIED])

    with pytest.raises(AltegioBadResponse) as caught:
        altegio.call(list_chain_memberships, chain_id=145071, ids=[659878])

    assert failure_words(caught.value) == "Altegio refused: Access denied."


# --- JSON:API answers (M8) ---------------------------------------------------------------------


def event_memberships(altegio: FakeAltegio, payload: object) -> list:
    altegio.answer(payload)
    return altegio.call(
        search_memberships_for_event, location_id=720441, client_id=146915197, event_id=12345
    )


def test_event_membership_with_relationships_as_an_empty_array_has_no_type_title(
    altegio: FakeAltegio,
) -> None:
    payload = copy.deepcopy(payloads.EVENT_MEMBERSHIPS)
    payload["data"][0]["relationships"] = []

    [found] = event_memberships(altegio, payload)

    assert found.number == "690348"
    assert found.type_title == ""


def test_event_membership_with_a_to_many_type_reference_has_no_type_title(
    altegio: FakeAltegio,
) -> None:
    payload = copy.deepcopy(payloads.EVENT_MEMBERSHIPS)
    reference = payload["data"][0]["relationships"]["loyalty_abonement_type"]
    reference["data"] = [reference["data"]]

    [found] = event_memberships(altegio, payload)

    assert found.type_title == ""


def test_event_membership_number_and_balance_sent_as_other_types_are_read(
    altegio: FakeAltegio,
) -> None:
    payload = copy.deepcopy(payloads.EVENT_MEMBERSHIPS)
    payload["data"][0]["attributes"] = {"number": 690348, "balance": "10"}

    [found] = event_memberships(altegio, payload)

    assert found.number == "690348"
    assert found.balance == 10


def test_event_membership_without_a_usable_id_is_skipped(altegio: FakeAltegio) -> None:
    payload = copy.deepcopy(payloads.EVENT_MEMBERSHIPS)
    good = payload["data"][0]
    payload["data"] = [{**good, "id": "abc"}, {**good, "id": None}, "junk", good]

    assert [found.id for found in event_memberships(altegio, payload)] == [5248829]


def test_event_memberships_with_included_not_a_list_have_no_type_titles(
    altegio: FakeAltegio,
) -> None:
    payload = {**payloads.EVENT_MEMBERSHIPS, "included": {}}

    [found] = event_memberships(altegio, payload)

    assert found.type_title == ""
