"""/chains/<id>/memberships/export.csv: every filtered membership, streamed as pages arrive."""

import csv
import io
import tracemalloc
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import AsyncClient, Client

from loyalty.altegio import AltegioClient, get_client
from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from loyalty.services.chain import (
    EXPORT_HEADER,
    ExportProgress,
    MembershipFilter,
    csv_line,
    export_chain_memberships,
    safe_cell,
)
from tests.helpers import EXPORT, HARBOR_CHAIN, MANAGER, calls_to, read_rows, streamed, visible_text

NEW_YORK = "America/New_York"
pytestmark = pytest.mark.anyio


@pytest.fixture
async def async_manager(sandbox: Sandbox) -> AsyncIterator[AsyncClient]:
    """An async browser signed in as the manager (async, so the CSV streams as it would)."""
    client = AsyncClient()
    response = await client.post("/accounts/login/", MANAGER)
    assert response.status_code == 302
    yield client
    # The async ORM ran in asgiref's worker thread: close its connection before the test
    # database is dropped (PostgreSQL refuses to drop a database still in use).
    await sync_to_async(connections.close_all)()


def manager_api(sandbox: Sandbox) -> Any:
    """The manager's Altegio access on this event loop, as a view would have it."""
    return get_client().as_user(sandbox.issue_token(MANAGER["username"]))


@pytest.mark.django_db(transaction=True)
async def test_export_is_a_streamed_csv_download_named_after_the_chain_and_day(
    async_manager: AsyncClient,
) -> None:
    response = await async_manager.get(EXPORT, {"ids": "659878"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="memberships-{HARBOR_CHAIN}-20')
    assert disposition.endswith('.csv"')
    assert "no-store" in response["Cache-Control"]
    body = await streamed(response)
    # A byte-order mark first, so spreadsheet apps read ₽ and Cyrillic titles as UTF-8.
    assert body.startswith("\ufeffNumber,Type,Status".encode())


@pytest.mark.django_db(transaction=True)
async def test_export_has_a_header_and_the_table_columns_plus_per_service_balances(
    async_manager: AsyncClient,
) -> None:
    response = await async_manager.get(EXPORT, {"ids": "659878"})
    header, row = await read_rows(response)

    assert header == [str(title) for title in EXPORT_HEADER]
    record = dict(zip(header, row, strict=True))
    assert record["Number"] == "788376"
    assert record["Type"] == "89999"  # the brief's own example titles its type with a number
    assert record["Status"] == "Released"
    # M3 sends no `balance_string` (§5.4): the balance in our words, from the balance lines.
    assert record["Balance"] == "Surfing: 10"
    assert record["Balances"] == "Surfing: 10"
    assert record["Sold"].startswith("20")


@pytest.mark.django_db(transaction=True)
async def test_export_keeps_altegios_own_balance_words_when_it_sends_them(
    sandbox: Sandbox, async_manager: AsyncClient
) -> None:
    sandbox.set_quirk("rich_membership_rows", True)
    header, row = await read_rows(await async_manager.get(EXPORT, {"ids": "659878"}))
    assert dict(zip(header, row, strict=True))["Balance"] == "Surfing (x10)"


@pytest.mark.django_db(transaction=True)
async def test_export_fetches_pages_of_100_with_the_list_filters(
    sandbox: Sandbox, upstream: list[httpx.Request], async_manager: AsyncClient
) -> None:
    since = sandbox.data.today - timedelta(days=20)
    start = datetime.combine(since, time.min, ZoneInfo(NEW_YORK))
    expected = sandbox.data.memberships_between(HARBOR_CHAIN, start, None)

    response = await async_manager.get(
        EXPORT, {"created_after": since.isoformat(), "count": "25", "page": "4"}
    )
    rows = await read_rows(response)

    queries = [call.url.params for call in calls_to(upstream, "/loyalty/abonements")]
    assert len(expected) > 200  # several pages
    assert len(rows) == 1 + len(expected)
    assert [row[0] for row in rows[1:4]] == [item.number for item in expected[:3]]
    # The list's `count` and `page` do not narrow the export: it walks pages of 100 from 1.
    assert {query["count"] for query in queries} == {"100"}
    assert [query["page"] for query in queries] == [str(n) for n in range(1, len(queries) + 1)]
    assert {query["created_after"] for query in queries} == {start.isoformat()}


@pytest.mark.backends
@pytest.mark.django_db(transaction=True)
async def test_altegio_failing_mid_stream_ends_the_file_with_a_clear_line(
    async_manager: AsyncClient, sandbox: Sandbox
) -> None:
    response = await async_manager.get(EXPORT)  # the first page is already fetched
    sandbox.inject("M3", status=503)
    rows = await read_rows(response)

    assert len(rows) == 1 + 100 + 1
    assert rows[-1][0].startswith("EXPORT INCOMPLETE: Altegio stopped answering after 100")
    entry = await AuditEntry.objects.aget(kind=AuditEntry.Kind.CHAIN_EXPORT)
    assert entry.result_count == 100
    assert entry.outcome.startswith("incomplete")


@pytest.mark.backends
@pytest.mark.django_db(transaction=True)
async def test_export_is_audited_with_its_filters_and_row_count(
    async_manager: AsyncClient,
) -> None:
    response = await async_manager.get(EXPORT, {"ids": "659878", "created_after": "2020-01-01"})
    await read_rows(response)

    entry = await AuditEntry.objects.aget(kind=AuditEntry.Kind.CHAIN_EXPORT)
    assert entry.chain_id == HARBOR_CHAIN
    assert entry.query == "created_after=2020-01-01&ids=659878"
    assert entry.result_count == 1
    assert entry.outcome == "ok"


def test_altegio_failing_before_the_first_row_gives_an_error_page(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M3", status=503)

    response = manager.get(EXPORT, {"ids": "659878"})

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Altegio is not answering" in visible_text(response)
    assert f'href="{EXPORT}?ids=659878"' in response.content.decode()
    assert AuditEntry.objects.get(kind=AuditEntry.Kind.CHAIN_EXPORT).outcome != "ok"


def test_bad_filters_on_export_get_the_inline_message_and_no_upstream_call(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.calls.clear()

    response = manager.get(EXPORT, {"created_before": "31.12.2026"})

    assert response.status_code == 400
    assert "Dates are written as YYYY-MM-DD" in visible_text(response)
    assert sandbox.calls == []


def test_the_export_link_carries_the_filters_but_not_the_paging(manager: Client) -> None:
    response = manager.get(
        f"/chains/{HARBOR_CHAIN}/memberships/",
        {"created_after": "2026-10-01", "ids": "659878", "page": "1", "count": "50"},
    )

    assert f'href="{EXPORT}?created_after=2026-10-01&amp;ids=659878"' in response.content.decode()


# --- Constant memory ---------------------------------------------------------------------------


async def peak_memory_reading(rows: int, sandbox: Sandbox) -> int:
    """tracemalloc's peak while `rows` memberships stream out of the export, as CSV lines."""
    lines = export_chain_memberships(
        manager_api(sandbox), chain_id=HARBOR_CHAIN, filters=MembershipFilter(), time_zone=NEW_YORK
    )
    assert isinstance(lines, AsyncGenerator)  # so it can be closed early
    await anext(lines)
    tracemalloc.start()
    try:
        read = 0
        async for row in lines:
            csv_line(row)
            read += 1
            if read == rows:
                break
        assert read == rows
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        await lines.aclose()


async def test_memory_does_not_grow_with_the_rows_exported(sandbox: Sandbox) -> None:
    few = await peak_memory_reading(300, sandbox)
    many = await peak_memory_reading(5_000, sandbox)

    # Holding 5,000 parsed memberships would take well over 10 MB; one page at a time does not.
    assert many < few * 1.5
    assert many < 4 * 1024 * 1024


# --- Spreadsheet formula injection -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-3", "-3"),  # a plain negative number (days left) cannot run anything
        ("Yoga 8 visits", "Yoga 8 visits"),
        (12, "12"),
        (None, ""),
    ],
)
def test_cells_that_would_run_as_formulas_get_a_leading_quote(cell: object, written: str) -> None:
    assert safe_cell(cell) == written


def altegio_answering(pages: list[list[dict[str, Any]]]) -> Any:
    """A user client on an Altegio that answers M3 with these pages, then with nothing."""

    def answer(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        data = pages[number - 1] if number <= len(pages) else []
        return httpx.Response(200, json={"success": True, "data": data, "meta": {}})

    client = AltegioClient(
        base_url="https://api.alteg.io/api/v1",
        partner_token="partner",
        transport=httpx.MockTransport(answer),
    )
    return client.as_user("user")


async def test_a_membership_with_formula_like_values_exports_harmlessly() -> None:
    evil = {
        "id": 1,
        "number": "=1+2",
        "balance_string": "@SUM(A1)",
        "status": {"id": 2, "title": "+Activated", "slug": "active"},
        "created_date": "2026-09-01T10:00:00-05:00",
        "balance_container": {
            "links": [{"count": 3, "service": {"id": 9, "title": "-Yoga"}}],
        },
        "type": {"id": 7, "title": '=HYPERLINK("http://evil.example")'},
    }
    rows = export_chain_memberships(
        altegio_answering([[evil]]),
        chain_id=HARBOR_CHAIN,
        filters=MembershipFilter(),
        time_zone=NEW_YORK,
    )

    text = "".join([csv_line(row) async for row in rows])
    _, row = list(csv.reader(io.StringIO(text)))

    assert row[:3] == ["'=1+2", '\'=HYPERLINK("http://evil.example")', "'+Activated"]
    assert row[4] == "'@SUM(A1)"
    assert row[-1] == "'-Yoga: 3"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row)


async def test_an_empty_result_still_has_its_header() -> None:
    progress = ExportProgress()
    rows = export_chain_memberships(
        altegio_answering([]),
        chain_id=HARBOR_CHAIN,
        filters=MembershipFilter(ids=(5,)),
        time_zone=NEW_YORK,
        progress=progress,
    )

    assert [row async for row in rows] == [EXPORT_HEADER]
    assert progress.finished
    assert progress.rows == 0


async def test_an_altegio_that_ignores_the_page_number_does_not_loop_forever() -> None:
    same = [{"id": n, "number": str(n)} for n in range(100)]
    rows = export_chain_memberships(
        altegio_answering([same] * 10_000),
        chain_id=HARBOR_CHAIN,
        filters=MembershipFilter(),
        time_zone=NEW_YORK,
    )

    assert len([row async for row in rows]) == 1 + 100
