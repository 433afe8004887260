"""The event picker: a location's group events for today and the next days, by local day."""

import asyncio
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from django.core.cache import cache

from loyalty.altegio import (
    AltegioBudgetHeldBack,
    AltegioClient,
    AltegioForbidden,
    Priority,
    current_priority,
)
from loyalty.altegio.types import Location
from loyalty.sandbox.data import get_data
from loyalty.sandbox.seed_schedule import event_id
from loyalty.services import concurrency
from loyalty.services.freshness import fresh_mark
from loyalty.services.lookup import events
from loyalty.services.lookup.events import EventSchedule, list_upcoming_events
from tests.altegio.fake import OTHER_USER_TOKEN, USER_TOKEN, FakeAltegio
from tests.helpers import HARBOR_STUDIO, htmx_headers, visible_text

NEW_YORK = ZoneInfo("America/New_York")
STUDIO = Location(id=720441, title="Harbor Studio", timezone="America/New_York")
JAMES_ID = 146915197
# Wednesday Dec 2, 2026, 10:00 in New York (15:00 UTC).
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=NEW_YORK)


@pytest.fixture
def altegio() -> FakeAltegio:
    """A fresh fake Altegio."""
    return FakeAltegio()


def event(ident: int, local: str, title: str, *, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    """One event as Altegio's doc page prints it: its New York start in ISO 8601 with the offset
    and milliseconds, no timestamp (docs/altegio.md §4.6)."""
    start = datetime.fromisoformat(local).replace(tzinfo=NEW_YORK)
    return {
        "id": ident,
        "company_id": 720441,
        "date": start.isoformat(timespec="milliseconds"),
        "length": minutes * 60,
        "capacity": 12,
        "records_count": 5,
        "service": {"id": 1, "title": title, "category_id": 2},
        "staff": {"id": 3, "name": "Emma Collins", "specialization": "Yoga teacher"},
        **extra,
    }


def picker(altegio: FakeAltegio, *events: dict[str, Any], now: datetime = NOW) -> EventSchedule:
    """The schedule the picker shows at `now` when Altegio answers with `events`."""
    altegio.answer({"success": True, "data": list(events), "meta": {"count": len(events)}})
    altegio.answer({"success": True, "data": [], "meta": {"count": 0}})  # the end
    return altegio.run(
        lambda client: list_upcoming_events(
            api=client.as_user(USER_TOKEN), location=STUDIO, now=now
        )
    )


def titles(schedule: EventSchedule) -> list[tuple[str, list[str]]]:
    return [
        (f"{day.day:%a %b %-d}", [item.event.title for item in day.events]) for day in schedule.days
    ]


def test_events_are_grouped_by_the_locations_day_in_start_order(altegio: FakeAltegio) -> None:
    schedule = picker(
        altegio,
        event(3, "2026-12-03 07:00:00", "Sunrise yoga"),
        # 21:00 in New York is 02:00 UTC the next day: it still belongs to Wednesday.
        event(2, "2026-12-02 21:00:00", "Late reformer pilates"),
        event(1, "2026-12-02 12:15:00", "Mat pilates"),
    )
    assert titles(schedule) == [
        ("Wed Dec 2", ["Mat pilates", "Late reformer pilates"]),
        ("Thu Dec 3", ["Sunrise yoga"]),
    ]
    assert schedule.has_today
    assert schedule.days[0].is_today
    assert schedule.time_zone == "America/New_York"


def test_ended_classes_are_left_out_but_one_under_way_is_offered(altegio: FakeAltegio) -> None:
    schedule = picker(
        altegio,
        event(1, "2026-12-02 07:00:00", "Sunrise yoga"),  # ended at 08:00
        event(2, "2026-12-02 09:30:00", "Surf basics", minutes=90),  # until 11:00
    )
    assert titles(schedule) == [("Wed Dec 2", ["Surf basics"])]


def test_a_day_with_nothing_left_says_so(altegio: FakeAltegio) -> None:
    late = NOW.replace(hour=23)
    schedule = picker(altegio, event(1, "2026-12-03 07:00:00", "Sunrise yoga"), now=late)
    assert not schedule.has_today
    assert titles(schedule) == [("Thu Dec 3", ["Sunrise yoga"])]


def test_full_classes_are_marked_and_seats_are_counted(altegio: FakeAltegio) -> None:
    schedule = picker(
        altegio,
        event(1, "2026-12-02 12:00:00", "Lunch yoga", capacity=8, records_count="8"),
        event(2, "2026-12-02 18:00:00", "Gym circuit", capacity=0, records_count=4),
    )
    full, uncounted = schedule.days[0].events
    assert full.event.is_full
    assert full.seats_words == "8 of 8 taken"
    assert not uncounted.event.is_full
    assert uncounted.seats_words == "4 taken"


def test_the_list_asks_for_a_week_of_local_days_and_is_cached(altegio: FakeAltegio) -> None:
    picker(altegio, event(1, "2026-12-02 12:00:00", "Lunch yoga"))
    params = dict(altegio.last.url.params)
    assert (params["from"], params["till"]) == ("2026-12-02", "2026-12-08")
    # Pages until an empty page: `meta.count` may be a page's length (docs/altegio.md §4.6).
    assert [dict(r.url.params)["page"] for r in altegio.requests] == ["1", "2"]
    picker(altegio, event(1, "2026-12-02 12:00:00", "Lunch yoga"))
    assert len(altegio.requests) == 2  # the second desk's picker came from the cache


def test_a_short_page_is_not_the_end_of_the_events(altegio: FakeAltegio) -> None:
    # A server that keeps its pages shorter than asked: the second page still comes.
    altegio.answer({"success": True, "data": [event(1, "2026-12-02 12:00:00", "Lunch yoga")],
                    "meta": {"count": 1}})  # fmt: skip
    schedule = picker(altegio, event(2, "2026-12-02 18:00:00", "Gym circuit"))
    assert titles(schedule) == [("Wed Dec 2", ["Lunch yoga", "Gym circuit"])]
    assert len(altegio.requests) == 3


def test_the_cache_lasts_as_long_as_the_setting_says(altegio: FakeAltegio, settings) -> None:
    settings.EVENT_LIST_CACHE_SECONDS = 0  # Django: 0 means "do not cache"
    picker(altegio, event(1, "2026-12-02 12:00:00", "Lunch yoga"))
    first = len(altegio.requests)
    picker(altegio, event(1, "2026-12-02 12:00:00", "Lunch yoga"))
    assert len(altegio.requests) > first  # nothing kept: Altegio was asked again


def desks_at_once(
    altegio: FakeAltegio, monkeypatch: pytest.MonkeyPatch, *tokens: str
) -> list[EventSchedule | BaseException]:
    """Several desks open the picker together while Altegio holds its answers (an empty cache):
    Altegio answers once every desk is waiting for the read (its own or a shared one)."""
    arrived: list[str] = []
    everyone = asyncio.Event()
    shared = concurrency.read_once

    async def counted(key: str, read: Any) -> Any:
        arrived.append(key)  # and, in the same step, joins the read or starts it
        if len(arrived) == len(tokens):
            everyone.set()
        return await shared(key, read)

    monkeypatch.setattr(events, "read_once", counted)

    async def work(client: AltegioClient) -> list[EventSchedule | BaseException]:
        altegio.gate = asyncio.Event()
        desks = [
            asyncio.create_task(
                list_upcoming_events(api=client.as_user(token), location=STUDIO, now=NOW)
            )
            for token in tokens
        ]
        async with asyncio.timeout(10):
            await everyone.wait()
        altegio.gate.set()
        return await asyncio.gather(*desks, return_exceptions=True)

    return altegio.run(work)


def test_desks_whose_cache_missed_together_share_one_read(
    altegio: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The list expired and three desks opened a client card in the same moment.
    altegio.answer({"success": True, "data": [event(1, "2026-12-02 12:00:00", "Lunch yoga")],
                    "meta": {"count": 1}})  # fmt: skip
    altegio.answer({"success": True, "data": [], "meta": {"count": 0}})
    answers = desks_at_once(altegio, monkeypatch, USER_TOKEN, OTHER_USER_TOKEN, USER_TOKEN)
    schedules = [answer for answer in answers if isinstance(answer, EventSchedule)]
    assert [titles(s) for s in schedules] == [[("Wed Dec 2", ["Lunch yoga"])]] * 3
    assert [dict(r.url.params)["page"] for r in altegio.requests] == ["1", "2"]  # one read


def test_a_desk_that_joined_a_refused_read_reads_for_itself(
    altegio: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first desk's account has no rights to the schedule: the second is not refused for it.
    def answer(request: httpx.Request) -> httpx.Response:
        if USER_TOKEN in request.headers["Authorization"]:
            return httpx.Response(403, json={"success": False, "meta": {"message": "No rights"}})
        page = dict(request.url.params)["page"]
        found = [event(1, "2026-12-02 12:00:00", "Lunch yoga")] if page == "1" else []
        return httpx.Response(200, json={"success": True, "data": found, "meta": {}})

    altegio.answers.append(answer)
    refused, schedule = desks_at_once(altegio, monkeypatch, USER_TOKEN, OTHER_USER_TOKEN)
    assert isinstance(refused, AltegioForbidden)
    assert isinstance(schedule, EventSchedule)
    assert titles(schedule) == [("Wed Dec 2", ["Lunch yoga"])]


def test_desks_that_joined_a_read_the_budget_held_back_do_not_ask_again_at_once(
    altegio: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Held back for the desks' lookups: a failure for everyone, not a reason for three reads.
    altegio.answers.append(lambda request: (_ for _ in ()).throw(AltegioBudgetHeldBack(waited=50)))
    answers = desks_at_once(altegio, monkeypatch, USER_TOKEN, OTHER_USER_TOKEN, USER_TOKEN)
    assert [type(answer) for answer in answers] == [AltegioBudgetHeldBack] * 3
    assert len(altegio.requests) == 1


# --- In the dashboard, on the sandbox ----------------------------------------------------------


def open_picker(client) -> Any:
    """What the lookup page's event box loads when it is opened."""
    url = f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/event-check/"
    headers = htmx_headers(f"event-picker-{JAMES_ID}", f"/locations/{HARBOR_STUDIO}/clients/")
    return client.get(url, headers=headers)


def test_opening_the_event_box_lists_the_days_classes_with_trainers(front_desk) -> None:
    response = open_picker(front_desk)
    body = response.content.decode().strip()
    assert body.startswith(f'<section id="event-picker-{JAMES_ID}"')
    text = visible_text(response)
    assert "New York time" in text
    assert "America/New_York" not in text
    tomorrow = datetime.now(NEW_YORK).date() + timedelta(days=1)
    assert f"{tomorrow:%A, %b} {tomorrow.day}" in text
    assert "Sunrise yoga Emma Collins" in text
    assert re.search(r"\d+ of \d+ taken", text)


def test_each_class_is_a_link_that_runs_the_check_with_or_without_javascript(front_desk) -> None:
    tomorrow = datetime.now(NEW_YORK).date() + timedelta(days=1)
    ident = event_id(720441, tomorrow, 1)
    body = open_picker(front_desk).content.decode()
    link = re.search(rf'<a class="event-pick[^"]*" href="([^"]+event_id={ident})"[^>]*>', body)
    assert link is not None
    assert f'hx-target="#event-check-{JAMES_ID}"' in link.group(0)
    # Without JavaScript the link opens the whole page, the event named beside the answer.
    page = front_desk.get(link.group(1).replace("&amp;", "&"))
    assert page.status_code == 200, page.content[:300]
    text = visible_text(page)
    assert "Sunrise yoga" in text
    assert "✓ Can pay with" in text
    assert 'aria-current="true"' in page.content.decode()


def test_a_full_class_says_full(front_desk) -> None:
    data = get_data()
    full = next(
        e
        for e in data.events.values()
        if e.location_id == 720441
        and e.records_count == e.capacity
        and e.start.astimezone(NEW_YORK).date() > datetime.now(NEW_YORK).date()
        and e.start.astimezone(NEW_YORK).date() <= datetime.now(NEW_YORK).date() + timedelta(days=6)
    )
    body = open_picker(front_desk).content.decode()
    item = re.search(rf'href="[^"]+event_id={full.id}".*?</a>', body, flags=re.S)
    assert item is not None
    assert "Full" in item.group(0)


@pytest.mark.parametrize("status", [503, 403])
def test_a_search_altegio_refuses_leaves_the_id_field_usable(front_desk, sandbox, status) -> None:
    sandbox.inject("activities", status=status)
    response = open_picker(front_desk)
    text = visible_text(response)
    assert "The group events could not be read." in text
    assert ("Try again" in text) == (status == 503)
    page = front_desk.get(f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/event-check/")
    assert "Other event id" in visible_text(page)


def test_the_lookup_lists_todays_classes_from_the_schedule_read_once(front_desk, sandbox) -> None:
    sandbox.calls.clear()
    lookup = f"/locations/{HARBOR_STUDIO}/clients/"
    body = front_desk.post(lookup, {"phone": "+1 315 555 0178"}).content.decode()
    assert f'hx-target="#event-check-{JAMES_ID}"' in body
    assert "Later days" in body
    first = [call.endpoint for call in sandbox.calls].count("activities")
    assert first >= 1
    sandbox.calls.clear()
    front_desk.post(lookup, {"phone": "+1 315 555 0178"})
    assert "activities" not in [call.endpoint for call in sandbox.calls]


def past_freshness() -> None:
    """What EVENT_LIST_CACHE_SECONDS do to the kept list: its freshness mark expires."""
    start = NOW.date()
    end = start + timedelta(days=events.PICKER_DAYS - 1)
    cache.delete(fresh_mark(events.events_cache_key(location_id=STUDIO.id, start=start, end=end)))


def one_page(*found: dict[str, Any]) -> list[httpx.Response]:
    """Altegio's pages for these events: one page of them, then the empty one that ends it."""
    return [
        httpx.Response(200, json={"success": True, "data": list(found), "meta": {}}),
        httpx.Response(200, json={"success": True, "data": [], "meta": {}}),
    ]


def test_a_list_past_its_freshness_is_shown_at_once_and_read_again_in_the_background(
    altegio: FakeAltegio,
) -> None:
    altegio.answers = [*one_page(event(1, "2026-12-02 12:00:00", "Lunch yoga"))]

    async def work(client: AltegioClient) -> list[list[tuple[str, list[str]]]]:
        def schedule() -> Any:
            return list_upcoming_events(api=client.as_user(USER_TOKEN), location=STUDIO, now=NOW)

        shown = [titles(await schedule())]
        past_freshness()
        altegio.answers = [*one_page(event(2, "2026-12-02 13:00:00", "Added: noon pilates"))]
        altegio.gate = asyncio.Event()  # Altegio holds its answer; the card does not wait
        shown.append(titles(await asyncio.wait_for(schedule(), 1.0)))
        altegio.gate.set()
        await concurrency.finish_reads()
        shown.append(titles(await schedule()))
        return shown

    assert altegio.run(work) == [
        [("Wed Dec 2", ["Lunch yoga"])],
        [("Wed Dec 2", ["Lunch yoga"])],
        [("Wed Dec 2", ["Added: noon pilates"])],
    ]
    assert len(altegio.requests) == 4  # two pages, twice: the last list came from the cache


def test_a_list_past_its_freshness_is_read_again_once_at_a_follow_ups_priority(
    altegio: FakeAltegio,
) -> None:
    priorities: list[Priority] = []

    def answer(request: httpx.Request) -> httpx.Response:
        priorities.append(current_priority())
        found = [event(1, "2026-12-02 12:00:00", "Lunch yoga")]
        data = found if dict(request.url.params)["page"] == "1" else []
        return httpx.Response(200, json={"success": True, "data": data, "meta": {}})

    altegio.answers = [answer]

    async def work(client: AltegioClient) -> None:
        api = client.as_user(USER_TOKEN)
        await list_upcoming_events(api=api, location=STUDIO, now=NOW)
        past_freshness()
        await asyncio.gather(
            *(list_upcoming_events(api=api, location=STUDIO, now=NOW) for _ in range(3))
        )
        await concurrency.finish_reads()

    altegio.run(work)
    assert priorities == [Priority.INTERACTIVE] * 2 + [Priority.FOLLOW_UP] * 2
