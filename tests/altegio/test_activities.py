"""Group events: the event search and one event (docs/altegio.md §4.6)."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from loyalty.altegio.activities import get_group_event, search_group_events

from .fake import FakeAltegio, query

NEW_YORK = ZoneInfo("America/New_York")
# The YCLIENTS SDK's shape (after mkosinov/yclientsapi schema/activity.py): a local `date` plus
# a Unix `timestamp`, counts as strings now and then, `staff` as [] when nobody leads the class.
SEARCH = {
    "success": True,
    "data": [
        {
            "id": 60001234,
            "company_id": "720441",
            "service_id": 13160808,
            "staff_id": 5001,
            "date": "2026-12-02 07:00:00",
            "timestamp": 1796212800,
            "length": "3600",
            "capacity": 16,
            "records_count": "16",
            "comment": "",
            "service": {"id": 13160808, "title": "Sunrise yoga", "category_id": "3129592"},
            "staff": {"id": 5001, "name": "Emma Collins", "specialization": "Yoga teacher"},
            "resource_instances": [],
            "labels": [],
            "font_color": "#000",
        },
        {
            "id": "60001235",
            "company_id": 720441,
            "date": "2026-12-02 21:00:00",
            "length": 3000,
            "capacity": "12",
            "records_count": 3,
            "service": {"id": 13160811, "title": "Late reformer pilates"},
            "staff": [],
        },
        {"title": "no id: skipped"},
    ],
    "meta": {"count": "41"},
}


def test_the_search_asks_for_the_local_days_and_a_page(altegio: FakeAltegio) -> None:
    altegio.answer(SEARCH)
    altegio.call(
        search_group_events, location_id=720441, start=date(2026, 12, 2), end=date(2026, 12, 8)
    )
    # Altegio's doc page spells the path without a trailing slash (docs/altegio.md §4.6).
    assert altegio.last.url.path == "/api/v1/activity/720441/search"
    assert query(altegio.last) == [
        ("from", "2026-12-02"),
        ("till", "2026-12-08"),
        ("page", "1"),
        ("count", "50"),
    ]


def test_events_are_read_leniently_with_our_names(altegio: FakeAltegio) -> None:
    altegio.answer(SEARCH)
    page = altegio.call(
        search_group_events, location_id=720441, start=date(2026, 12, 2), end=date(2026, 12, 2)
    )
    assert page.total is None  # `meta.count` may be the page's length: no total is promised
    first, second = page.items
    assert (first.id, first.location_id, first.title) == (60001234, 720441, "Sunrise yoga")
    assert (first.length, first.capacity, first.records_count) == (3600, 16, 16)
    assert first.is_full
    assert first.staff.name == "Emma Collins"
    assert first.service.category_id == 3129592
    assert first.starts_at(NEW_YORK) == datetime(2026, 12, 2, 7, 0, tzinfo=NEW_YORK)
    # No timestamp: the local `date` is read in the location's zone.
    assert second.starts_at(NEW_YORK) == datetime(2026, 12, 2, 21, 0, tzinfo=NEW_YORK)
    assert second.staff.name == ""
    assert not second.is_full


def test_a_timestamp_wins_over_the_local_date(altegio: FakeAltegio) -> None:
    moscow = timezone(timedelta(hours=3))
    event = SEARCH["data"][0]  # type: ignore[index]
    altegio.answer({"success": True, "data": event, "meta": []})
    found = altegio.call(get_group_event, location_id=720441, event_id=60001234)
    assert altegio.last.url.path == "/api/v1/activity/720441/60001234"
    assert found.starts_at(moscow) == datetime(2026, 12, 2, 15, 0, tzinfo=moscow)


# Altegio's own doc page (events/search_events): `date` in ISO 8601 with the offset and
# milliseconds, no `timestamp`, `labels` as an object (docs/altegio.md §4.6).
DOC_SHAPE = {
    "success": True,
    "data": [
        {
            "id": 12345,
            "company_id": 720441,
            "service_id": 13160808,
            "staff_id": 5001,
            "date": "2026-09-21T23:00:00.000-05:00",
            "length": 3600,
            "capacity": 16,
            "records_count": 3,
            "comment": "",
            "service": {"id": 13160808, "title": "Sunrise yoga", "category_id": 3129592},
            "staff": {"id": 5001, "name": "Emma Collins", "specialization": "Yoga teacher"},
            "resource_instances": [],
            "labels": {},
        }
    ],
    "meta": {"count": 1},
}


def test_a_date_with_its_offset_and_milliseconds_is_the_start_without_a_timestamp(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(DOC_SHAPE)
    page = altegio.call(
        search_group_events, location_id=720441, start=date(2026, 9, 21), end=date(2026, 9, 21)
    )
    (event,) = page.items
    assert event.timestamp is None
    # 23:00 at UTC-5 is 04:00 the next morning in UTC, and 23:00 at a New York desk (EDT is -4,
    # so the offset Altegio sent decides, not the desk's own rules).
    assert event.starts_at(UTC) == datetime(2026, 9, 22, 4, 0, tzinfo=UTC)
    assert event.starts_at(NEW_YORK) == datetime(2026, 9, 22, 0, 0, tzinfo=NEW_YORK)
