"""The summary's sales chart: the filtered period (or the last 12 months), by week or by month."""

import re
from datetime import date

from django.test import Client

from loyalty.altegio.types import Membership
from loyalty.sandbox import Sandbox
from loyalty.services.chain import ChainSummary, ChartPeriod, MembershipFilter, chart_period
from loyalty.services.chain.summary import summary_chart
from tests.helpers import NEW_YORK, summarise

TODAY = date(2026, 12, 2)


def sold_on(*days: str) -> ChainSummary:
    """A summary that counted one membership sold at noon in New York on each day."""
    summary = ChainSummary(today=TODAY)
    for ident, day in enumerate(days, start=1):
        raw = {"id": ident, "created_date": f"{day}T12:00:00-05:00"}
        summary.add(Membership.model_validate(raw), NEW_YORK)
    return summary


def test_no_dates_chart_the_last_12_months_by_month_with_years() -> None:
    period = chart_period(MembershipFilter(), today=TODAY)
    assert (period.start, period.end, period.unit) == (date(2025, 12, 2), TODAY, "month")

    chart = summary_chart(sold_on("2024-03-01", "2026-03-10", "2026-03-11", "2026-11-30"), period)

    labels = [bar.label for bar in chart.bars]
    assert labels[0] == "Dec 2025"
    assert labels[-1] == "Dec 2026"
    assert len(labels) == 13
    assert "Jan 2026" in labels
    # The 2024 sale is counted by the summary but falls outside the chart's 12 months.
    assert sum(bar.week.count for bar in chart.bars) == 3
    assert chart.description == (
        "13 months from Dec 2025 to Dec 2026; the busiest month (Mar 2026) sold 2."
    )
    assert period.words == "Dec 2, 2025 – Dec 2, 2026 (the last 12 months)"


def test_up_to_about_six_months_goes_by_week() -> None:
    filters = MembershipFilter(created_after=date(2026, 6, 15), created_before=date(2026, 11, 30))
    period = chart_period(filters, today=TODAY)
    assert period.unit == "week"
    chart = summary_chart(sold_on("2026-06-15", "2026-06-16", "2026-11-30"), period)
    assert chart.bars[0].week.start == date(2026, 6, 15)  # a Monday
    assert chart.bars[-1].week.start == date(2026, 11, 30)
    assert chart.bars[0].label == "Jun 15"  # one year: no year on the labels
    assert chart.description.endswith("the busiest week (from Jun 15) sold 2.")


def test_more_than_six_months_goes_by_month() -> None:
    filters = MembershipFilter(created_after=date(2026, 1, 1), created_before=date(2026, 7, 31))
    period = chart_period(filters, today=TODAY)
    assert period.unit == "month"
    chart = summary_chart(sold_on("2026-02-03"), period)
    assert [bar.label for bar in chart.bars] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]


def test_weeks_across_new_year_carry_the_year_on_their_labels() -> None:
    filters = MembershipFilter(created_after=date(2025, 12, 1), created_before=date(2026, 2, 28))
    period = chart_period(filters, today=TODAY)
    chart = summary_chart(sold_on("2025-12-29", "2026-01-02", "2026-01-05"), period)
    labelled = [bar.label for bar in chart.bars if bar.label]
    assert labelled[0] == "Dec 1, 2025"
    assert any(label.endswith(", 2026") for label in labelled)
    # Monday Dec 29 starts the week that holds Jan 2: one bar across the year boundary.
    busiest = chart.busiest
    assert busiest is not None
    assert (busiest.week.start, busiest.week.count) == (date(2025, 12, 29), 2)
    assert "the busiest week (from Dec 29, 2025) sold 2." in chart.description
    assert busiest.words == "Week of Dec 29, 2025: 2 sold"


def test_only_a_start_date_charts_from_it_to_today() -> None:
    period = chart_period(MembershipFilter(created_after=date(2026, 11, 1)), today=TODAY)
    assert period == ChartPeriod(date(2026, 11, 1), TODAY)


def test_the_whole_chain_reads_by_month_with_years_on_the_page(
    manager: Client, sandbox: Sandbox
) -> None:
    body, _ = summarise(manager, {})
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert '<title id="sales-title">Memberships sold per month</title>' in svg
    labels = re.findall(r'<text class="chart-label"[^>]*>([^<]+)</text>', svg)
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label) for label in labels[:-1])
    assert labels[-1].startswith("busiest month: ")
    assert len(re.findall(r'<rect class="chart-bar', svg)) == 13
    assert 'class="chart-bar busiest"' in svg
    assert "(the last 12 months)" in body


def test_a_range_reaching_back_centuries_charts_its_last_ten_years_by_month() -> None:
    filters = MembershipFilter(created_after=date(1, 1, 1), created_before=date(9999, 12, 31))
    period = chart_period(filters, today=TODAY)
    assert (period.start, period.end) == (date(2016, 12, 2), TODAY)
    assert len(summary_chart(sold_on("2026-03-10"), period).bars) == 121


def test_a_range_at_the_start_of_the_calendar_still_charts() -> None:
    period = chart_period(MembershipFilter(created_before=date(1, 3, 1)), today=TODAY)
    assert (period.start, period.end) == (date.min, date(1, 3, 1))
    assert summary_chart(ChainSummary(today=TODAY), period).description == "No sales in this range."


def test_a_range_at_the_end_of_the_calendar_still_charts() -> None:
    # The week or month after 31 Dec 9999 is past what a date can hold.
    for unit, start in (("week", date(9999, 12, 1)), ("month", date(9999, 1, 1))):
        period = ChartPeriod(start, date(9999, 12, 31))
        chart = summary_chart(ChainSummary(today=TODAY), period)
        assert period.unit == unit
        assert chart.description == "No sales in this range."
        assert "Dec" in chart.bars[-1].words
        assert "9999" in chart.bars[-1].words
