"""Chain client search (`GET /group/{id}/clients?phone=`) and the chain demo data (§4.4, §5.16)."""

import asyncio
from typing import Any

import httpx
import pytest

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
FRONT_DESK, MANAGER, OWNER = (
    "frontdesk@sandbox.example",
    "manager@sandbox.example",
    "owner@sandbox.example",
)
HARBOR, HARBOR_STUDIO, HARBOR_NORTH, HARBOR_MARINA = 145071, 720441, 720442, 720444


def get(sandbox: Sandbox, url: str, login: str = MANAGER) -> httpx.Response:
    """One GET through the in-process transport as the given demo user."""
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(login)}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.get(url, headers={"Authorization": header})

    return asyncio.run(send())


def cards(body: dict[str, Any]) -> list[tuple[int, str]]:
    """(location id, name) of each client card in a chain search answer."""
    return [(card["company_id"], card["name"]) for card in body["data"]["clients"]]


def test_james_has_client_cards_at_three_harbor_locations_including_marina() -> None:
    response = get(Sandbox(), f"/group/{HARBOR}/clients?phone=13155550178")
    body = response.json()
    assert response.status_code == 200
    assert body["success"] is True
    assert body["meta"] == []
    assert body["data"]["salon_group_id"] == HARBOR
    assert body["data"]["phone"] == "13155550178"
    assert sorted(cards(body)) == [
        (HARBOR_STUDIO, "James Smith"),
        (HARBOR_NORTH, "James Smith"),
        (HARBOR_MARINA, "James Smith"),
    ]
    assert set(body["data"]["clients"][0]) == {"id", "company_id", "name", "email"}


@pytest.mark.parametrize("prefix", ["group", "groups", "chain", "chains"])
def test_every_chain_spelling_reaches_the_chain_client_search(prefix: str) -> None:
    sandbox = Sandbox()
    response = get(sandbox, f"/{prefix}/{HARBOR}/clients?phone=13155550190")
    assert cards(response.json()) == [(HARBOR_NORTH, "Lena Park")]
    assert sandbox.calls[-1].endpoint == "chain_clients"


def test_a_card_stored_in_national_form_matches_only_the_national_digits() -> None:
    sandbox = Sandbox()
    e164 = get(sandbox, "/group/706028/clients?phone=79167654321", login=OWNER)
    national = get(sandbox, "/group/706028/clients?phone=89167654321", login=OWNER).json()
    assert e164.status_code == 404
    assert cards(national) == [(830001, "Иван Петров")]


def test_a_phone_with_no_card_in_the_chain_is_the_documented_404() -> None:
    # A-doc get_chain_client_by_phone_number (docs/altegio.md §4.4): a bare message, no envelope.
    response = get(Sandbox(), f"/group/{HARBOR}/clients?phone=79161234567")
    assert response.status_code == 404
    assert response.json() == {"message": "Client not found"}


def test_a_phone_with_no_card_can_answer_an_empty_list_under_its_quirk() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("chain_client_not_found_empty", True)
    body = get(sandbox, f"/group/{HARBOR}/clients?phone=79161234567").json()
    assert body["success"] is True
    assert cards(body) == []


def test_a_chain_not_in_the_users_list_is_forbidden() -> None:
    response = get(Sandbox(), f"/group/{HARBOR}/clients?phone=13155550178", login=OWNER)
    assert response.status_code == 403
    assert response.json()["meta"]["message"] == "Access denied."


def test_a_missing_phone_is_a_400_with_field_errors() -> None:
    response = get(Sandbox(), f"/group/{HARBOR}/clients")
    assert response.status_code == 400
    assert response.json()["meta"]["errors"]["phone"]


def test_the_chain_client_search_needs_a_user_token() -> None:
    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=SandboxTransport(Sandbox()), base_url=BASE_URL) as c:
            url = f"/group/{HARBOR}/clients?phone=13155550178"
            return await c.get(url, headers={"Authorization": f"Bearer {PARTNER_TOKEN}"})

    assert asyncio.run(send()).status_code == 401


def test_harbor_marina_is_in_no_demo_users_locations_or_chain_list() -> None:
    sandbox = Sandbox()
    for login in (FRONT_DESK, MANAGER, OWNER):
        mine = get(sandbox, "/companies?my=1", login=login).json()["data"]
        chains = get(sandbox, "/groups", login=login).json()["data"]
        assert HARBOR_MARINA not in {int(location["id"]) for location in mine}
        listed = {company["id"] for chain in chains for company in chain["companies"]}
        assert HARBOR_MARINA not in listed
    everywhere = get(sandbox, f"/companies?group_id={HARBOR}").json()["data"]
    assert {"id": HARBOR_MARINA, "title": "Harbor Marina"}.items() <= everywhere[-1].items()


def test_m1_at_a_location_without_a_card_for_the_phone_is_empty() -> None:
    sandbox = Sandbox()
    lena = "phone=13155550190"
    at_studio = get(sandbox, f"/loyalty/abonements?company_id={HARBOR_STUDIO}&{lena}").json()
    at_north = get(sandbox, f"/loyalty/abonements?company_id={HARBOR_NORTH}&{lena}").json()
    cards_at_studio = get(sandbox, f"/loyalty/certificates?company_id={HARBOR_STUDIO}&{lena}")
    cards_at_north = get(sandbox, f"/loyalty/certificates?company_id={HARBOR_NORTH}&{lena}")
    assert at_studio["data"] == []
    assert [item["id"] for item in at_north["data"]] == [659910]
    assert cards_at_studio.json()["data"] == []
    assert [card["id"] for card in cards_at_north.json()["data"]] == [409741]


def test_james_memberships_come_back_from_each_location_where_he_has_a_card() -> None:
    sandbox = Sandbox()
    james = "phone=13155550178"
    ids = {
        location: {
            item["id"]
            for item in get(sandbox, f"/loyalty/abonements?company_id={location}&{james}").json()[
                "data"
            ]
        }
        for location in (HARBOR_STUDIO, HARBOR_NORTH)
    }
    assert ids[HARBOR_STUDIO] == ids[HARBOR_NORTH]
    assert {659878, 659909} <= ids[HARBOR_STUDIO]  # his Harbor Studio and Harbor North sales


def test_a_fault_for_one_location_leaves_the_others_answering() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", status=503, location_id=HARBOR_NORTH)
    james = "phone=13155550178"
    north = get(sandbox, f"/loyalty/abonements?company_id={HARBOR_NORTH}&{james}")
    studio = get(sandbox, f"/loyalty/abonements?location_id={HARBOR_STUDIO}&{james}")
    assert north.status_code == 503
    assert studio.status_code == 200
    assert sandbox.faults[0].location_id == HARBOR_NORTH


def test_a_location_fault_can_be_injected_over_http() -> None:
    sandbox = Sandbox()

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=SandboxTransport(sandbox), base_url=BASE_URL) as c:
            body = {"endpoint": "chain_clients", "status": 402, "location_id": HARBOR_NORTH}
            return await c.post("/__sandbox/faults", json=body)

    created = asyncio.run(send())
    assert created.status_code == 201
    assert created.json()["fault"]["location_id"] == HARBOR_NORTH
