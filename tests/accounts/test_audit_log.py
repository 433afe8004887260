"""The audit log at /audit/: managers read their chains' entries, filtered and paged."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, connections
from django.test import Client

from dashboard.accounts.models import StaffUser
from loyalty.models import AuditEntry
from loyalty.services.audit import record
from loyalty.services.phones import parse_phone
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    JAMES_PHONE,
    MANAGER,
    NEVSKY_CENTRAL,
    NEVSKY_CHAIN,
    add_entry,
    htmx_headers,
    lookup_by,
    rows,
    sign_in,
)

pytestmark = pytest.mark.django_db

OWNER = {"username": "owner@sandbox.example", "password": "owner-demo"}


@pytest.fixture
def desk_user(front_desk) -> StaffUser:
    return StaffUser.objects.get(email="frontdesk@sandbox.example")


@pytest.fixture
def manager_user(manager) -> StaffUser:
    return StaffUser.objects.get(email="manager@sandbox.example")


def test_a_manager_sees_lookups_and_chain_views_of_their_chains_only(
    manager, desk_user, manager_user
):
    lookup_by(desk_user, HARBOR_STUDIO, place="Harbor Studio")
    lookup_by(desk_user, NEVSKY_CENTRAL, place="Nevsky Central")
    add_entry(
        manager_user,
        kind=AuditEntry.Kind.CHAIN_LIST,
        chain_id=HARBOR_CHAIN,
        place="Harbor Wellness",
    )
    lookup_by(desk_user, 555_555, place="Someone else's salon")
    add_entry(
        manager_user,
        kind=AuditEntry.Kind.CHAIN_LIST,
        chain_id=444_444,
        place="Someone else's chain",
    )
    page = manager.get("/audit/").content.decode()
    assert "3 entries" in page
    assert "Harbor Studio" in page
    assert "Nevsky Central" in page
    assert "Harbor Wellness" in page
    assert "Someone else" not in page
    assert JAMES_PHONE.masked in page
    assert "Anna Brooks" in page
    assert "Client lookup" in page
    assert "Chain memberships" in page


def test_an_owner_of_one_chain_does_not_see_another_chains_log(sandbox, desk_user):
    lookup_by(desk_user, HARBOR_STUDIO, place="Harbor Studio")
    lookup_by(desk_user, NEVSKY_CENTRAL, place="Nevsky Central")
    add_entry(
        desk_user, kind=AuditEntry.Kind.CHAIN_LIST, chain_id=NEVSKY_CHAIN, place="Nevsky Fitness"
    )
    owner = sign_in(Client(), OWNER)
    page = owner.get("/audit/").content.decode()
    assert "2 entries" in page
    assert "Nevsky Central" in page
    assert "Harbor Studio" not in page


def test_the_log_never_shows_or_keeps_a_whole_phone_number(manager, desk_user):
    lookup_by(desk_user)
    page = manager.get("/audit/").content.decode()
    assert "+1 *** ***-01-78" in page
    stored = str(list(AuditEntry.objects.values()))
    for spelling in ("3155550178", "315 555 0178", "555-0178", "5550178"):
        assert spelling not in page
        assert spelling not in stored


@pytest.mark.parametrize("typed", ["+1 315 555 0178", "(315) 555-0178", "13155550178"])
def test_a_phone_typed_any_way_finds_every_lookup_of_it(manager, desk_user, manager_user, typed):
    lookup_by(desk_user)
    lookup_by(manager_user, HARBOR_NORTH)
    other = parse_phone("+1 315 555 0199", region="US")
    lookup_by(desk_user, phone_masked=other.masked, phone_digits=other.digits)
    page = manager.post("/audit/", {"phone": typed}, follow=True).content.decode()
    assert "2 entries" in page
    assert other.masked not in page


def test_filtering_by_staff_member_lists_the_people_in_the_log(manager, desk_user, manager_user):
    lookup_by(desk_user)
    lookup_by(desk_user)
    lookup_by(manager_user)
    page = manager.get("/audit/").content.decode()
    assert f'<option value="{desk_user.pk}">Anna Brooks</option>' in page
    assert f'<option value="{manager_user.pk}">Mark Turner</option>' in page
    filtered = manager.get("/audit/", {"staff": desk_user.pk}).content.decode()
    assert "2 entries" in filtered
    assert f'<option value="{desk_user.pk}" selected>Anna Brooks</option>' in filtered


def test_a_date_range_includes_both_days(manager, desk_user):
    for day in (1, 2, 3, 4):
        lookup_by(desk_user, at=datetime(2026, 3, day, 12, tzinfo=UTC), place=f"March {day}")
    lookup_by(desk_user, at=datetime(2026, 3, 3, 23, 59, tzinfo=UTC), place="Late on March 3")
    page = manager.get("/audit/", {"date_from": "2026-03-02", "date_to": "2026-03-03"})
    text = page.content.decode()
    assert "3 entries" in text
    assert "March 1" not in text
    assert "March 4" not in text
    assert "Late on March 3" in text


def test_wrong_filters_are_explained_not_ignored(manager, desk_user):
    lookup_by(desk_user)
    page = manager.post(
        "/audit/", {"phone": "12", "date_from": "2026-03-05", "date_to": "2026-03-01"}
    ).content.decode()
    assert "Check the filters" in page
    assert "That phone number is too short." in page
    assert "The end date is before the start date." in page
    assert "entries" not in page


def test_the_log_pages_newest_first_and_keeps_the_filters(manager, desk_user):
    for index in range(60):
        lookup_by(desk_user, at=datetime(2026, 3, 1, 8, index, tzinfo=UTC), place=f"#{index}")
    first = manager.get("/audit/", {"staff": desk_user.pk}).content.decode()
    assert "60 entries" in first
    assert "Page 1 of 2" in first
    assert len(rows(first)) == 50
    assert first.index("#59<") < first.index("#58<")
    link = re.search(r'<a href="([^"]+)" hx-get="([^"]+)"[^>]*rel="next"', first)
    assert link, "no link to the next page"
    assert link.group(1) == link.group(2) == f"?staff={desk_user.pk}&amp;page=2"
    second = manager.get("/audit/", {"staff": desk_user.pk, "page": 2}).content.decode()
    assert len(rows(second)) == 10
    assert "#0<" in second
    assert 'rel="prev"' in second


def test_a_page_past_the_end_shows_the_last_page(manager, desk_user):
    lookup_by(desk_user)
    page = manager.get("/audit/", {"page": 7}).content.decode()
    assert "1 entry" in page


def test_htmx_gets_only_the_results_region(manager, desk_user):
    lookup_by(desk_user)
    response = manager.post(
        "/audit/",
        {"phone": "+1 315 555 0178"},
        headers=htmx_headers("audit-results"),
    )
    body = response.content.decode()
    assert "5550178" not in response["HX-Push-Url"]
    assert "phone_key=" in response["HX-Push-Url"]
    assert body.strip().startswith('<section class="card" id="audit-results"')
    assert "1 entry" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in manager.get("/audit/")["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_the_filters_work_without_javascript(manager):
    page = manager.get("/audit/").content.decode()
    form = re.search(r'<form method="post" action="/audit/"[^>]*>', page)
    assert form, "the filter form is not a plain POST form"
    assert 'hx-target="#audit-results"' in form.group(0)


def test_the_phone_filter_never_lands_in_a_url(manager, desk_user, manager_user):
    lookup_by(desk_user)
    lookup_by(manager_user, HARBOR_NORTH)
    response = manager.post("/audit/", {"phone": "+1 315 555 0178", "staff": desk_user.pk})
    assert response.status_code == 303
    location = response["Location"]
    assert "phone_key=" in location
    assert f"staff={desk_user.pk}" in location  # the other filters stay in the URL
    for spelling in ("3155550178", "555", "0178", "phone="):
        assert spelling not in location
    page = manager.get(location).content.decode()
    assert "1 entry" in page


def test_the_kind_filter_is_kept_across_the_redirect(manager, desk_user, manager_user):
    lookup_by(desk_user)
    add_entry(
        manager_user,
        kind=AuditEntry.Kind.CHAIN_LIST,
        chain_id=HARBOR_CHAIN,
        place="Harbor Wellness",
    )
    response = manager.post("/audit/", {"kind": AuditEntry.Kind.CHAIN_LIST})
    assert response.status_code == 303
    assert f"kind={AuditEntry.Kind.CHAIN_LIST}" in response["Location"]
    page = manager.get(response["Location"]).content.decode()
    assert "1 entry" in page  # the chain list only, not the lookup
    assert re.search(r'<option value="chain_list" selected>', page)


def test_a_phone_in_the_url_is_ignored(manager, desk_user):
    lookup_by(desk_user)
    other = parse_phone("+1 315 555 0199", region="US")
    lookup_by(desk_user, phone_masked=other.masked, phone_digits=other.digits)
    page = manager.get("/audit/", {"phone": "+1 315 555 0178"}).content.decode()
    assert "2 entries" in page


def test_another_session_cannot_use_someone_elses_phone_key(manager, desk_user, sandbox):
    lookup_by(desk_user)
    other = parse_phone("+1 315 555 0199", region="US")
    lookup_by(desk_user, phone_masked=other.masked, phone_digits=other.digits)
    location = manager.post("/audit/", {"phone": "+1 315 555 0178"})["Location"]
    stranger = sign_in(Client(), MANAGER)
    assert "2 entries" in stranger.get(location).content.decode()


@pytest.mark.backends
@pytest.mark.django_db(transaction=True)
def test_no_entry_is_lost_under_concurrent_requests(sandbox):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        # The in-memory test database locks whole tables across threads and never waits;
        # the served SQLite file (WAL, BEGIN IMMEDIATE, a timeout) and PostgreSQL do wait.
        pytest.skip("threads need a database that waits for locks: run with DATABASE_URL")
    users = [
        StaffUser.objects.create(username=f"desk-{index}", first_name=f"Desk {index}")
        for index in range(4)
    ]

    def one_lookup(index: int) -> int:
        try:
            entry = async_to_sync(record)(
                user=users[index % 4],
                kind=AuditEntry.Kind.CLIENT_LOOKUP,
                location_id=HARBOR_STUDIO,
                phone_masked=JAMES_PHONE.masked,
                phone_digits=JAMES_PHONE.digits,
                query=f"request {index}",
                result_count=1,
            )
            return entry.pk
        finally:
            connections.close_all()

    # Real threads, each with its own database connection, writing at the same time.
    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = list(pool.map(one_lookup, range(20)))
    assert len(set(ids)) == 20
    assert AuditEntry.objects.count() == 20
    assert {entry.query for entry in AuditEntry.objects.all()} == {
        f"request {index}" for index in range(20)
    }


@pytest.mark.backends
@pytest.mark.django_db(transaction=True)
def test_no_entry_is_lost_when_one_worker_records_many_at_once(sandbox):
    user = StaffUser.objects.create(username="desk", first_name="Desk")

    async def burst() -> list[AuditEntry]:
        return await asyncio.gather(
            *(
                record(
                    user=user,
                    kind=AuditEntry.Kind.CHAIN_LIST,
                    chain_id=HARBOR_CHAIN,
                    query=f"q{index}",
                )
                for index in range(20)
            )
        )

    assert len({entry.pk for entry in async_to_sync(burst)()}) == 20
    assert AuditEntry.objects.filter(chain_id=HARBOR_CHAIN).count() == 20
