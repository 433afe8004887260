"""/chains/<id>/memberships/summary/: counts over every page, walked step by step by polling."""

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from loyalty.altegio.types import Membership
from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from loyalty.services.chain import ChainSummary, WeekSales, sales_chart
from loyalty.services.chain.chart import ChartPeriod
from tests.helpers import (
    HARBOR_CHAIN,
    NEW_YORK,
    SUMMARY,
    htmx_headers,
    polls_again,
    readable,
    sold_since,
    stat,
    summarise,
    visible_text,
)


def test_the_first_step_shows_progress_and_polls_again(manager: Client, sandbox: Sandbox) -> None:
    since, sold = sold_since(sandbox, 30)
    assert len(sold) > 300  # more than one step's worth of pages

    response = manager.get(SUMMARY, {"created_after": since}, headers=htmx_headers("summary"))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="summary"')
    assert polls_again(body)
    assert f'hx-get="{SUMMARY}?created_after={since}"' in body
    assert "<progress" in body
    assert "Counting… 300 memberships so far (3 pages read" in visible_text(response)


@pytest.mark.backends
def test_polling_ends_with_counts_that_match_every_page(manager: Client, sandbox: Sandbox) -> None:
    since, sold = sold_since(sandbox, 30)

    body, polls = summarise(manager, {"created_after": since})

    assert polls == len(sold) // 300 + 1
    assert stat(body, "Memberships") == len(sold)
    assert stat(body, "Frozen now") == sum(1 for item in sold if item.is_frozen)
    for title in ("Activated", "Released"):
        assert f">{title}</span> <strong>" in body


def test_expiring_soon_counts_usable_memberships_ending_within_14_days(
    manager: Client, sandbox: Sandbox
) -> None:
    since, sold = sold_since(sandbox, 30)
    # The page counts days in the chain's time zone: late in a New York evening the
    # machine's (UTC) date is already tomorrow, and "expiring in 14 days" is New York's.
    today = timezone.now().astimezone(NEW_YORK).date()
    expected = sum(
        1
        for item in sold
        if item.expires
        and item.status_id in (1, 2)
        and 0 <= (item.expires.astimezone(NEW_YORK).date() - today).days <= 14
    )

    body, _ = summarise(manager, {"created_after": since})

    assert expected > 0
    assert stat(body, "Expiring in the next 14 days") == expected


def test_the_sales_chart_is_an_accessible_svg_of_weekly_bars(
    manager: Client, sandbox: Sandbox
) -> None:
    since, _ = sold_since(sandbox, 30)

    body, _ = summarise(manager, {"created_after": since})

    svg = body[body.index("<svg") : body.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="sales-title sales-desc"' in svg
    assert '<title id="sales-title">Memberships sold per week</title>' in svg
    assert "<desc id=" in svg
    bars = re.findall(
        r'<rect class="chart-bar[^"]*" x="[\d.]+" y="[\d.]+" width="[\d.]+" height', svg
    )
    assert 5 <= len(bars) <= 6  # 30 days touch five or six Monday-to-Sunday weeks
    assert "style=" not in svg
    # It reads without hovering: a number on each bar that sold, and the axis says what counts.
    values = re.findall(r'<text class="chart-value"[^>]*>(\d+)\*?</text>', svg)
    assert values
    assert "Memberships sold ↑" in svg


@pytest.mark.backends
def test_a_finished_summary_is_served_from_the_cache(manager: Client, sandbox: Sandbox) -> None:
    since, sold = sold_since(sandbox, 10)
    summarise(manager, {"created_after": since})
    sandbox.calls.clear()

    body, polls = summarise(manager, {"created_after": since})

    assert polls == 1
    assert stat(body, "Memberships") == len(sold)
    assert sandbox.calls == []


def test_count_again_walks_the_pages_afresh(manager: Client, sandbox: Sandbox) -> None:
    since, _ = sold_since(sandbox, 10)
    body, _ = summarise(manager, {"created_after": since})
    assert f'href="{SUMMARY}?created_after={since}&amp;refresh=1"' in body
    sandbox.calls.clear()

    manager.get(SUMMARY, {"created_after": since, "refresh": "1"}, headers=htmx_headers("summary"))

    assert [call.endpoint for call in sandbox.calls][:1] == ["M3"]


@pytest.mark.backends
def test_summaries_are_kept_per_filter(manager: Client, sandbox: Sandbox) -> None:
    since, _ = sold_since(sandbox, 10)
    summarise(manager, {"created_after": since})
    sandbox.calls.clear()

    body, _ = summarise(manager, {"created_after": since, "ids": "659878"})

    assert stat(body, "Memberships") <= 1
    # Its own walk: the page of matches, then the empty page that ends it.
    assert [call.endpoint for call in sandbox.calls] == ["M3", "M3"]


def test_without_javascript_the_summary_page_offers_continue(
    manager: Client, sandbox: Sandbox
) -> None:
    since, sold = sold_since(sandbox, 60)
    assert len(sold) > 1000

    response = manager.get(SUMMARY, {"created_after": since})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body
    assert "Counting… 1000 memberships so far" in visible_text(response)  # ten pages per click
    assert f'<noscript><p><a class="button small" href="{SUMMARY}?created_after={since}">' in body


def test_the_summarise_button_carries_the_filters_of_the_list(manager: Client) -> None:
    response = manager.get(
        f"/chains/{HARBOR_CHAIN}/memberships/",
        {"created_after": "2026-10-01", "ids": "659878", "page": "2"},
    )

    body = response.content.decode()
    assert f'hx-get="{SUMMARY}?created_after=2026-10-01&amp;ids=659878"' in body
    assert 'hx-target="#summary"' in body


@pytest.mark.backends
def test_a_finished_summary_is_recorded_once_in_the_audit_log(
    manager: Client, sandbox: Sandbox
) -> None:
    since, sold = sold_since(sandbox, 30)

    summarise(manager, {"created_after": since})

    [entry] = AuditEntry.objects.filter(kind=AuditEntry.Kind.CHAIN_SUMMARY)
    assert entry.chain_id == HARBOR_CHAIN
    assert entry.query == f"created_after={since}"
    assert entry.result_count == len(sold)


def test_altegio_failing_mid_summary_shows_a_retry_inside_the_region(
    manager: Client, sandbox: Sandbox
) -> None:
    since, _ = sold_since(sandbox, 30)
    manager.get(SUMMARY, {"created_after": since}, headers=htmx_headers("summary"))
    sandbox.inject("M3", status=500)

    response = manager.get(SUMMARY, {"created_after": since}, headers=htmx_headers("summary"))

    assert response.status_code == 200
    assert "Altegio is not answering" in visible_text(response)
    assert not polls_again(response.content.decode())
    assert 'hx-target="#summary"' in response.content.decode()


def test_bad_filters_get_a_message_and_no_summary(manager: Client, sandbox: Sandbox) -> None:
    sandbox.calls.clear()

    response = manager.get(SUMMARY, {"ids": "1,x"}, headers=htmx_headers("summary"))

    assert "Ids are whole numbers" in visible_text(response)
    assert sandbox.calls == []


# --- Counting and charting, without the web ----------------------------------------------------


def membership(**fields: object) -> Membership:
    """A membership as Altegio would send it."""
    return Membership.model_validate({"id": 1, **fields})


def test_frozen_expired_and_used_up_memberships_are_counted_apart() -> None:
    summary = ChainSummary(today=date(2026, 11, 25))
    ny = "-05:00"
    summary.add(membership(is_frozen=1, status={"id": 2, "title": "Activated"}), NEW_YORK)
    summary.add(
        membership(
            status={"id": 2, "title": "Activated"}, expiration_date=f"2026-12-09T23:59:59{ny}"
        ),
        NEW_YORK,
    )
    summary.add(
        membership(
            status={"id": 2, "title": "Activated"}, expiration_date=f"2026-12-10T23:59:59{ny}"
        ),
        NEW_YORK,
    )
    summary.add(
        membership(
            status={"id": 4, "title": "Used up"}, expiration_date=f"2026-11-30T23:59:59{ny}"
        ),
        NEW_YORK,
    )

    assert summary.counted == 4
    assert summary.frozen == 1
    assert summary.expiring_soon == 1  # Dec 9 is 14 days away; Dec 10 is 15; used up is not
    assert [(s.title, s.count) for s in summary.status_counts] == [("Activated", 3), ("Used up", 1)]


def test_sales_are_counted_in_the_week_of_the_local_sale_day() -> None:
    summary = ChainSummary(today=date(2026, 11, 25))
    # Sunday 23:30 in New York is already Monday in UTC: it still belongs to the week before.
    summary.add(membership(created_date="2026-11-23T04:30:00+00:00"), NEW_YORK)
    summary.add(membership(created_date="2026-11-09T12:00:00-05:00"), NEW_YORK)

    assert summary.weeks == [
        WeekSales(date(2026, 11, 9), 1),
        WeekSales(date(2026, 11, 16), 1),
    ]


def test_a_summary_survives_the_round_trip_through_the_cache() -> None:
    summary = ChainSummary(today=date(2026, 11, 25), done=True, finished_at=datetime.now(UTC))
    summary.add(membership(created_date="2026-11-09T12:00:00-05:00", is_frozen=True), NEW_YORK)

    assert ChainSummary.from_cache(summary.to_cache()) == summary


def test_chart_bars_scale_to_the_busiest_week() -> None:
    weeks = [WeekSales(date(2026, 11, 2), 5), WeekSales(date(2026, 11, 9), 10)]

    chart = sales_chart(weeks, width=200, height=100)

    short, tall = chart.bars
    assert tall.height == 2 * short.height
    assert tall.y + tall.height == chart.baseline == short.y + short.height
    assert tall.x > short.x
    assert "busiest week (from Nov 9) sold 10" in chart.description


def test_partial_first_and_last_weeks_are_marked_as_partial() -> None:
    weeks = [WeekSales(date(2026, 11, 2), 3), WeekSales(date(2026, 11, 9), 4)]
    period = ChartPeriod(start=date(2026, 11, 4), end=date(2026, 11, 12))

    chart = sales_chart(weeks, width=200, height=100, period=period)

    assert [bar.partial for bar in chart.bars] == [True, True]
    assert chart.has_partial
    assert chart.bars[0].words.endswith("(part of it only)")
    whole = ChartPeriod(start=date(2026, 11, 2), end=date(2026, 11, 15))
    assert not sales_chart(weeks, width=200, height=100, period=whole).has_partial


def test_a_month_chart_marks_the_month_the_period_ends_in() -> None:
    months = [WeekSales(date(2026, 11, 1), 3), WeekSales(date(2026, 12, 1), 4)]
    period = ChartPeriod(start=date(2026, 11, 1), end=date(2026, 12, 3))

    chart = sales_chart(months, width=200, height=100, unit="month", period=period)

    assert [bar.partial for bar in chart.bars] == [False, True]


@pytest.mark.parametrize("weeks", [[], [WeekSales(date(2026, 11, 2), 0)]])
def test_a_chart_without_sales_has_flat_or_no_bars(weeks: list[WeekSales]) -> None:
    chart = sales_chart(weeks)

    assert all(bar.height == 0 for bar in chart.bars)


def test_a_finished_summary_says_how_long_it_is_kept_as_the_setting_says(
    manager: Client, sandbox: Sandbox, settings
) -> None:
    settings.SUMMARY_CACHE_SECONDS = 300
    since, _ = sold_since(sandbox, 3)

    body, _ = summarise(manager, {"created_after": since})

    assert "kept for 5 minutes." in readable(body)
