"""The chain summary's sales chart: the period it covers, by week or month, laid out for SVG."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from .memberships import (
    MembershipFilter,
)

WEEKLY_UP_TO_DAYS = 183  # about six months: beyond that the chart goes by month
MAX_CHART_YEARS = 10


@dataclass(frozen=True)
class WeekSales:
    """Memberships sold in the week starting on `start` (a Monday), or the month starting then."""

    start: date
    count: int


Sales = WeekSales  # one bar of the chart, a week or a month


@dataclass(frozen=True)
class ChartPeriod:
    """The sale days the chart covers, and whether it goes by week or by month."""

    start: date
    end: date
    is_default: bool = False

    @property
    def unit(self) -> str:
        """'week' up to about six months, 'month' beyond."""
        return "week" if (self.end - self.start).days <= WEEKLY_UP_TO_DAYS else "month"

    @property
    def crosses_year(self) -> bool:
        """The period spans more than one calendar year, so labels need the year."""
        return self.start.year != self.end.year

    def starts(self) -> list[date]:
        """The first day of each week (Monday) or month in the period."""
        weekly = self.unit == "week"
        first = self.start - timedelta(days=self.start.weekday()) if weekly else self.start
        current: date | None = first if weekly else first.replace(day=1)
        starts = []
        while current is not None and current <= self.end:
            starts.append(current)
            current = _days_after(current, 7) if weekly else _next_month(current)
        return starts

    @property
    def words(self) -> str:
        """'Dec 2, 2025 – Dec 2, 2026', with '(the last 12 months)' when no date was set."""
        text = f"{_day(self.start)} – {_day(self.end)}"
        return (
            gettext("%(span)s (the last 12 months)") % {"span": text} if self.is_default else text
        )


def _days_after(day: date, days: int) -> date | None:
    """`day` + `days`, or None past the last day Python can hold (a period ending in 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _next_month(first: date) -> date | None:
    """The first day of the month after the one `first` opens."""
    later = _days_after(first, 32)
    return None if later is None else later.replace(day=1)


def chart_period(filters: MembershipFilter, *, today: date) -> ChartPeriod:
    """The filtered sale dates, or the last 12 months when no date is set (open ends filled).

    Nothing is sold after today, and a range reaching back centuries is charted over its last
    MAX_CHART_YEARS years, so the chart never grows past about 120 bars.
    """
    after, before = filters.created_after, filters.created_before
    if not (after or before):
        return ChartPeriod(_years_before(today, 1), today, is_default=True)
    end = before or today
    if end > today:
        end = max(today, after or today)
    start = max(after or _years_before(end, 1), _years_before(end, MAX_CHART_YEARS))
    return ChartPeriod(min(start, end), end)


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier (Feb 28 for Feb 29; the first day there is at the start)."""
    if day.year - years < 1:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Bar:
    """One week's or month's bar of the sales chart, in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    week: Sales
    label: str = ""
    words: str = ""
    partial: bool = False  # the period starts or ends inside this week or month

    @property
    def value_x(self) -> float:
        """The middle of the bar, where its number is centred."""
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        """Where the bar's number sits: just above its top."""
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class SalesChart:
    """A small bar chart of sales per week or month, laid out for a server-rendered SVG."""

    width: int
    height: int
    baseline: float
    bars: list[Bar]
    peak: int
    unit: str = "week"
    period: ChartPeriod | None = None

    @property
    def has_partial(self) -> bool:
        """A first or last bar covers only part of its week or month."""
        return any(bar.partial for bar in self.bars)

    @property
    def busiest(self) -> Bar | None:
        """The bar with the most sales (the earliest of equals)."""
        return max(self.bars, key=lambda bar: bar.week.count) if self.bars else None

    @property
    def description(self) -> str:
        """What the chart shows, in words, for screen readers: the period and the busiest bar."""
        busiest = self.busiest
        if busiest is None or busiest.week.count == 0:
            return gettext("No sales in this range.")
        first, last = self.bars[0].week, self.bars[-1].week
        count = len(self.bars)
        sold = busiest.week.count
        if self.unit == "month":
            span = ngettext(
                "%(count)s month from %(first)s to %(last)s",
                "%(count)s months from %(first)s to %(last)s",
                count,
            ) % {"count": count, "first": _month(first.start), "last": _month(last.start)}
            peak = gettext("the busiest month (%(month)s) sold %(sold)s") % {
                "month": _month(busiest.week.start),
                "sold": sold,
            }
        else:
            span = ngettext(
                "%(count)s week from %(first)s to %(last)s",
                "%(count)s weeks from %(first)s to %(last)s",
                count,
            ) % {"count": count, "first": _day(first.start), "last": _day(last.start)}
            crosses = bool(self.period and self.period.crosses_year)
            start = _day(busiest.week.start) if crosses else _day(busiest.week.start, year=False)
            peak = gettext("the busiest week (from %(start)s) sold %(sold)s") % {
                "start": start,
                "sold": sold,
            }
        return f"{span}; {peak}."


def sales_chart(
    weeks: list[Sales],
    *,
    width: int = 960,
    height: int = 200,
    unit: str = "week",
    period: ChartPeriod | None = None,
) -> SalesChart:
    """Bars for each week or month, scaled to the busiest; about six to twelve date labels."""
    top, bottom = 30.0, 22.0  # room for the axis title, the bars' numbers and the date labels
    plot = height - top - bottom
    peak = max((week.count for week in weeks), default=0)
    slot = width / max(len(weeks), 1)
    gap = min(2.0, slot * 0.2)
    with_year = (
        period.crosses_year
        if period
        else bool(weeks) and weeks[0].start.year != weeks[-1].start.year
    )
    if unit == "month":
        label_every = 1 if len(weeks) <= 13 else max(1, round(len(weeks) / 12))
        # Translators: Django date formats of the chart's month labels ("Dec 2026", "Dec").
        label_format = pgettext("chart label", "M Y") if with_year else pgettext("chart label", "M")
    else:
        label_every = max(1, round(len(weeks) / 6))
        # Translators: Django date formats of the chart's week labels ("Dec 5, 2026", "Dec 5").
        label_format = (
            pgettext("chart label", "M j, Y") if with_year else pgettext("chart label", "M j")
        )
    bars = []
    partial = _partial_bars(weeks, period, unit)
    for index, week in enumerate(weeks):
        bar_height = round(plot * week.count / peak, 1) if peak else 0.0
        when = (
            date_format(week.start, "YEAR_MONTH_FORMAT")
            if unit == "month"
            else gettext("Week of %(day)s") % {"day": _day(week.start)}
        )
        bars.append(
            Bar(
                x=round(index * slot + gap / 2, 1),
                y=round(top + plot - bar_height, 1),
                width=round(max(slot - gap, 1.0), 1),
                height=bar_height,
                week=week,
                label=date_format(week.start, label_format) if index % label_every == 0 else "",
                words=ngettext("%(when)s: %(count)s sold", "%(when)s: %(count)s sold", week.count)
                % {"when": when, "count": week.count}
                + (gettext(" (part of it only)") if index in partial else ""),
                partial=index in partial,
            )
        )
    return SalesChart(
        width=width,
        height=height,
        baseline=top + plot,
        bars=bars,
        peak=peak,
        unit=unit,
        period=period,
    )


def _partial_bars(weeks: list[Sales], period: ChartPeriod | None, unit: str) -> set[int]:
    """The first and last bars when the period starts or ends inside their week or month."""
    if period is None or not weeks:
        return set()
    partial = set()
    if period.start > weeks[0].start:
        partial.add(0)
    last = weeks[-1].start
    after = _days_after(last, 7) if unit == "week" else _next_month(last)
    if after is not None and period.end < after - timedelta(days=1):
        partial.add(len(weeks) - 1)
    return partial


def _day(day: date, *, year: bool = True) -> str:
    """'Dec 5, 2026' / '5 декабря 2026' (or without the year), in the reader's language."""
    return date_format(day, "DATE_FORMAT" if year else "MONTH_DAY_FORMAT")


def _month(day: date) -> str:
    """'Dec 2026' / 'дек 2026', in the reader's language."""
    return date_format(day, pgettext("chart label", "M Y"))
