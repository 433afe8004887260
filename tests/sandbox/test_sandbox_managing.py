"""set_period and set_balance in the sandbox: Altegio's least answers, each refusal, rights."""

from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from loyalty.sandbox import Sandbox
from loyalty.sandbox.routes_managing import add_period
from tests.helpers import call

MANAGER, OWNER, FRONT_DESK = (
    "manager@sandbox.example",
    "owner@sandbox.example",
    "frontdesk@sandbox.example",
)
HARBOR, NEVSKY = 145071, 706028
NEW_YORK = ZoneInfo("America/New_York")
YOGA_20, SHARED, UNLIMITED, COMBO, EXPIRED, ISSUED = 659883, 659881, 659880, 659887, 659884, 659878
OLGA_POOL = 659906
YOGA, MASSAGE_60 = 3129592, 13160813


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


def post(
    sandbox: Sandbox,
    membership_id: int,
    action: str,
    body: Any,
    *,
    login: str = MANAGER,
    chain: int = HARBOR,
) -> httpx.Response:
    url = f"/chain/{chain}/loyalty/abonements/{membership_id}/{action}"
    return call(sandbox, "POST", url, user_token=sandbox.issue_token(login), json=body)


def read(sandbox: Sandbox, membership_id: int, chain: int = HARBOR) -> dict[str, Any]:
    """The membership as M3 by id lists it now."""
    url = f"/chain/{chain}/loyalty/abonements"
    params = {"abonements_ids[]": membership_id, "page": 1, "count": 1}
    answer = call(sandbox, "GET", url, user_token=sandbox.issue_token(MANAGER), params=params)
    (row,) = answer.json()["data"]
    return dict(row)


def message(response: httpx.Response) -> str:
    return str(response.json()["meta"]["message"])


# --- set_period --------------------------------------------------------------------------------


def test_set_period_answers_the_documented_fields_and_moves_the_expiry(sandbox: Sandbox) -> None:
    seeded = sandbox.data.memberships[YOGA_20]
    assert seeded.activated
    assert seeded.expires
    response = post(sandbox, YOGA_20, "set_period", {"period": 4, "period_unit_id": 3})
    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == {"id", "period", "period_unit_id", "expiration_date"}
    start = seeded.activated.astimezone(NEW_YORK).date()
    moved = add_period(start, 4, 3) - add_period(start, 3, 3)
    assert data["expiration_date"] == (seeded.expires + moved).isoformat()
    row = read(sandbox, YOGA_20)
    assert (row["period"], row["period_unit_id"]) == (4, 3)
    assert row["expiration_date"] == data["expiration_date"]


def test_an_issued_membership_keeps_no_expiry(sandbox: Sandbox) -> None:
    response = post(sandbox, ISSUED, "set_period", {"period": 10, "period_unit_id": 3})
    assert response.json()["data"]["expiration_date"] is None


@pytest.mark.parametrize(
    ("membership_id", "body", "status", "said"),
    [
        (YOGA_20, {"period": 4, "period_unit_id": 5}, 422, "Invalid period unit"),
        (YOGA_20, {"period": 4}, 422, "Invalid period unit"),
        (YOGA_20, {"period": 0, "period_unit_id": 3}, 422, "An error occurred"),
        (YOGA_20, {"period": "4", "period_unit_id": 3}, 422, "An error occurred"),
        (EXPIRED, {"period": 12, "period_unit_id": 3}, 400, "Cannot change period"),
        # One day from activation ends before the visits it has paid for since.
        (YOGA_20, {"period": 1, "period_unit_id": 1}, 400, "Cannot change period"),
    ],
)
def test_set_period_refusals(
    sandbox: Sandbox, membership_id: int, body: dict[str, Any], status: int, said: str
) -> None:
    before = read(sandbox, membership_id)
    response = post(sandbox, membership_id, "set_period", body)
    assert (response.status_code, message(response)) == (status, said)
    assert read(sandbox, membership_id) == before


def test_set_period_needs_the_period_right(sandbox: Sandbox) -> None:
    assert (
        post(
            sandbox, OLGA_POOL, "set_period", {"period": 4, "period_unit_id": 3}, chain=NEVSKY
        ).status_code
        == 403
    )
    owner = post(
        sandbox,
        OLGA_POOL,
        "set_period",
        {"period": 4, "period_unit_id": 3},
        login=OWNER,
        chain=NEVSKY,
    )
    assert owner.status_code == 200
    assert (
        post(
            sandbox, YOGA_20, "set_period", {"period": 4, "period_unit_id": 3}, login=FRONT_DESK
        ).status_code
        == 403
    )
    assert (
        post(sandbox, OLGA_POOL, "set_period", {"period": 4, "period_unit_id": 3}).status_code
        == 404
    )


# --- set_balance -------------------------------------------------------------------------------


def test_set_balance_answers_2xx_with_an_empty_body_and_changes_the_line(sandbox: Sandbox) -> None:
    body = {"services_balance_count": [{"service_id": YOGA, "balance": 15}]}
    response = post(sandbox, YOGA_20, "set_balance", body)
    assert response.status_code == 200
    assert response.content == b""
    (line,) = read(sandbox, YOGA_20)["balance_container"]["links"]
    assert line["count"] == 15


def test_set_balance_changes_only_the_lines_named(sandbox: Sandbox) -> None:
    body = {"services_balance_count": [{"service_id": MASSAGE_60, "balance": 2}]}
    assert post(sandbox, COMBO, "set_balance", body).status_code == 200
    counts = [line["count"] for line in read(sandbox, COMBO)["balance_container"]["links"]]
    assert counts == [6, 2]


def test_set_balance_sets_a_shared_pool(sandbox: Sandbox) -> None:
    assert post(sandbox, SHARED, "set_balance", {"united_balance_services_count": 4}).content == b""
    assert read(sandbox, SHARED)["united_balance_services_count"] == 4


@pytest.mark.parametrize(
    ("membership_id", "body", "said", "field"),
    [
        (
            YOGA_20,
            {"services_balance_count": [{"service_id": 1, "balance": 2}]},
            "Invalid service ID",
            None,
        ),
        (YOGA_20, {"services_balance_count": [{"balance": 2}]}, "Invalid service ID", None),
        (
            YOGA_20,
            {"services_balance_count": [{"service_id": YOGA, "balance": -1}]},
            "An error occurred",
            "[services_balance_count][0][balance]",
        ),
        (
            YOGA_20,
            {"services_balance_count": [{"service_id": YOGA, "balance": 1.5}]},
            "An error occurred",
            "[services_balance_count][0][balance]",
        ),
        (YOGA_20, {}, "An error occurred", "[services_balance_count]"),
        (
            SHARED,
            {"united_balance_services_count": -2},
            "An error occurred",
            "[united_balance_services_count]",
        ),
        (
            SHARED,
            {"services_balance_count": [{"service_id": YOGA, "balance": 2}]},
            "An error occurred",
            "[united_balance_services_count]",
        ),
        (
            UNLIMITED,
            {"united_balance_services_count": 5},
            "An error occurred",
            "[united_balance_services_count]",
        ),
    ],
)
def test_set_balance_refusals(
    sandbox: Sandbox, membership_id: int, body: dict[str, Any], said: str, field: str | None
) -> None:
    before = read(sandbox, membership_id)
    response = post(sandbox, membership_id, "set_balance", body)
    assert (response.status_code, message(response)) == (422, said)
    if field:
        assert field in response.json()["meta"]["errors"]
    assert read(sandbox, membership_id) == before


def test_set_balance_needs_the_balance_right(sandbox: Sandbox) -> None:
    body = {"united_balance_services_count": 3}
    assert post(sandbox, OLGA_POOL, "set_balance", body, chain=NEVSKY).status_code == 403
    assert (
        post(sandbox, OLGA_POOL, "set_balance", body, login=OWNER, chain=NEVSKY).status_code == 200
    )


def test_reset_forgets_every_correction(sandbox: Sandbox) -> None:
    post(sandbox, SHARED, "set_balance", {"united_balance_services_count": 4})
    post(sandbox, YOGA_20, "set_period", {"period": 4, "period_unit_id": 3})
    sandbox.reset()
    assert read(sandbox, SHARED)["united_balance_services_count"] == 1
    assert read(sandbox, YOGA_20)["period"] == 3
