"""Locations, chains, rights, URL spellings and client search in the sandbox."""

import asyncio
from typing import Any

import httpx

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
FRONT_DESK, MANAGER = "frontdesk@sandbox.example", "manager@sandbox.example"


def call(
    sandbox: Sandbox, method: str, url: str, login: str | None, **kwargs: Any
) -> httpx.Response:
    """One request through the in-process transport as the given demo user."""
    header = f"Bearer {PARTNER_TOKEN}"
    if login:
        header += f", User {sandbox.issue_token(login)}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.request(method, url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


def search(sandbox: Sandbox, location_id: int, body: dict[str, Any]) -> httpx.Response:
    """POST /company/{id}/clients/search as the manager."""
    return call(sandbox, "POST", f"/company/{location_id}/clients/search", MANAGER, json=body)


def quick(value: str) -> list[dict[str, Any]]:
    """A quick_search filter list."""
    return [{"type": "quick_search", "state": {"value": value}}]


def test_front_desk_sees_only_harbor_studio() -> None:
    response = call(Sandbox(), "GET", "/companies?my=1&count=50&page=1", FRONT_DESK)
    assert response.status_code == 200
    body = response.json()
    assert [location["id"] for location in body["data"]] == [720441]
    assert body["data"][0]["title"] == "Harbor Studio"
    assert body["data"][0]["phone"] == "+13155550100"
    assert body["meta"] == []


def test_manager_sees_five_locations_with_ids_as_numbers() -> None:
    data = call(Sandbox(), "GET", "/companies?my=1", MANAGER).json()["data"]
    assert [location["id"] for location in data] == [720441, 720442, 720443, 830001, 830002]


def test_one_id_arrives_as_a_string_under_the_odd_scalars_quirk() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("odd_scalars", True)
    ids = [
        location["id"]
        for location in call(sandbox, "GET", "/companies?my=1", MANAGER).json()["data"]
    ]
    assert "720443" in ids


def test_location_fields_follow_the_reference() -> None:
    data = call(Sandbox(), "GET", "/companies?my=1", MANAGER).json()["data"]
    nevsky = next(location for location in data if location["id"] == 830001)
    for field in ("short_descr", "active", "country_id", "city_id", "city", "address"):
        assert field in nevsky
    assert nevsky["title"] == "Nevsky Central"
    assert nevsky["phone"] == "+74951234567"
    assert nevsky["currency_short_title"] == "₽"
    assert nevsky["timezone"] == "Europe/Moscow"  # a zone name, as §5.17 has it
    assert "timezone_name" not in nevsky
    assert nevsky["country"] == "Russia"


def test_locations_page_with_count() -> None:
    sandbox = Sandbox()
    first = call(sandbox, "GET", "/companies?my=1&count=2&page=1", MANAGER).json()["data"]
    third = call(sandbox, "GET", "/companies?my=1&count=2&page=3", MANAGER).json()["data"]
    assert len(first) == 2
    assert len(third) == 1


def test_groups_send_each_access_key_in_the_kind_its_source_shows() -> None:
    body = call(Sandbox(), "GET", "/groups", MANAGER).json()
    chains = {chain["id"]: chain for chain in body["data"]}
    assert chains[145071]["title"] == "Harbor Wellness"
    # The docs' keys as §5.18 spells them, the membership rights as Altegio's own code's tests.
    assert chains[145071]["access"]["loyalty_access"] == "1"
    assert chains[706028]["access"]["loyalty_access"] == "1"
    assert chains[706028]["access"]["loyalty_abonement_period_edit_access"] == 0
    assert chains[145071]["access"]["loyalty_abonement_period_edit_access"] == 1
    assert {c["id"] for c in chains[706028]["companies"]} == {830001, 830002}
    assert body["meta"] == []


def test_front_desk_chain_has_no_loyalty_access() -> None:
    data = call(Sandbox(), "GET", "/groups", FRONT_DESK).json()["data"]
    assert [chain["id"] for chain in data] == [145071]
    assert data[0]["access"]["loyalty_access"] == "0"
    assert data[0]["companies"] == [{"id": 720441, "title": "Harbor Studio"}]


def test_legacy_and_canonical_spellings_give_the_same_answer() -> None:
    sandbox = Sandbox()
    pairs = [
        ("/companies?my=1", "/locations?my=1"),
        ("/groups", "/chains"),
        ("/chain/145071/loyalty/abonement_types", "/chains/145071/loyalty/abonement_types"),
        (
            "/company/720441/loyalty/abonement_types/search",
            "/locations/720441/loyalty/abonement_types/search",
        ),
    ]
    for legacy, canonical in pairs:
        old = call(sandbox, "GET", legacy, MANAGER)
        new = call(sandbox, "GET", canonical, MANAGER)
        assert old.status_code == new.status_code == 200
        assert old.json() == new.json()


def test_paths_without_the_api_prefix_also_work() -> None:
    sandbox = Sandbox()
    response = call(sandbox, "GET", "https://sandbox.invalid/groups", MANAGER)
    assert response.status_code == 200
    assert response.json()["success"] is True


def test_unknown_route_is_a_404_envelope_in_json() -> None:
    response = call(Sandbox(), "GET", "/loyalty/nothing-here", MANAGER)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"success": False, "data": None, "meta": {"message": "Not found"}}


def test_client_search_finds_james_by_phone_digits() -> None:
    body = {"page": 1, "page_size": 10, "fields": ["id", "name", "phone"]}
    response = search(Sandbox(), 720441, {**body, "filters": quick("13155550178")})
    assert response.json() == {
        "success": True,
        "data": [{"id": 146915197, "name": "James Smith", "phone": "+13155550178"}],
        "meta": {"total_count": 1},
    }


def test_client_search_by_name_and_default_fields() -> None:
    response = search(Sandbox(), 720441, {"filters": quick("lopez")})
    data = response.json()["data"]
    assert {row["id"] for row in data} == {146915198, 146915199}
    assert all(set(row) == {"id"} for row in data)


def test_two_clients_share_one_phone_at_harbor_studio() -> None:
    body = {"fields": ["name", "phone"], "filters": quick("+1 315 555 0199")}
    data = search(Sandbox(), 720441, body).json()["data"]
    assert sorted(row["name"] for row in data) == ["Diego Lopez", "Maria Lopez"]


def test_client_search_pages_with_a_total_and_caps_page_size_at_200() -> None:
    sandbox = Sandbox()
    first = search(sandbox, 720441, {"page": 1, "page_size": 25}).json()
    huge = search(sandbox, 720441, {"page": 1, "page_size": 1000}).json()
    assert len(first["data"]) == 25
    assert first["meta"]["total_count"] > 500
    assert len(huge["data"]) == 200


def test_front_desk_gets_403_at_harbor_north() -> None:
    sandbox = Sandbox()
    searched = call(sandbox, "POST", "/company/720442/clients/search", FRONT_DESK, json={})
    listed = call(sandbox, "GET", "/loyalty/abonements?company_id=720442&phone=1", FRONT_DESK)
    assert searched.status_code == 403
    assert searched.json() == {
        "success": False,
        "data": None,
        "meta": {"message": "Access denied."},
    }
    assert listed.status_code == 403


def test_unknown_location_is_not_found() -> None:
    response = call(Sandbox(), "POST", "/company/999999/clients/search", MANAGER, json={})
    assert response.status_code == 404


def test_client_card_writes_the_phone_as_digits() -> None:
    response = call(Sandbox(), "GET", "/client/720441/146915197", MANAGER)
    assert response.json()["data"]["phone"] == "13155550178"
    assert response.json()["data"]["surname"] == "Smith"


def test_groups_send_string_flags_for_one_chain_and_int_flags_for_the_other_when_odd() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("odd_scalars", True)
    chains = {
        chain["id"]: chain for chain in call(sandbox, "GET", "/groups", MANAGER).json()["data"]
    }
    assert chains[145071]["access"]["loyalty_access"] == "1"
    assert chains[706028]["access"]["loyalty_access"] == 1
