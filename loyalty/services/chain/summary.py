"""The chain summary: counts over every page of the filtered memberships, a few pages per poll."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from loyalty.altegio.http import UserClient
from loyalty.altegio.ratelimit import bulk_work
from loyalty.altegio.types import Membership
from loyalty.dates import local_date, zone
from loyalty.services.cards.memberships import expires_soon_days, status_title

from .chart import ChartPeriod, Sales, SalesChart, WeekSales, sales_chart
from .memberships import (
    MAX_WALK_PAGES,
    WALK_PAGE_SIZE,
    MembershipFilter,
    list_chain_memberships,
)

PAGES_PER_STEP = 3  # per summary poll: about half a second at Altegio's 5 requests a second
PAGES_PER_PLAIN_STEP = 10  # without JavaScript each step is a click, so do more per click
SUMMARY_KEY_PREFIX = "loyalty:chain-summary:v2"  # v2: monthly counts for the chart


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
            and 0 <= (expires - self.today).days <= expires_soon_days()
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
    def kept_minutes(self) -> int:
        """How long a finished count is kept (SUMMARY_CACHE_SECONDS), in whole minutes."""
        return max(1, int(settings.SUMMARY_CACHE_SECONDS) // 60)

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


def summary_chart(summary: ChainSummary, period: ChartPeriod) -> SalesChart:
    """The summary's sales over `period`, by week or by month."""
    return sales_chart(summary.sales_in(period), unit=period.unit, period=period)
