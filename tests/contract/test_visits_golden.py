"""Golden payloads of the visit history, its loyalty transactions and loyalty cards, parsed.

Each file under golden/ is one whole answer with its source (docs/altegio.md §4.7–§4.9); the
parsers must read exactly what Altegio's own fixture and docs show.
"""

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from loyalty.altegio.loyalty_cards import list_client_loyalty_cards, list_loyalty_cards_by_phone
from loyalty.altegio.loyalty_transactions import list_visit_transactions
from loyalty.altegio.visits import CAME, NO_SHOW, search_client_visits
from tests.altegio.fake import FakeAltegio, body, query

GOLDEN = Path(__file__).parent / "golden"
EASTERN = timezone(timedelta(hours=-5))


def golden(name: str) -> dict[str, Any]:
    """The whole answer body of one golden file."""
    document = json.loads((GOLDEN / f"{name}.json").read_text())
    assert document["source"], f"{name} names no source"
    payload: dict[str, Any] = document["payload"]
    return payload


@pytest.fixture
def altegio() -> FakeAltegio:
    return FakeAltegio()


def test_every_golden_file_names_its_endpoint_and_source() -> None:
    for path in GOLDEN.glob("*.json"):
        document = json.loads(path.read_text())
        assert (
            {"endpoint", "source", "payload"}
            <= set(document)
            <= {
                "endpoint",
                "source",
                "status",
                "payload",
            }
        ), path.name
        assert document["endpoint"].split()[0] in {"GET", "POST"}, path.name


def test_the_visit_search_sends_every_field_as_altegios_own_code_does(altegio) -> None:
    altegio.answer(golden("client_visits_search"))

    altegio.call(
        search_client_visits,
        location_id=720441,
        client_id=146915197,
        date_from=date(2026, 1, 5),
        date_to=date(2026, 1, 31),
    )

    request = altegio.last
    assert (request.method, request.url.path) == (
        "POST",
        "/api/v1/company/720441/clients/visits/search",
    )
    assert body(request) == {
        "client_id": 146915197,
        "client_phone": None,
        "from": "2026-01-05",
        "to": "2026-01-31",
        "payment_statuses": [],
        "attendance": None,
    }


def test_a_visit_reads_its_local_time_services_staff_attendance_and_payment(altegio) -> None:
    altegio.answer(golden("client_visits_search"))

    page = altegio.call(
        search_client_visits,
        location_id=1,
        client_id=1,
        date_from=date(2026, 1, 1),
        date_to=date(2026, 1, 31),
    )

    [visit] = page.records
    assert visit.id == 123
    assert visit.visit_id == 123
    assert visit.date == datetime(2026, 1, 31, 12, 34, 56, tzinfo=EASTERN)
    assert visit.attendance == CAME
    assert visit.staff.name == "James Smith"
    [haircut] = visit.services
    assert (haircut.title, haircut.cost, haircut.paid) == ("Haircut", Decimal(1000), Decimal(600))
    assert haircut.payment_status == "paid_not_full"
    [sale] = page.goods
    assert (sale.id, sale.visit_id, sale.goods[0].title) == (900, 0, "Shampoo")


def test_the_date_cursor_names_the_next_page_by_its_days(altegio) -> None:
    altegio.answer(golden("client_visits_search"))

    page = altegio.call(
        search_client_visits,
        location_id=1,
        client_id=1,
        date_from=date(2026, 1, 1),
        date_to=date(2026, 1, 31),
    )

    assert page.cursor.next.is_set
    assert (page.cursor.next.date_from, page.cursor.next.date_to) == (
        date(2026, 1, 5),
        date(2026, 1, 29),
    )
    assert page.cursor.current.count == 2
    assert not page.cursor.previous.is_set


def test_the_last_page_has_no_next_page(altegio) -> None:
    altegio.answer(golden("client_visits_search--last-page"))

    page = altegio.call(
        search_client_visits,
        location_id=1,
        client_id=1,
        date_from=date(2026, 1, 5),
        date_to=date(2026, 1, 29),
    )

    assert not page.cursor.next.is_set
    assert page.records[0].attendance == NO_SHOW
    assert page.goods == []


def test_a_visit_search_without_a_cursor_or_records_is_an_empty_last_page(altegio) -> None:
    altegio.answer({"success": True, "data": [], "meta": []})

    page = altegio.call(
        search_client_visits,
        location_id=1,
        client_id=1,
        date_from=date(2026, 1, 5),
        date_to=date(2026, 1, 29),
    )

    assert (page.records, page.goods, page.cursor.next.is_set) == ([], [], False)


def test_transactions_are_asked_for_exact_visits_days_and_the_three_payment_types(altegio):
    altegio.answer(golden("chain_loyalty_transactions"))

    altegio.call(
        list_visit_transactions,
        chain_id=145071,
        created_after=date(2026, 1, 30),
        created_before=date(2026, 1, 31),
        visit_ids=[123, 124],
    )

    request = altegio.last
    assert (request.method, request.url.path) == (
        "GET",
        "/api/v1/chain/145071/loyalty/transactions",
    )
    assert query(request) == [
        ("created_after", "2026-01-30"),
        ("created_before", "2026-01-31"),
        ("visit_ids[]", "123"),
        ("visit_ids[]", "124"),
        ("types[]", "8"),
        ("types[]", "9"),
        ("types[]", "10"),
        ("page", "1"),
        ("count", "100"),
    ]


def test_a_transaction_names_its_visit_card_and_amount_but_no_date(altegio) -> None:
    altegio.answer(golden("chain_loyalty_transactions"))

    page = altegio.call(
        list_visit_transactions,
        chain_id=1,
        created_after=date(2026, 1, 1),
        created_before=date(2026, 1, 31),
        visit_ids=[123],
    )

    gift, membership = page.rows
    assert (gift.visit_id, gift.gift_card_id, gift.membership_id) == (123, 409726, 0)
    assert (gift.kind, gift.amount, gift.type.title) == (8, Decimal(600), "Gift card withdrawal")
    assert (membership.visit_id, membership.membership_id, membership.kind) == (124, 659882, 9)
    assert not hasattr(membership, "date")
    assert (page.count, page.may_have_more) == (2, False)


def test_loyalty_cards_by_phone_put_the_phone_chain_and_location_in_the_path(altegio) -> None:
    altegio.answer(golden("loyalty_cards_by_phone"))

    [card] = altegio.call(
        list_loyalty_cards_by_phone, phone_digits="13155550178", chain_id=145071, location_id=720441
    )

    assert altegio.last.url.path == "/api/v1/loyalty/cards/13155550178/145071/720441"
    assert (card.number, card.type.title, card.balance) == (
        "2000178",
        "Harbor Rewards",
        Decimal("37.5"),
    )
    assert [program.title for program in card.programs] == ["Cashback 5%"]
    assert card.chain.title == "Harbor Wellness"


def test_loyalty_cards_by_client_read_the_same_card(altegio) -> None:
    altegio.answer(golden("client_loyalty_cards"))

    [card] = altegio.call(list_client_loyalty_cards, client_id=146915197)

    assert altegio.last.url.path == "/api/v1/loyalty/client_cards/146915197"
    assert (card.id, card.number, card.visits_count) == (31001, "2000178", 18)


def test_numbers_as_strings_and_missing_nests_are_read_leniently(altegio) -> None:
    answer = golden("loyalty_cards_by_phone")
    card = answer["data"][0]
    card.update(balance="12.50", number=2000178, type=[], programs=None)
    altegio.answer(answer)

    [parsed] = altegio.call(
        list_loyalty_cards_by_phone, phone_digits="1", chain_id=1, location_id=1
    )

    assert (parsed.balance, parsed.number, parsed.type.title, parsed.programs) == (
        Decimal("12.50"),
        "2000178",
        "",
        [],
    )
