"""The sandbox's group-event search (§4.6) and its demo class schedule."""

import asyncio
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport
from loyalty.sandbox.data import build_data, get_data
from loyalty.sandbox.seed_schedule import CLASSES, event_id

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


def search(location_id: int, start: date, end: date, **params: Any) -> httpx.Response:
    """The event search for a range of local days."""
    query = {"from": start.isoformat(), "till": end.isoformat(), **params}
    return get(f"/activity/{location_id}/search", params=query)


def today() -> date:
    return get_data().today


def test_search_lists_todays_classes_with_trainer_and_seats_in_local_time() -> None:
    response = search(720441, today(), today())
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    events = body["data"]
    assert body["meta"]["count"] == len(events) == len(CLASSES[720441])
    first = events[0]
    # As Altegio's doc page prints it: ISO 8601 with the offset and milliseconds, no timestamp.
    offset = datetime.fromisoformat(first["date"]).strftime("%z")
    assert first["date"] == f"{today():%Y-%m-%d}T07:00:00.000{offset[:3]}:{offset[3:]}"
    assert "timestamp" not in first
    assert first["labels"] == {}
    assert first["service"]["title"] == "Sunrise yoga"
    assert first["staff"] == {"id": 5001, "name": "Emma Collins", "specialization": "Yoga teacher"}
    assert 8 <= int(first["capacity"]) <= 20
    assert events[-1]["date"][11:19] == "21:00:00"
    starts = [datetime.fromisoformat(event["date"]) for event in events]
    assert starts == sorted(starts)


def test_the_sdk_event_shape_quirk_sends_a_local_date_and_a_timestamp() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("sdk_event_shape", True)
    query = {"from": today().isoformat(), "till": today().isoformat()}
    first = get("/activity/720441/search", params=query, sandbox=sandbox).json()["data"][0]
    assert first["date"] == f"{today():%Y-%m-%d} 07:00:00"
    assert isinstance(first["timestamp"], int)
    assert first["labels"] == []


def test_nevsky_classes_have_russian_titles() -> None:
    events = search(830001, today(), today()).json()["data"]
    assert "Утренняя йога" in {event["service"]["title"] for event in events}


def test_the_schedule_runs_from_a_week_ago_to_three_weeks_ahead_with_some_full_classes() -> None:
    body = search(720442, today() - timedelta(days=7), today() + timedelta(days=21), count=200)
    events = body.json()["data"]
    assert body.json()["meta"]["count"] == 29 * len(CLASSES[720442])
    assert any(int(event["records_count"]) == int(event["capacity"]) for event in events)
    assert (
        search(720442, today() + timedelta(days=22), today() + timedelta(days=22)).json()["meta"][
            "count"
        ]
        == 0
    )


def test_the_search_pages_with_count() -> None:
    span = (today(), today() + timedelta(days=3))
    first = search(720441, *span, count=5, page=1).json()
    second = search(720441, *span, count=5, page=2).json()
    assert len(first["data"]) == len(second["data"]) == 5
    assert {e["id"] for e in first["data"]}.isdisjoint({e["id"] for e in second["data"]})
    assert first["meta"]["count"] == 4 * len(CLASSES[720441]) + 4  # the four demo events too


def test_the_demo_events_are_part_of_the_schedule() -> None:
    tomorrow = today() + timedelta(days=1)
    ids = {event["id"] for event in search(720441, tomorrow, tomorrow).json()["data"]}
    assert {12345, 12346, 12347, 12348} <= ids


@pytest.mark.parametrize(
    ("params", "field"),
    [({"till": "2026-01-01"}, "[from]"), ({"from": "2026-01-01"}, "[till]"),
     ({"from": "yesterday", "till": "2026-01-01"}, "[from]"),
     ({"from": "2026-01-02", "till": "2026-01-01"}, "[till]")],
)  # fmt: skip
def test_missing_or_bad_dates_are_a_422_naming_the_field(
    params: dict[str, str], field: str
) -> None:
    response = get("/activity/720441/search/", params=params)
    assert response.status_code == 422
    assert field in response.json()["meta"]["errors"]


def test_a_location_without_rights_is_refused() -> None:
    response = get(
        f"/activity/720442/search/?from={today()}&till={today()}",
        login="frontdesk@sandbox.example",
    )
    assert response.status_code == 403


def test_one_event_by_id() -> None:
    ident = event_id(720441, today(), 1)
    body = get(f"/activity/720441/{ident}").json()
    assert body["data"]["id"] == ident
    assert body["data"]["service"]["title"] == "Sunrise yoga"
    assert get(f"/activity/720442/{ident}").status_code == 404


def test_event_ids_are_the_same_in_every_build() -> None:
    day = date(2026, 12, 2)
    first, second = build_data(day), build_data(day)
    assert first.events.keys() == second.events.keys()
    assert event_id(720441, day, 1) in first.events
    # Tomorrow's build still knows today's class under the same id.
    assert event_id(720441, day, 1) in build_data(day + timedelta(days=1)).events


def test_m8_lists_memberships_that_can_pay_for_a_generated_yoga_class() -> None:
    ident = event_id(720441, today(), 1)  # Sunrise yoga
    body = get(f"{JAMES}/search_for_activity?event_id={ident}").json()
    ids = {resource["id"] for resource in body["data"]}
    # Yoga balances, the shared pool and the unlimited one (mornings); not surfing, massage,
    # nor the frozen yoga membership.
    assert {"659882", "659883", "659887", "659881", "659880"} <= ids
    assert not {"659878", "659879", "659886", "659884", "659885"} & ids


def test_m9_answers_per_schedule_day_for_a_generated_class() -> None:
    ident = event_id(720441, today(), 1)
    params = {"event_id": ident, "schedule_day_ids": "1,2,3"}
    # 659882 expires in 5 days: only this week's class.
    body = get(f"{JAMES}/659882/check_for_activity", params=params).json()
    assert body["data"]["attributes"]["bookable_day_ids"] == [1]
    body = get(f"{JAMES}/659883/check_for_activity", params=params).json()
    assert body["data"]["attributes"]["can_book_all_days"] is True
