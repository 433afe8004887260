"""Freeze and unfreeze in the sandbox: Altegio's rules, refusals, rights and the write overlay."""

import asyncio
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
MANAGER, OWNER = "manager@sandbox.example", "owner@sandbox.example"
FRONT_DESK = "frontdesk@sandbox.example"
HARBOR, NEVSKY = 145071, 706028
NEW_YORK, MOSCOW = ZoneInfo("America/New_York"), ZoneInfo("Europe/Moscow")
CAN_FREEZE, NO_FREEZE, FROZEN, NEAR_LIMIT = 659883, 659886, 659879, 659887
OLGA_POOL = 659906  # Nevsky, the owner's chain


def call(
    sandbox: Sandbox, method: str, url: str, login: str = MANAGER, **kwargs: Any
) -> httpx.Response:
    """One request through the in-process transport as a demo user."""
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(login)}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.request(method, url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


def today(zone: ZoneInfo = NEW_YORK) -> date:
    """Today at the chain."""
    return datetime.now(zone).date()


def till(days_from_today: int, zone: ZoneInfo = NEW_YORK) -> str:
    """The day it unfreezes on, as the dashboard and Altegio's own code send it: a date."""
    return (today(zone) + timedelta(days=days_from_today)).isoformat()


def end_of(days_from_today: int, zone: ZoneInfo = NEW_YORK) -> str:
    """The last second of a day at the chain: the doc page's example form of `freeze_till`."""
    day = today(zone) + timedelta(days=days_from_today)
    return datetime.combine(day, datetime.max.time(), zone).replace(microsecond=0).isoformat()


def freeze(
    sandbox: Sandbox, membership_id: int, body: Any, *, chain: int = HARBOR, login: str = MANAGER
) -> httpx.Response:
    """POST …/freeze."""
    url = f"/chain/{chain}/loyalty/abonements/{membership_id}/freeze"
    return call(sandbox, "POST", url, login, json=body)


def unfreeze(
    sandbox: Sandbox, membership_id: int, *, chain: int = HARBOR, login: str = MANAGER
) -> httpx.Response:
    """POST …/unfreeze."""
    return call(
        sandbox, "POST", f"/chain/{chain}/loyalty/abonements/{membership_id}/unfreeze", login
    )


def read(sandbox: Sandbox, membership_id: int, chain: int = HARBOR, login: str = MANAGER) -> Any:
    """The membership as M3 by id returns it now."""
    url = f"/chain/{chain}/loyalty/abonements?abonements_ids[]={membership_id}&page=1&count=1"
    (row,) = call(sandbox, "GET", url, login).json()["data"]
    return row


def chain_type(sandbox: Sandbox, type_id: int, chain: int = HARBOR) -> Any:
    """The membership type as M7 reads it by id."""
    return call(sandbox, "GET", f"/chain/{chain}/loyalty/abonement_types/{type_id}").json()["data"]


def message(response: httpx.Response) -> str:
    """Altegio's `meta.message`."""
    return str(response.json()["meta"]["message"])


def test_a_freeze_moves_the_expiry_by_the_days_frozen_and_every_read_sees_it() -> None:
    sandbox = Sandbox()
    before = read(sandbox, CAN_FREEZE)
    response = freeze(sandbox, CAN_FREEZE, {"freeze_till": till(10)})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["is_frozen"] is True
    assert data["freeze_period"] == 10  # today and the nine days after it; it unfreezes on the 10th
    unfreezes = datetime.combine(today() + timedelta(days=10), datetime.min.time(), NEW_YORK)
    assert data["freeze_till"] == unfreezes.isoformat()
    assert data["number"] == before["number"]
    after = read(sandbox, CAN_FREEZE)
    old = datetime.fromisoformat(before["expiration_date"])
    assert datetime.fromisoformat(after["expiration_date"]) == old + timedelta(days=10)
    assert after["is_frozen"] in (True, 1, "1")
    lookup = call(sandbox, "GET", "/loyalty/abonements?company_id=720441&phone=13155550178")
    row = next(item for item in lookup.json()["data"] if item["id"] == CAN_FREEZE)
    assert row["freeze_period"] == 10


def test_the_doc_pages_moment_form_is_read_too_frozen_through_that_day() -> None:
    sandbox = Sandbox()
    response = freeze(sandbox, CAN_FREEZE, {"freeze_till": end_of(9)})
    assert response.status_code == 200
    assert response.json()["data"]["freeze_period"] == 10


def test_a_type_without_a_limit_freezes_for_as_long_as_asked() -> None:
    sandbox = Sandbox()
    annual = 659892  # Mark Turner's Annual unlimited: freezing allowed, freeze_limit 0
    assert chain_type(sandbox, 97813)["freeze_limit"] == 0
    response = freeze(sandbox, annual, {"freeze_till": till(200)})
    assert response.status_code == 200
    assert response.json()["data"]["freeze_period"] == 200


def test_an_unfreeze_keeps_the_extension_and_the_days_frozen() -> None:
    sandbox = Sandbox()
    freeze(sandbox, CAN_FREEZE, {"freeze_till": till(5)})
    frozen = read(sandbox, CAN_FREEZE)
    extended = frozen["expiration_date"]
    response = unfreeze(sandbox, CAN_FREEZE)
    assert response.status_code == 200
    assert response.json()["data"] == {
        "id": CAN_FREEZE,
        "number": frozen["number"],
        "is_frozen": False,
        "freeze_period": 5,
    }
    assert read(sandbox, CAN_FREEZE)["expiration_date"] == extended


def test_a_type_without_freezing_cannot_be_frozen() -> None:
    response = freeze(Sandbox(), NO_FREEZE, {"freeze_till": till(3)})
    assert (response.status_code, message(response)) == (400, "Subscription cannot be frozen")


def test_a_frozen_membership_cannot_be_frozen_again() -> None:
    response = freeze(Sandbox(), FROZEN, {"freeze_till": till(3)})
    assert (response.status_code, message(response)) == (400, "Subscription cannot be frozen")


def test_an_expired_membership_cannot_be_frozen() -> None:
    sandbox = Sandbox()
    expired = next(
        item
        for item in sandbox.data.chain_memberships[HARBOR]
        if item.status_id == 3 and sandbox.data.membership_types[item.type_id].allow_freeze
    )
    response = freeze(sandbox, expired.id, {"freeze_till": till(3)})
    assert (response.status_code, message(response)) == (400, "Subscription cannot be frozen")


def test_unfreezing_a_membership_that_is_not_frozen_is_refused() -> None:
    response = unfreeze(Sandbox(), CAN_FREEZE)
    assert (response.status_code, message(response)) == (400, "Subscription is not frozen")


def test_the_limit_counts_in_the_types_unit_and_the_days_already_used() -> None:
    # 659887: a limit of 2 weeks (14 days) with 12 used, so 2 days are left.
    sandbox = Sandbox()
    over = freeze(sandbox, NEAR_LIMIT, {"freeze_till": till(3)})
    assert (over.status_code, message(over)) == (422, "Freeze period exceeds limit")
    assert read(sandbox, NEAR_LIMIT)["is_frozen"] is False
    within = freeze(sandbox, NEAR_LIMIT, {"freeze_till": till(2)})
    assert within.status_code == 200
    assert within.json()["data"]["freeze_period"] == 14


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({}, "This value should not be blank."),
        ({"freeze_till": ""}, "This value should not be blank."),
        ({"freeze_till": "next tuesday"}, "This value is not a valid date."),
    ],
)
def test_a_missing_or_unreadable_until_date_is_a_field_error(body: Any, error: str) -> None:
    response = freeze(Sandbox(), CAN_FREEZE, body)
    assert response.status_code == 422
    assert response.json()["meta"] == {
        "message": "An error occurred",
        "errors": {"[freeze_till]": [error]},
    }


@pytest.mark.parametrize("days", [-1, 0])
def test_an_unfreeze_day_that_is_not_after_today_is_a_field_error(days: int) -> None:
    response = freeze(Sandbox(), CAN_FREEZE, {"freeze_till": till(days)})
    assert response.status_code == 422
    assert response.json()["meta"]["errors"] == {
        "[freeze_till]": ["This value should be greater than today."]
    }


def test_the_period_edit_right_decides_when_present() -> None:
    sandbox = Sandbox()
    # The manager has loyalty_access 1 but the period-edit key 0 in Nevsky.
    denied = freeze(sandbox, OLGA_POOL, {"freeze_till": till(3, MOSCOW)}, chain=NEVSKY)
    assert (denied.status_code, message(denied)) == (403, "Access denied.")
    allowed = freeze(
        sandbox, OLGA_POOL, {"freeze_till": till(3, MOSCOW)}, chain=NEVSKY, login=OWNER
    )
    assert allowed.status_code == 200


def test_the_front_desk_without_chain_rights_is_denied() -> None:
    response = freeze(Sandbox(), CAN_FREEZE, {"freeze_till": till(3)}, login=FRONT_DESK)
    assert (response.status_code, message(response)) == (403, "Access denied.")


def test_a_membership_of_another_chain_is_not_found() -> None:
    response = freeze(Sandbox(), OLGA_POOL, {"freeze_till": till(3)}, chain=HARBOR)
    assert (response.status_code, message(response)) == (404, "Not found")


def test_an_issued_membership_freezes_without_an_expiry_to_move() -> None:
    sandbox = Sandbox()
    issued = next(
        item
        for item in sandbox.data.chain_memberships[HARBOR]
        if item.status_id == 1
        and not item.is_frozen
        and sandbox.data.membership_types[item.type_id].allow_freeze
    )
    assert freeze(sandbox, issued.id, {"freeze_till": till(3)}).status_code == 200
    assert read(sandbox, issued.id)["expiration_date"] is None


def test_reset_undoes_every_write_and_the_seed_never_changes() -> None:
    sandbox = Sandbox()
    freeze(sandbox, CAN_FREEZE, {"freeze_till": till(3)})
    assert sandbox.data.memberships[CAN_FREEZE].is_frozen is False
    sandbox.reset()
    assert read(sandbox, CAN_FREEZE)["is_frozen"] is False


def test_writes_stay_in_their_own_sandbox() -> None:
    mine, other = Sandbox(), Sandbox()
    freeze(mine, CAN_FREEZE, {"freeze_till": till(3)})
    assert read(other, CAN_FREEZE)["freeze_period"] == 0


def test_timeout_after_performs_the_call_and_then_times_out() -> None:
    sandbox = Sandbox()
    sandbox.inject("freeze", kind="timeout_after", times=1)
    with pytest.raises(httpx.ReadTimeout):
        freeze(sandbox, CAN_FREEZE, {"freeze_till": till(3)})
    assert read(sandbox, CAN_FREEZE)["is_frozen"] is True


def test_timeout_after_works_for_a_read_too() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="timeout_after", times=1)
    with pytest.raises(httpx.ReadTimeout):
        call(sandbox, "GET", "/loyalty/abonements?company_id=720441&phone=13155550178")
    assert [call.endpoint for call in sandbox.calls] == ["M1"]


def test_the_chain_list_embeds_only_the_types_id_chain_and_title() -> None:
    # Altegio's own M3 fixture (docs/altegio.md §4.4a): the rules come from the type by id.
    assert read(Sandbox(), NEAR_LIMIT)["type"] == {
        "id": 97812,
        "salon_group_id": HARBOR,
        "title": "Yoga & massage combo",
    }


def test_the_type_read_by_id_carries_the_freeze_rules_in_its_own_unit() -> None:
    sandbox = Sandbox()
    combo = chain_type(sandbox, 97812)
    assert (combo["allow_freeze"], combo["freeze_limit"], combo["freeze_limit_unit_id"]) == (
        True,
        2,
        2,
    )
    assert combo["is_booking_when_frozen_allowed"] is False
    assert chain_type(sandbox, 97808)["is_booking_when_frozen_allowed"] is True


def test_the_rich_rows_quirk_embeds_the_whole_type_as_before() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("rich_membership_rows", True)
    kind = read(sandbox, NEAR_LIMIT)["type"]
    assert kind["freeze_limit"] == 2
    assert kind["freeze_limit_unit_id"] == 2
    assert kind["is_booking_when_frozen_allowed"] is False
    assert {"allow_freeze", "cost", "balance_container"} <= set(kind)


def test_the_demo_frozen_membership_is_within_its_types_limit() -> None:
    sandbox = Sandbox()
    frozen = read(sandbox, FROZEN)
    assert frozen["is_frozen"] is True
    assert 0 < frozen["freeze_period"] <= chain_type(sandbox, frozen["type"]["id"])["freeze_limit"]
