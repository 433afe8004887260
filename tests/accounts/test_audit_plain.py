"""The audit log speaks plainly: local times, searches in words, a filter by kind."""

import re
from datetime import UTC, datetime

import pytest

from dashboard.accounts.models import StaffUser
from loyalty.models import AuditEntry
from loyalty.services.audit.words import searched_words
from tests.helpers import HARBOR_CHAIN, add_entry, lookup_by, rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("page=1&count=25", "page 1, 25 a page; any sale date"),
        ("created_after=2026-10-01&created_before=2026-10-31&page=1&count=25",
         "page 1, 25 a page; sold 1–31 Oct"),
        ("created_after=2026-09-15&created_before=2026-10-02", "sold 15 Sep – 2 Oct"),
        ("created_after=2025-12-20&created_before=2026-01-10", "sold 20 Dec 2025 – 10 Jan 2026"),
        ("created_after=2025-10-01", "sold from 1 Oct 2025"),
        ("created_before=2026-03-05&ids=12,34", "sold until 5 Mar; ids 12, 34"),
        ("created_after=2026-03-05&created_before=2026-03-05", "sold 5 Mar"),
        ("client 146915197, event 12345, days 1,2", "client 146915197, event 12345, days 1,2"),
        ("utm_source=mail&page=1", "utm_source=mail&page=1"),
        ("created_after=yesterday", "created_after=yesterday"),
    ],
)  # fmt: skip
def test_searches_are_worded_as_a_manager_would_say_them(query: str, words: str) -> None:
    assert searched_words(query, this_year=2026) == words


@pytest.fixture
def desk_user(front_desk) -> StaffUser:
    return StaffUser.objects.get(email="frontdesk@sandbox.example")


@pytest.fixture
def manager_user(manager) -> StaffUser:
    return StaffUser.objects.get(email="manager@sandbox.example")


def test_times_are_in_the_viewers_location_time_zone_and_it_says_which(manager, desk_user):
    # 02:30 UTC on March 4 is still the evening of March 3 in New York (Harbor Studio).
    lookup_by(desk_user, at=datetime(2026, 3, 4, 2, 30, tzinfo=UTC))
    page = manager.get("/audit/").content.decode()
    assert 'When <span class="muted">(New York time)</span>' in page
    assert "Mar 3, 2026 21:30" in rows(page)[0]
    assert "(UTC)" not in page


def test_the_days_of_a_date_filter_are_the_viewers_local_days(manager, desk_user):
    lookup_by(desk_user, at=datetime(2026, 3, 4, 2, 30, tzinfo=UTC), place="Evening of March 3")
    on_the_3rd = manager.get("/audit/", {"date_from": "2026-03-03", "date_to": "2026-03-03"})
    assert "Evening of March 3" in on_the_3rd.content.decode()
    on_the_4th = manager.get("/audit/", {"date_from": "2026-03-04", "date_to": "2026-03-04"})
    assert "Evening of March 3" not in on_the_4th.content.decode()


def test_a_chain_list_view_reads_in_words(manager, manager_user):
    add_entry(
        manager_user,
        kind=AuditEntry.Kind.CHAIN_LIST,
        chain_id=HARBOR_CHAIN,
        place="Harbor Wellness",
        query="created_after=2025-10-01&created_before=2025-10-31&page=1&count=25",
    )
    row = rows(manager.get("/audit/").content.decode())[0]
    assert "page 1, 25 a page; sold 1–31 Oct 2025" in row
    assert "count=25" not in row


def test_the_log_can_be_narrowed_to_one_kind(manager, desk_user, manager_user):
    lookup_by(desk_user, place="A lookup")
    add_entry(
        manager_user, kind=AuditEntry.Kind.CHAIN_EXPORT, chain_id=HARBOR_CHAIN, place="An export"
    )
    add_entry(
        manager_user, kind=AuditEntry.Kind.EVENT_CHECK, location_id=720441, place="An event check"
    )
    page = manager.get("/audit/", {"kind": "chain_export"}).content.decode()
    assert "1 entry" in page
    assert "An export" in page
    assert "A lookup" not in page
    assert '<option value="chain_export" selected>Chain export</option>' in page


def test_the_kind_filter_offers_every_kind_the_model_knows(manager):
    page = manager.get("/audit/").content.decode()
    select = re.search(r'<select name="kind".*?</select>', page, flags=re.S)
    assert select is not None
    offered = re.findall(r'<option value="([^"]*)"', select.group(0))
    assert offered == ["", *AuditEntry.Kind.values]


def test_an_unknown_kind_is_explained(manager):
    page = manager.get("/audit/", {"kind": "telepathy"}).content.decode()
    assert "Check the filters." in page
