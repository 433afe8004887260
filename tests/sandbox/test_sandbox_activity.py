"""Group-event checks M8 and M9 of the sandbox."""

import asyncio
from typing import Any

import httpx

from loyalty.sandbox import DEMO_EVENTS, PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
JAMES = "/company/720441/client/146915197/loyalty/abonements"


def get(
    url: str, login: str = "manager@sandbox.example", sandbox: Sandbox | None = None, **kwargs: Any
) -> httpx.Response:
    """One GET through the in-process transport as the given demo user."""
    sandbox = sandbox or Sandbox()
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(login)}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.get(url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


def check(membership_id: int, days: str = "1,2,3,4,5", event_id: int = 12345) -> dict[str, Any]:
    """The M9 attributes for one of James's memberships."""
    params = {"event_id": event_id, "schedule_day_ids": days}
    response = get(f"{JAMES}/{membership_id}/check_for_activity", params=params)
    assert response.status_code == 200
    attributes: dict[str, Any] = response.json()["data"]["attributes"]
    return attributes


def test_demo_events_are_documented() -> None:
    assert set(DEMO_EVENTS) == {12345, 12346, 12347, 12348}
    assert "Morning yoga flow" in DEMO_EVENTS[12345]


def test_search_for_activity_lists_only_memberships_that_can_pay_for_yoga() -> None:
    body = get(f"{JAMES}/search_for_activity?event_id=12345").json()
    ids = {resource["id"] for resource in body["data"]}
    assert ids == {"659880", "659881", "659882", "659883", "659887"}
    assert "success" not in body
    first = body["data"][0]
    assert first["type"] == "loyalty_abonement"
    assert first["relationships"]["loyalty_abonement_type"]["data"]["type"] == (
        "loyalty_abonement_type"
    )
    included = {item["id"]: item for item in body["included"]}
    assert included["97803"]["attributes"]["title"] == "Yoga 20 visits"


def test_issued_surfing_membership_can_pay_for_the_surf_event() -> None:
    body = get(f"{JAMES}/search_for_activity?event_id=12347").json()
    assert "659878" in {resource["id"] for resource in body["data"]}


def test_a_roomy_membership_books_every_schedule_day() -> None:
    attributes = check(659883)
    assert attributes["can_book_all_days"] is True
    assert attributes["bookable_day_ids"] == [1, 2, 3, 4, 5]
    assert attributes["available_visits"] == 14
    assert attributes["last_booking_date"]


def test_a_membership_expiring_soon_books_only_the_first_days() -> None:
    attributes = check(659882)
    assert attributes["can_book_all_days"] is False
    assert attributes["bookable_day_ids"] == [1, 2, 3]


def test_a_shared_pool_with_one_visit_left_books_one_day() -> None:
    assert check(659881)["bookable_day_ids"] == [1]


def test_a_frozen_membership_books_nothing() -> None:
    attributes = check(659879)
    assert attributes["bookable_day_ids"] == []
    assert attributes["can_book_all_days"] is False


def test_a_subset_of_days_can_all_be_booked() -> None:
    attributes = check(659882, days="1,2")
    assert attributes["can_book_all_days"] is True


def test_unknown_event_is_the_vendors_event_not_found() -> None:
    response = get(f"{JAMES}/search_for_activity?event_id=999")
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "data": None,
        "meta": {"message": "Event not found"},
    }


def test_unknown_schedule_day_is_a_validation_error() -> None:
    params = {"event_id": 12345, "schedule_day_ids": "1,9"}
    response = get(f"{JAMES}/659883/check_for_activity", params=params)
    assert response.status_code == 422
    assert "[schedule_day_ids]" in response.json()["meta"]["errors"]


def test_someone_elses_membership_is_not_found() -> None:
    params = {"event_id": 12345, "schedule_day_ids": "1"}
    response = get(f"{JAMES}/659900/check_for_activity", params=params)
    assert response.status_code == 404


def test_front_desk_may_check_events_at_harbor_studio_only() -> None:
    studio = get(f"{JAMES}/search_for_activity?event_id=12345", "frontdesk@sandbox.example")
    north = get(
        "/company/720442/client/146915197/loyalty/abonements/search_for_activity?event_id=12345",
        "frontdesk@sandbox.example",
    )
    assert studio.status_code == 200
    assert north.status_code == 403


def test_search_for_activity_carries_what_the_doc_example_shows_by_default() -> None:
    body = get(f"{JAMES}/search_for_activity?event_id=12345").json()
    assert {frozenset(item["attributes"]) for item in body["data"]} == {
        frozenset({"number", "balance"})
    }
    assert {frozenset(item["attributes"]) for item in body["included"]} == {frozenset({"title"})}


def test_rich_event_memberships_add_expiry_unlimited_and_availability() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("rich_event_memberships", True)
    body = get(f"{JAMES}/search_for_activity?event_id=12345", sandbox=sandbox).json()
    unlimited = next(item for item in body["data"] if item["id"] == "659880")
    assert unlimited["attributes"]["is_unlimited"] is True
    assert "expiration_date" in unlimited["attributes"]
    assert any("availability" in item["attributes"] for item in body["included"])
