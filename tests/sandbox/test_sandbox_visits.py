"""The sandbox's visit history, loyalty transactions and loyalty cards (docs/altegio.md §4.7–§4.9).

The history agrees with the cards: every used visit of a membership is a visit with a type 9
transaction, and what a gift card spent is the sum of its type 8 transactions. The answers
carry Altegio's least: the fields of the golden payloads and no more.
"""

import asyncio
import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from loyalty.sandbox import ENDPOINT_KEYS, PARTNER_TOKEN, Sandbox, SandboxTransport
from loyalty.sandbox.data import get_data

BASE_URL = "https://sandbox.invalid/api/v1"
FRONT_DESK, MANAGER = "frontdesk@sandbox.example", "manager@sandbox.example"
SUPERVISOR, OWNER = "supervisor@sandbox.example", "owner@sandbox.example"
HARBOR, STUDIO, NORTH = 145071, 720441, 720442
JAMES, NORA, OLGA_I = 146915197, 146915204, 146915206
YOGA_8, GIFT_CARD_888, GIFT_CARD_41207 = 659882, 409726, 409727
GOLDEN = Path(__file__).parents[1] / "contract" / "golden"


def send(
    method: str, url: str, login: str = MANAGER, sandbox: Sandbox | None = None, **kwargs: Any
) -> httpx.Response:
    """One call through the in-process transport as the given demo user."""
    sandbox = sandbox or Sandbox()
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(login)}"

    async def call() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.request(method, url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(call())


def search(
    client_id: int = JAMES,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    location_id: int = STUDIO,
    login: str = MANAGER,
    **extra: Any,
) -> httpx.Response:
    """The visit search, with the body Altegio's own code sends."""
    body = {
        "client_id": client_id,
        "client_phone": None,
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
        "payment_statuses": [],
        "attendance": None,
        **extra,
    }
    return send("POST", f"/company/{location_id}/clients/visits/search", login, json=body)


def transactions(
    visit_ids: list[int], after: str, before: str, login: str = MANAGER, **params: Any
) -> httpx.Response:
    """The chain's transactions of some visits over a span of days."""
    query: list[tuple[str, Any]] = [("created_after", after), ("created_before", before)]
    query += [("visit_ids[]", visit_id) for visit_id in visit_ids]
    query += [("types[]", kind) for kind in (8, 9, 10)] + list(params.items())
    return send("GET", f"/chain/{HARBOR}/loyalty/transactions", login, params=query)


def whole_history(client_id: int = JAMES) -> list[dict[str, Any]]:
    """Every visit of a client, page by page along the date cursor."""
    visits: list[dict[str, Any]] = []
    date_from: date | None = None
    date_to: date | None = None
    for _ in range(20):
        answer = search(client_id, date_from, date_to).json()
        visits += answer["data"]["records"]
        following = answer["meta"]["dateCursor"]["next"]
        if following["from"] is None:
            return visits
        date_from = date.fromisoformat(following["from"])
        date_to = date.fromisoformat(following["to"])
    raise AssertionError("the cursor never ended")


def rows_of(visits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every transaction row of these visits, over their whole span."""
    days = [visit["date"][:10] for visit in visits]
    answer = transactions([v["visit_id"] for v in visits], min(days), max(days), count=200)
    assert answer.status_code == 200
    rows: list[dict[str, Any]] = answer.json()["data"]
    return rows


def golden_keys(name: str, *path: Any) -> set[str]:
    """The keys of one object inside a golden payload."""
    node: Any = json.loads((GOLDEN / f"{name}.json").read_text())["payload"]
    for step in path:
        node = node[step]
    return set(node)


def test_james_sees_his_last_visits_newest_first_with_a_cursor_to_earlier_ones() -> None:
    today = get_data().today
    answer = search(JAMES, today - timedelta(days=89), today).json()

    records = answer["data"]["records"]
    dates = [record["date"] for record in records]
    assert len(records) >= 25
    assert dates == sorted(dates, reverse=True)
    cursor = answer["meta"]["dateCursor"]
    assert cursor["current"]["count"] == len(records)
    assert cursor["next"]["to"] < records[-1]["date"][:10]
    assert cursor["previous"] == {"to": None, "from": None, "count": None}


def test_following_the_cursor_gives_every_visit_once_and_ends_with_nulls() -> None:
    visits = whole_history()

    ids = [visit["visit_id"] for visit in visits]
    assert len(ids) == len(set(ids)) > 40
    assert [v["date"] for v in visits] == sorted((v["date"] for v in visits), reverse=True)


def test_a_page_never_splits_a_day() -> None:
    today = get_data().today
    first = search(JAMES, today - timedelta(days=89), today).json()
    following = first["meta"]["dateCursor"]["next"]
    second = search(
        JAMES, date.fromisoformat(following["from"]), date.fromisoformat(following["to"])
    ).json()

    last_day = first["data"]["records"][-1]["date"][:10]
    assert all(record["date"][:10] != last_day for record in second["data"]["records"])


def test_every_membership_of_james_has_as_many_visits_as_its_balance_used() -> None:
    data = get_data()
    used = Counter(row["abonement_id"] for row in rows_of(whole_history()) if row["type_id"] == 9)

    for membership in data.memberships_by_client[JAMES]:
        kind = data.membership_types[membership.type_id]
        if membership.status_id == 1:
            assert used[membership.id] == 0
        elif membership.is_united_balance and not membership.is_united_balance_unlimited:
            bought = kind.united_balance_services_count
            assert used[membership.id] == bought - membership.united_balance_services_count
        elif not any(link.is_unlimited for link in kind.links) and not kind.is_united_balance:
            left = sum(link.count for link in membership.links)
            assert used[membership.id] == sum(link.count for link in kind.links) - left
    assert used[YOGA_8] == 4


def test_what_a_gift_card_spent_is_the_sum_of_its_withdrawals() -> None:
    spent: dict[int, Decimal] = {}
    for row in rows_of(whole_history()):
        if row["type_id"] == 8:
            card = row["certificate_id"]
            spent[card] = spent.get(card, Decimal(0)) + Decimal(str(row["amount"]))

    assert spent[GIFT_CARD_888] == Decimal(9000 - 6500)
    assert spent[GIFT_CARD_41207] == Decimal("95.5")


def test_a_visit_paid_by_two_cards_a_cash_visit_and_a_missed_one() -> None:
    visits = whole_history()
    rows = rows_of(visits)
    by_visit: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_visit.setdefault(row["visit_id"], []).append(row)

    two_cards = [v for v in visits if len(by_visit.get(v["visit_id"], [])) == 2]
    assert [{r["type_id"] for r in by_visit[v["visit_id"]]} for v in two_cards] == [{8, 9}]
    unpaid_by_cards = [v for v in visits if v["visit_id"] not in by_visit]
    missed = [v for v in unpaid_by_cards if v["attendance"] == -1]
    assert [line["payment_status"] for v in missed for line in v["services"]] == ["not_paid"]
    cash = [v for v in unpaid_by_cards if v["attendance"] == 1]
    assert cash
    assert all(line["paid_sum"] > 0 for v in cash for line in v["services"])


def test_the_answers_carry_the_golden_payloads_fields_and_no_more() -> None:
    visits = whole_history()
    sold_goods = search(JAMES).json()["data"]["goods_transactions"]
    row = rows_of(visits[:5])[0]
    [card] = send("GET", f"/loyalty/cards/13155550178/{HARBOR}/{STUDIO}").json()["data"]

    assert {tuple(sorted(v)) for v in visits} == {
        tuple(sorted(golden_keys("client_visits_search", "data", "records", 0)))
    }
    assert set(visits[0]["services"][0]) == golden_keys(
        "client_visits_search", "data", "records", 0, "services", 0
    )
    assert sold_goods
    assert set(sold_goods[0]) == golden_keys(
        "client_visits_search", "data", "goods_transactions", 0
    )
    assert set(row) == golden_keys("chain_loyalty_transactions", "data", 0)
    assert "date" not in row
    assert "client_id" not in row
    assert set(card) == golden_keys("loyalty_cards_by_phone", "data", 0)


def test_transactions_need_both_days_in_the_documented_format() -> None:
    missing = send("GET", f"/chain/{HARBOR}/loyalty/transactions")
    wrong = transactions([1], "2026-01-01T00:00:00", "2026-01-31")

    assert missing.status_code == 422
    assert "[created_after]" in missing.json()["meta"]["errors"]
    assert wrong.status_code == 422


def test_a_transaction_outside_the_asked_days_is_not_returned() -> None:
    visits = whole_history()[:3]
    day = visits[0]["date"][:10]
    other_day = (date.fromisoformat(day) - timedelta(days=400)).isoformat()

    answer = transactions([v["visit_id"] for v in visits], other_day, other_day).json()

    assert answer == {"success": True, "data": [], "meta": {"count": 0}}


def test_the_front_desk_reads_visits_but_not_the_chains_transactions() -> None:
    visits = search(login=FRONT_DESK)
    paid = transactions([1], "2026-01-01", "2026-01-31", login=FRONT_DESK)

    assert visits.status_code == 200
    assert (paid.status_code, paid.json()["meta"]["message"]) == (403, "Access denied.")


def test_without_the_membership_history_right_transactions_are_refused() -> None:
    assert search(login=SUPERVISOR).status_code == 200
    assert transactions([1], "2026-01-01", "2026-01-31", login=SUPERVISOR).status_code == 403


def test_visits_at_a_location_that_is_not_theirs_are_refused() -> None:
    assert search(location_id=NORTH, login=FRONT_DESK).status_code == 403


def test_a_client_of_another_location_has_no_visits_here() -> None:
    answer = search(146915208).json()  # James's client card at Harbor North

    assert answer["data"] == {"goods_transactions": [], "records": []}


def test_the_visit_search_needs_a_client_and_readable_days() -> None:
    no_client = search(client_id=None)  # type: ignore[arg-type]
    bad_day = send(
        "POST",
        f"/company/{STUDIO}/clients/visits/search",
        json={"client_id": JAMES, "from": "yesterday"},
    )

    assert no_client.status_code == 422
    assert bad_day.status_code == 422


def test_the_visit_search_filters_by_attendance() -> None:
    missed = search(attendance=-1).json()["data"]["records"]

    assert [record["attendance"] for record in missed] == [-1]


def test_james_has_a_loyalty_card_by_phone_and_by_client_card() -> None:
    by_phone = send("GET", f"/loyalty/cards/13155550178/{HARBOR}/{STUDIO}").json()
    by_client = send("GET", f"/loyalty/client_cards/{JAMES}").json()

    [card] = by_phone["data"]
    assert (card["number"], card["type"]["title"], card["balance"]) == (
        "2000178",
        "Harbor Rewards",
        37.5,
    )
    assert [program["title"] for program in card["programs"]] == ["Cashback 5%"]
    assert by_client == by_phone


def test_a_client_without_a_loyalty_card_gets_an_empty_list() -> None:
    answer = send("GET", f"/loyalty/client_cards/{NORA}").json()

    assert answer == {"success": True, "data": [], "meta": {"count": 0}}


def test_loyalty_cards_of_a_chain_the_location_is_not_in_are_not_found() -> None:
    assert send("GET", f"/loyalty/cards/13155550178/706028/{STUDIO}").status_code == 404


@pytest.mark.parametrize(
    ("key", "method", "url"),
    [
        ("client_visits", "POST", f"/company/{STUDIO}/clients/visits/search"),
        ("loyalty_transactions", "GET", f"/chain/{HARBOR}/loyalty/transactions"),
        ("loyalty_cards", "GET", f"/loyalty/cards/13155550178/{HARBOR}/{STUDIO}"),
        ("client_loyalty_cards", "GET", f"/loyalty/client_cards/{JAMES}"),
    ],
)
def test_faults_can_be_injected_into_each_new_endpoint(key: str, method: str, url: str) -> None:
    sandbox = Sandbox()
    sandbox.inject(key, status=503)

    answer = send(method, url, sandbox=sandbox, json={"client_id": JAMES})

    assert key in ENDPOINT_KEYS
    assert answer.status_code == 503
    assert [call.endpoint for call in sandbox.calls] == [key]
