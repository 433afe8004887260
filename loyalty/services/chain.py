"""Chain-wide memberships for managers: one page, a summary over every page, a streamed export.

Everything here goes through M3 (`GET /chain/{id}/loyalty/abonements`), which reports no total:
the summary and the export walk page after page until a short page, always through the client's
rate limiter, so a big chain costs time, never a burst.
"""

import csv
import hashlib
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from loyalty.altegio import AltegioError
from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, Location, Membership, Page
from loyalty.models import AuditEntry
from loyalty.templatetags.loyalty_format import zone

WALK_PAGE_SIZE = 100  # the largest page the dashboard asks for; M3 documents no maximum
PAGES_PER_STEP = 3  # per summary poll: about half a second at Altegio's 5 requests a second
PAGES_PER_PLAIN_STEP = 10  # without JavaScript each step is a click, so do more per click
MAX_WALK_PAGES = 5_000  # a backstop should Altegio ever ignore `page` and repeat itself
EXPIRING_WITHIN_DAYS = 14
SUMMARY_KEY_PREFIX = "loyalty:chain-summary:v1"


# --- Filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipFilter:
    """What a manager narrowed the chain's memberships to: sale dates (inclusive) and ids."""

    created_after: date | None = None
    created_before: date | None = None
    ids: tuple[int, ...] = ()

    def as_query(self) -> dict[str, str]:
        """The filters as our own URL spells them (YYYY-MM-DD, ids=1,2,3), empty ones left out."""
        query = {
            "created_after": self.created_after.isoformat() if self.created_after else "",
            "created_before": self.created_before.isoformat() if self.created_before else "",
            "ids": ",".join(str(item) for item in self.ids),
        }
        return {name: value for name, value in query.items() if value}

    @property
    def query_string(self) -> str:
        """`created_after=…&ids=…`, for the audit log and links."""
        return urlencode(self.as_query(), safe=",")

    @property
    def key(self) -> str:
        """A short stable digest of the filters, for cache keys."""
        return hashlib.sha256(self.query_string.encode()).hexdigest()[:32]

    def bounds(self, time_zone: str) -> tuple[datetime | None, datetime | None]:
        """The first and last moment of the date range, in the chain's time zone."""
        tz = zone(time_zone)
        after = datetime.combine(self.created_after, time.min, tz) if self.created_after else None
        before = (
            datetime.combine(self.created_before, time(23, 59, 59), tz)
            if self.created_before
            else None
        )
        return after, before


def chain_time_zone(*, chain: Chain, locations: Iterable[Location]) -> str:
    """The time zone of the chain's first location the staff member has, else UTC."""
    return _first_location_value(chain, locations, "timezone") or "UTC"


def chain_currency(*, chain: Chain, locations: Iterable[Location]) -> str:
    """The currency of the chain's first location the staff member has ('' when unknown)."""
    return _first_location_value(chain, locations, "currency")


def _first_location_value(chain: Chain, locations: Iterable[Location], name: str) -> str:
    known = {location.id: location for location in locations}
    for member in chain.locations:
        location = known.get(member.id)
        if location is not None and getattr(location, name):
            return str(getattr(location, name))
    return ""


# --- One page ----------------------------------------------------------------------------------


async def list_chain_memberships(
    api: UserClient,
    *,
    chain_id: int,
    filters: MembershipFilter,
    time_zone: str,
    page: int = 1,
    count: int = 25,
) -> Page[Membership]:
    """One page of the chain's memberships matching the filters (M3)."""
    after, before = filters.bounds(time_zone)
    return await altegio_memberships.list_chain_memberships(
        api,
        chain_id=chain_id,
        created_after=after,
        created_before=before,
        ids=list(filters.ids) or None,
        page=page,
        count=count,
    )


async def _walk(
    api: UserClient, *, chain_id: int, filters: MembershipFilter, time_zone: str
) -> AsyncIterator[Page[Membership]]:
    """Every page in turn, until a short page, an empty page or MAX_WALK_PAGES."""
    previous_ids: list[int] = []
    for number in range(1, MAX_WALK_PAGES + 1):
        page = await list_chain_memberships(
            api,
            chain_id=chain_id,
            filters=filters,
            time_zone=time_zone,
            page=number,
            count=WALK_PAGE_SIZE,
        )
        ids = [item.id for item in page.items]
        if not ids or ids == previous_ids:  # the end, or Altegio ignored `page`
            return
        yield page
        if not page.has_next:
            return
        previous_ids = ids


# --- Balances in words -------------------------------------------------------------------------


def balance_summary(membership: Membership) -> str:
    """The balance as Altegio words it ('Surfing (x10)'), else our own short version."""
    if membership.balance_string:
        return membership.balance_string
    if membership.is_united_balance and membership.is_unlimited:
        return "Unlimited (shared)"
    if membership.is_united_balance:
        return f"{membership.united_balance_services_count} visits (shared)"
    return balance_lines(membership) or "—"


def balance_lines(membership: Membership) -> str:
    """Per service or category: 'Yoga: 3; Pilates: unlimited'; a shared pool says so."""
    titles = [link.target.title or f"#{link.target.id}" for link in membership.links]
    if membership.is_united_balance:
        left = (
            "unlimited"
            if membership.is_united_balance_unlimited
            else str(membership.united_balance_services_count)
        )
        covered = f" ({', '.join(titles)})" if titles else ""
        return f"Shared: {left}{covered}"
    return "; ".join(
        f"{title}: {'unlimited' if link.is_unlimited else link.count}"
        for title, link in zip(titles, membership.links, strict=True)
    )


# --- Summary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekSales:
    """Memberships sold in the week starting on `start` (a Monday)."""

    start: date
    count: int


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
    last_ids: list[int] = field(default_factory=list)
    finished_at: datetime | None = None

    def add(self, membership: Membership, tz: ZoneInfo) -> None:
        """Count one membership."""
        self.counted += 1
        title = membership.status_title
        self.statuses[title] = self.statuses.get(title, 0) + 1
        self.status_slugs.setdefault(title, membership.status_slug)
        if membership.is_frozen:
            self.frozen += 1
        if membership.expires and membership.status_slug not in ("expired", "wasted"):
            days = (_local_date(membership.expires, tz) - self.today).days
            if 0 <= days <= EXPIRING_WITHIN_DAYS:
                self.expiring_soon += 1
        if membership.created:
            sold = _local_date(membership.created, tz)
            monday = sold - timedelta(days=sold.weekday())
            self.weekly[monday.isoformat()] = self.weekly.get(monday.isoformat(), 0) + 1

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
        summary.done = not page.has_next or summary.pages_read >= MAX_WALK_PAGES
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


def _local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date() if moment.tzinfo else moment.date()


# --- Sales chart -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One week's bar of the sales chart, in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    week: WeekSales
    label: str = ""


@dataclass(frozen=True)
class SalesChart:
    """A small bar chart of sales per week, laid out for a server-rendered SVG."""

    width: int
    height: int
    baseline: float
    bars: list[Bar]
    peak: int

    @property
    def description(self) -> str:
        """What the chart shows, in words, for screen readers."""
        if not self.bars:
            return "No sales in this range."
        first, last = self.bars[0].week, self.bars[-1].week
        busiest = max(self.bars, key=lambda bar: bar.week.count).week
        return (
            f"{len(self.bars)} weeks from {first.start:%b %-d, %Y} to {last.start:%b %-d, %Y}; "
            f"the busiest week (from {busiest.start:%b %-d}) sold {busiest.count}."
        )


def sales_chart(weeks: list[WeekSales], *, width: int = 960, height: int = 200) -> SalesChart:
    """Bars for each week, scaled to the busiest week; every ~6th week gets a date label."""
    top, bottom = 12.0, 22.0  # room for the peak label and the date labels
    plot = height - top - bottom
    peak = max((week.count for week in weeks), default=0)
    slot = width / max(len(weeks), 1)
    gap = min(2.0, slot * 0.2)
    label_every = max(1, round(len(weeks) / 6))
    bars = []
    for index, week in enumerate(weeks):
        bar_height = round(plot * week.count / peak, 1) if peak else 0.0
        bars.append(
            Bar(
                x=round(index * slot + gap / 2, 1),
                y=round(top + plot - bar_height, 1),
                width=round(max(slot - gap, 1.0), 1),
                height=bar_height,
                week=week,
                label=f"{week.start:%b %-d}" if index % label_every == 0 else "",
            )
        )
    return SalesChart(width=width, height=height, baseline=top + plot, bars=bars, peak=peak)


# --- CSV export --------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Number",
    "Type",
    "Status",
    "Frozen (days)",
    "Balance",
    "Sold",
    "Activated",
    "Expires",
    "Days left",
    "Balances",
]
# Spreadsheets run a cell that starts like a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: object) -> str:
    """The cell as text; one that a spreadsheet would run as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    # A plain negative number ("-3 days left") cannot run anything: keep it a number.
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, text: str) -> str:
        return text


_writer = csv.writer(_Line())


def csv_line(row: Iterable[object]) -> str:
    """One CSV line (with its line ending), every cell neutralised."""
    return str(_writer.writerow([safe_cell(cell) for cell in row]))


@dataclass
class ExportProgress:
    """How far an export got: rows written, and why it stopped early, if it did."""

    rows: int = 0
    error: str = ""
    finished: bool = False

    @property
    def outcome(self) -> str:
        """For the audit log."""
        if self.error:
            return f"incomplete: {self.error}"
        return "ok" if self.finished else "stopped before the end"


def export_row(membership: Membership, *, tz: ZoneInfo, today: date) -> list[object]:
    """One membership as the export's columns (dates at the chain's time zone)."""
    expires = _local_date(membership.expires, tz) if membership.expires else None
    return [
        membership.number,
        membership.type.title,
        membership.status_title,
        membership.freeze_period if membership.is_frozen else "",
        balance_summary(membership),
        f"{membership.created.astimezone(tz):%Y-%m-%d %H:%M}" if membership.created else "",
        _local_date(membership.activated, tz).isoformat() if membership.activated else "",
        expires.isoformat() if expires else "",
        (expires - today).days if expires else "",
        balance_lines(membership),
    ]


async def export_chain_memberships(
    api: UserClient,
    *,
    chain_id: int,
    filters: MembershipFilter,
    time_zone: str,
    progress: ExportProgress | None = None,
) -> AsyncIterator[Sequence[object]]:
    """The header, then one row per membership, fetched 100 at a time as the rows are consumed.

    The first page is fetched before the header is yielded, so an Altegio failure at the start
    raises (and the view can show an error page); a failure later ends the rows with one line
    that says the file is incomplete, since the response has already begun.
    """
    progress = progress if progress is not None else ExportProgress()
    tz = zone(time_zone)
    today = timezone.now().astimezone(tz).date()
    pages = _walk(api, chain_id=chain_id, filters=filters, time_zone=time_zone)
    first = await anext(pages, None)
    yield EXPORT_HEADER
    if first is None:
        progress.finished = True
        return
    page: Page[Membership] | None = first
    while page is not None:
        for membership in page.items:
            yield export_row(membership, tz=tz, today=today)
            progress.rows += 1
        try:
            page = await anext(pages, None)
        except AltegioError as exc:
            progress.error = exc.message
            yield [
                f"EXPORT INCOMPLETE: Altegio stopped answering after {progress.rows} "
                f"memberships ({exc.message}). Please export again."
            ]
            return
    progress.finished = True


async def record_export_outcome(*, entry_id: int, progress: ExportProgress) -> None:
    """Complete an export's audit entry with how many rows went out and how it ended."""
    await AuditEntry.objects.filter(pk=entry_id).aupdate(
        result_count=progress.rows, outcome=progress.outcome[:200]
    )
