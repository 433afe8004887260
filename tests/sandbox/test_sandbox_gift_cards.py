"""Gift-card endpoints C1-C6 of the sandbox."""

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
MANAGER = "manager@sandbox.example"


def get(url: str, login: str = MANAGER, **kwargs: Any) -> httpx.Response:
    """One GET through the in-process transport as the given demo user."""
    sandbox = Sandbox()
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(login)}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.get(url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


def test_james_has_a_6500_of_9000_card_and_a_nearly_spent_one() -> None:
    body = get("/loyalty/certificates?company_id=720441&phone=13155550178").json()
    cards = {card["id"]: card for card in body["data"]}
    # The third, 409740, was sold at Harbor North: C1 answers for the whole chain.
    assert body["meta"] == {"count": 3}
    assert float(cards[409740]["balance"]) == 50
    big = cards[409726]
    assert big["balance"] == 6500
    assert big["default_balance"] == 9000
    assert big["number"] == "888"
    assert big["status"] == {"id": 2, "title": "activated"}
    assert big["type"]["item_type"] == {"id": 0, "title": "No limits"}
    small = cards[409727]
    assert float(small["balance"]) < 0.1 * small["default_balance"]
    expires = datetime.fromisoformat(small["expiration_date"])
    assert expires - datetime.now(expires.tzinfo) <= timedelta(days=14)


def test_gift_cards_need_rights_in_the_location() -> None:
    url = "/loyalty/certificates?company_id=720442&phone=13155550178"
    assert get(url, "frontdesk@sandbox.example").status_code == 403


def test_signed_in_user_sees_their_own_gift_cards() -> None:
    harbor = get("/user/loyalty/certificates?company_id=720441").json()
    nevsky = get("/user/loyalty/certificates?company_id=830002").json()
    assert {card["id"] for card in harbor["data"]} == {409731, 409734}
    assert harbor["meta"] == {"count": 2}
    assert [card["id"] for card in nevsky["data"]] == [409739]


def test_type_fetch_and_search_list_the_locations_unarchived_types() -> None:
    fetched = get(
        "/company/720441/loyalty/certificate_types/fetch",
        params=[("ids[]", 27840), ("ids[]", 27843), ("ids[]", 27846)],
    ).json()
    searched = get("/company/720441/loyalty/certificate_types/search?title=gift").json()
    paged = get("/company/720441/loyalty/certificate_types/search?page=2&page_size=3").json()
    assert [row["id"] for row in fetched["data"]] == [27840]
    assert fetched["meta"] == {"count": 1}
    assert {row["id"] for row in searched["data"]} == {27840, 27841, 27842}
    assert searched["meta"] == {"count": 3}
    assert len(paged["data"]) == 3
    assert paged["meta"]["count"] == 7


def test_chain_types_default_to_ten_a_page_with_total_count() -> None:
    first = get("/chain/145071/loyalty/certificate_types").json()
    second = get("/chain/145071/loyalty/certificate_types?page=2").json()
    capped = get("/chain/706028/loyalty/certificate_types?page_size=1000").json()
    titled = get("/chain/706028/loyalty/certificate_types?title=certificate").json()
    assert len(first["data"]) == 9
    assert first["meta"] == {"total_count": 9}
    assert second["data"] == []
    assert len(capped["data"]) == 7
    assert titled["meta"] == {"total_count": 1}
    row = titled["data"][0]
    assert row["item_type"] == {"id": 0, "title": "All services and products"}
    assert row["released_total"] > 0
    assert row["salon_ids"] == [830001]


def test_chain_types_page_size_pages_the_list() -> None:
    body = get("/chain/145071/loyalty/certificate_types?page=3&page_size=4").json()
    assert [row["id"] for row in body["data"]] == [27848]


def test_one_chain_type_and_an_unknown_one() -> None:
    found = get("/chain/706028/loyalty/certificate_types/289060").json()
    assert found["data"]["is_archived"] is True
    assert found["data"]["date_archived"]
    assert get("/chain/706028/loyalty/certificate_types/27840").status_code == 404


def test_gift_card_types_follow_the_certificate_types_right_when_present() -> None:
    # The front desk's Harbor access carries loyalty_certificate_types_access "0".
    own = get("/chain/145071/loyalty/certificate_types", "frontdesk@sandbox.example")
    other = get("/chain/706028/loyalty/certificate_types", "frontdesk@sandbox.example")
    assert own.status_code == 403
    assert own.json()["meta"]["message"] == "Access denied."
    assert other.status_code == 403
    assert (
        get("/chain/145071/loyalty/certificate_types", "manager@sandbox.example").status_code == 200
    )


def test_money_may_arrive_as_a_decimal_string_under_the_odd_scalars_quirk() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("odd_scalars", True)
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(MANAGER)}"

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=SandboxTransport(sandbox), base_url=BASE_URL) as c:
            return await c.get(
                "/loyalty/certificates?company_id=720441&phone=13155550178",
                headers={"Authorization": header},
            )

    cards = {card["id"]: card for card in asyncio.run(send()).json()["data"]}
    assert cards[409726]["balance"] == "6500.00"
