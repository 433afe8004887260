"""Chain-wide memberships for managers: one page, a summary over every page, a streamed export.

Everything here goes through M3 (`GET /chain/{id}/loyalty/abonements`), which reports no total:
the summary and the export walk page after page until a empty page, always through the client's
rate limiter, so a big chain costs time, never a burst.
"""

from loyalty.services.cards.memberships import expires_soon_days

from .chart import ChartPeriod, SalesChart, WeekSales, chart_period, sales_chart
from .export import (
    EXPORT_HEADER,
    ExportProgress,
    csv_line,
    export_chain_memberships,
    export_row,
    record_export_outcome,
    safe_cell,
)
from .memberships import (
    MAX_WALK_PAGES,
    WALK_PAGE_SIZE,
    MembershipFilter,
    list_chain_memberships,
    walk_pages,
)
from .reviews import Export, Review, review_page, start_export, summary_step
from .summary import (
    PAGES_PER_PLAIN_STEP,
    PAGES_PER_STEP,
    ChainSummary,
    StatusCount,
    summarise_chain_memberships,
    summary_cache_key,
    summary_chart,
)

__all__ = [
    "EXPORT_HEADER",
    "MAX_WALK_PAGES",
    "PAGES_PER_PLAIN_STEP",
    "PAGES_PER_STEP",
    "WALK_PAGE_SIZE",
    "ChainSummary",
    "ChartPeriod",
    "Export",
    "ExportProgress",
    "MembershipFilter",
    "Review",
    "SalesChart",
    "StatusCount",
    "WeekSales",
    "chart_period",
    "csv_line",
    "expires_soon_days",
    "export_chain_memberships",
    "export_row",
    "list_chain_memberships",
    "record_export_outcome",
    "review_page",
    "safe_cell",
    "sales_chart",
    "start_export",
    "summarise_chain_memberships",
    "summary_cache_key",
    "summary_chart",
    "summary_step",
    "walk_pages",
]
