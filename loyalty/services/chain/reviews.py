"""What a manager does with a chain's memberships, each step audited: a page, a summary, an export.

The views call these; the audit entry carries the filters (and the page, for the list), how many
memberships came back, or what Altegio did instead.
"""

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from loyalty.altegio import AltegioError
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, Membership, Page
from loyalty.dates import zone
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, outcome_of, record

from .export import ExportProgress, csv_line, export_chain_memberships, record_export_outcome
from .memberships import MembershipFilter, list_chain_memberships
from .summary import ChainSummary, summarise_chain_memberships

UTF8_BOM = "\ufeff"  # so spreadsheet apps read ₽ and Cyrillic titles as UTF-8


@dataclass(frozen=True)
class Review:
    """Who looks at which chain, through which filters, in the chain's time zone."""

    api: UserClient
    user: StaffMember
    chain: Chain
    filters: MembershipFilter
    time_zone: str

    async def audit(
        self,
        kind: AuditEntry.Kind,
        *,
        query: str = "",
        count: int | None = None,
        outcome: str = "ok",
    ) -> AuditEntry:
        """One audit entry for this review: the filters (plus `query`) and how it went."""
        searched = "&".join(part for part in (self.filters.query_string, query) if part)
        return await record(
            user=self.user,
            kind=kind,
            chain_id=self.chain.id,
            place=self.chain.title,
            query=searched,
            result_count=count,
            outcome=outcome,
        )


async def review_page(review: Review, *, page: int, count: int) -> Page[Membership]:
    """One page of the chain's memberships (M3), audited with the page asked for."""
    paging = f"page={page}&count={count}"
    try:
        found = await list_chain_memberships(
            review.api,
            chain_id=review.chain.id,
            filters=review.filters,
            time_zone=review.time_zone,
            page=page,
            count=count,
        )
    except AltegioError as exc:
        await review.audit(AuditEntry.Kind.CHAIN_LIST, query=paging, outcome=outcome_of(exc))
        raise
    await review.audit(AuditEntry.Kind.CHAIN_LIST, query=paging, count=len(found.items))
    return found


async def summary_step(review: Review, *, restart: bool, pages: int) -> ChainSummary:
    """One step of the summary walk; audited once, when the count is done."""
    result = await summarise_chain_memberships(
        review.api,
        chain_id=review.chain.id,
        filters=review.filters,
        time_zone=review.time_zone,
        restart=restart,
        pages=pages,
    )
    if result.done:
        await review.audit(AuditEntry.Kind.CHAIN_SUMMARY, count=result.counted)
    return result


@dataclass
class Export:
    """A started CSV export: its file name and its lines, streamed as Altegio's pages arrive."""

    filename: str
    header: Sequence[object]
    rows: AsyncIterator[Sequence[object]]
    entry_id: int
    progress: ExportProgress = field(default_factory=ExportProgress)

    async def lines(self) -> AsyncIterator[str]:
        """CSV lines as the rows come; the audit entry learns the row count when it ends."""
        try:
            yield UTF8_BOM + csv_line(self.header)
            async for row in self.rows:
                yield csv_line(row)
        finally:
            await record_export_outcome(entry_id=self.entry_id, progress=self.progress)


async def start_export(review: Review) -> Export:
    """Fetch the first page (a failure here is a page, not a broken file) and audit the start."""
    progress = ExportProgress()
    rows = export_chain_memberships(
        review.api,
        chain_id=review.chain.id,
        filters=review.filters,
        time_zone=review.time_zone,
        progress=progress,
    )
    try:
        header = await anext(rows)
    except AltegioError as exc:
        await review.audit(AuditEntry.Kind.CHAIN_EXPORT, outcome=outcome_of(exc))
        raise
    entry = await review.audit(AuditEntry.Kind.CHAIN_EXPORT, outcome="started")
    today: date = timezone.now().astimezone(zone(review.time_zone)).date()
    filename = f"memberships-{review.chain.id}-{today.isoformat()}.csv"
    return Export(filename, header, rows, entry.pk, progress)
