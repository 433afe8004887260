"""The chain summary: counts over every page, walked a few pages per poll, and its SVG chart."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from loyalty.altegio.http import UserClient
from loyalty.altegio.ratelimit import bulk_work
from loyalty.altegio.types import Membership
from loyalty.dates import local_date, zone
from loyalty.services.cards.memberships import status_title

from .memberships import (
    MAX_WALK_PAGES,
    WALK_PAGE_SIZE,
    MembershipFilter,
    list_chain_memberships,
)

PAGES_PER_STEP = 3  # per summary poll: about half a second at Altegio's 5 requests a second
PAGES_PER_PLAIN_STEP = 10  # without JavaScript each step is a click, so do more per click
EXPIRING_WITHIN_DAYS = 14
SUMMARY_KEY_PREFIX = "loyalty:chain-summary:v2"  # v2: monthly counts for the chart
WEEKLY_UP_TO_DAYS = 183  # about six months: beyond that the chart goes by month
MAX_CHART_YEARS = 10


# --- Summary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekSales:
    """Memberships sold in the week starting on `start` (a Monday), or the month starting then."""

    start: date
    count: int


Sales = WeekSales  # one bar of the chart, a week or a month


@dataclass(frozen=True)
class StatusCount:
    """How many memberships have one status, under Altegio's own title."""

    title: str
    slug: str
    count: int


@dataclass
class ChainSummary:
    """Counts over a chain's filtered memberships; a walk in progress until `done`."""

    today: date
    next_page: int = 1
    done: bool = False
    counted: int = 0
    frozen: int = 0
    expiring_soon: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    status_slugs: dict[str, str] = field(default_factory=dict)
    weekly: dict[str, int] = field(default_factory=dict)
    monthly: dict[str, int] = field(default_factory=dict)
    last_ids: list[int] = field(default_factory=list)
    finished_at: datetime | None = None

    def add(self, membership: Membership, tz: tzinfo) -> None:
        """Count one membership."""
        self.counted += 1
        title = status_title(membership)
        self.statuses[title] = self.statuses.get(title, 0) + 1
        self.status_slugs.setdefault(title, membership.status_slug)
        if membership.is_frozen:
            self.frozen += 1
        expires = local_date(membership.expires, tz)
        burning = membership.status_slug not in ("expired", "wasted")
        if (
            expires is not None
            and burning
            and 0 <= (expires - self.today).days <= EXPIRING_WITHIN_DAYS
        ):
            self.expiring_soon += 1
        sold = local_date(membership.created, tz)
        if sold is not None:
            monday = sold - timedelta(days=sold.weekday())
            self.weekly[monday.isoformat()] = self.weekly.get(monday.isoformat(), 0) + 1
            first = sold.replace(day=1).isoformat()
            self.monthly[first] = self.monthly.get(first, 0) + 1

    @property
    def status_counts(self) -> list[StatusCount]:
        """Statuses, most common first."""
        return [
            StatusCount(title, self.status_slugs.get(title, "unknown"), count)
            for title, count in sorted(self.statuses.items(), key=lambda item: (-item[1], item[0]))
        ]

    @property
    def weeks(self) -> list[WeekSales]:
        """Sales per week from the first week with a sale to the last, empty weeks included."""
        if not self.weekly:
            return []
        starts = sorted(date.fromisoformat(day) for day in self.weekly)
        weeks: list[WeekSales] = []
        week = starts[0]
        while week <= starts[-1]:
            weeks.append(WeekSales(week, self.weekly.get(week.isoformat(), 0)))
            week += timedelta(days=7)
        return weeks

    def sales_in(self, period: "ChartPeriod") -> list[Sales]:
        """Sales per week or month over the whole period, empty ones included."""
        counts = self.weekly if period.unit == "week" else self.monthly
        return [Sales(start, counts.get(start.isoformat(), 0)) for start in period.starts()]

    @property
    def pages_read(self) -> int:
        """How many pages the walk has read so far."""
        return self.next_page - 1

    def to_cache(self) -> dict[str, Any]:
        """Plain data for the cache (no pickled classes that a deploy could break)."""
        data = asdict(self)
        data["today"] = self.today.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        return data

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> "ChainSummary":
        """The summary stored by `to_cache`."""
        finished = data.get("finished_at")
        return cls(
            **{
                **data,
                "today": date.fromisoformat(data["today"]),
                "finished_at": datetime.fromisoformat(finished) if finished else None,
            }
        )


def summary_cache_key(*, chain_id: int, filters: MembershipFilter) -> str:
    """Where a chain + filter's summary (running or final) lives in the cache."""
    return f"{SUMMARY_KEY_PREFIX}:{chain_id}:{filters.key}"


async def summarise_chain_memberships(
    api: UserClient,
    *,
    chain_id: int,
    filters: MembershipFilter,
    time_zone: str,
    restart: bool = False,
    pages: int = PAGES_PER_STEP,
) -> ChainSummary:
    """One step of the summary walk: read up to `pages` more pages, keep the counts in the cache.

    Each poll calls this once; the running counts live in the Django cache per chain + filter,
    so any worker can take the next step. The finished summary stays cached for
    SUMMARY_CACHE_SECONDS. Counts are aggregates, not client data, so they may be shared by
    everyone who has loyalty rights in the chain.
    """
    key = summary_cache_key(chain_id=chain_id, filters=filters)
    stored = None if restart else await cache.aget(key)
    tz = zone(time_zone)
    summary = _stored_summary(stored) or ChainSummary(today=timezone.now().astimezone(tz).date())
    # A step starts from the stored state and depends only on it and the pages it reads, so two
    # polls racing on one key write the same counts instead of counting a page twice.
    for _ in range(pages):
        if summary.done:
            break
        with bulk_work():  # the front desk goes first (Altegio's budget is shared)
            page = await list_chain_memberships(
                api,
                chain_id=chain_id,
                filters=filters,
                time_zone=time_zone,
                page=summary.next_page,
                count=WALK_PAGE_SIZE,
            )
        ids = [item.id for item in page.items]
        if not ids or ids == summary.last_ids:  # the end, or Altegio ignored `page`
            summary.done = True
            break
        for membership in page.items:
            summary.add(membership, tz)
        summary.next_page, summary.last_ids = page.number + 1, ids
        # Only an empty page ends the walk: a short page may be a server's own page-size cap.
        summary.done = summary.pages_read >= MAX_WALK_PAGES
    if summary.done and summary.finished_at is None:
        summary.finished_at = timezone.now()
        summary.last_ids = []
    await cache.aset(key, summary.to_cache(), settings.SUMMARY_CACHE_SECONDS)
    return summary


def _stored_summary(stored: Any) -> ChainSummary | None:
    """The summary kept in the cache, or None (nothing there, or written by another release)."""
    if not isinstance(stored, dict):
        return None
    try:
        return ChainSummary.from_cache(stored)
    except (KeyError, TypeError, ValueError):
        return None


# --- Sales chart -------------------------------------------------------------------------------


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
    top, bottom = 12.0, 22.0  # room for the peak label and the date labels
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
                words=f"{when}: {week.count} sold",
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


def summary_chart(summary: ChainSummary, period: ChartPeriod) -> SalesChart:
    """The summary's sales over `period`, by week or by month."""
    return sales_chart(summary.sales_in(period), unit=period.unit, period=period)


def _day(day: date, *, year: bool = True) -> str:
    """'Dec 5, 2026' / '5 декабря 2026' (or without the year), in the reader's language."""
    return date_format(day, "DATE_FORMAT" if year else "MONTH_DAY_FORMAT")


def _month(day: date) -> str:
    """'Dec 2026' / 'дек 2026', in the reader's language."""
    return date_format(day, pgettext("chart label", "M Y"))
