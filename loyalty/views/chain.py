"""Managers: a chain's memberships, their summary and their CSV export."""

from collections.abc import AsyncIterator, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_noop

from dashboard.accounts.staff import Staff, chain_view
from loyalty.altegio import AltegioAuthError, AltegioError
from loyalty.altegio.types import Chain
from loyalty.dates import zone
from loyalty.forms.chain import MembershipFilterForm, SummaryForm
from loyalty.models import AuditEntry
from loyalty.services import audit
from loyalty.services.chain import (
    EXPIRING_WITHIN_DAYS,
    PAGES_PER_PLAIN_STEP,
    PAGES_PER_STEP,
    ExportProgress,
    MembershipFilter,
    chain_time_zone,
    chart_period,
    csv_line,
    export_chain_memberships,
    list_chain_memberships,
    record_export_outcome,
    summarise_chain_memberships,
    summary_chart,
)

from .regions import error_context, render_region, shown_error

MEMBERSHIPS_TEMPLATE = "loyalty/chain/memberships.html"
SUMMARY_TEMPLATE = "loyalty/chain/summary.html"
RESULTS = "memberships-results"
SUMMARY = "summary"
IN_CHAIN = gettext_noop("in this chain")
UTF8_BOM = "\ufeff"  # so spreadsheet apps read ₽ and Cyrillic titles as UTF-8


@chain_view
async def memberships(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """The chain's memberships, filtered by sale dates and ids, one page at a time."""
    form = MembershipFilterForm(request.GET)
    time_zone = chain_time_zone(chain=chain, locations=staff.locations)
    context: dict[str, Any] = {"chain": chain, "form": form, "time_zone": time_zone}
    if not form.is_valid():
        return render_region(request, MEMBERSHIPS_TEMPLATE, RESULTS, context, status=400)
    filters = form.filters
    try:
        page = await list_chain_memberships(
            staff.api,
            chain_id=chain.id,
            filters=filters,
            time_zone=time_zone,
            page=form.page_number,
            count=form.page_size,
        )
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        error = shown_error(exc, place=IN_CHAIN)
        await _audit(staff, AuditEntry.Kind.CHAIN_LIST, chain, form, outcome=error.message)
        context.update(error_context(request, error, retry_target=RESULTS))
        return render_region(request, MEMBERSHIPS_TEMPLATE, RESULTS, context, status=error.status)
    await _audit(staff, AuditEntry.Kind.CHAIN_LIST, chain, form, result_count=len(page.items))
    context.update(page=page, filters=filters)
    return render_region(request, MEMBERSHIPS_TEMPLATE, RESULTS, context)


@chain_view
async def summary(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """One step of counting the filtered memberships: progress that polls again, or the result."""
    form = SummaryForm(request.GET)
    time_zone = chain_time_zone(chain=chain, locations=staff.locations)
    context: dict[str, Any] = {
        "chain": chain,
        "form": form,
        "time_zone": time_zone,
        "expiring_days": EXPIRING_WITHIN_DAYS,
    }
    if not form.is_valid():
        return render_region(request, SUMMARY_TEMPLATE, SUMMARY, context, status=400)
    htmx = getattr(request, "htmx", None)
    try:
        result = await summarise_chain_memberships(
            staff.api,
            chain_id=chain.id,
            filters=form.filters,
            time_zone=time_zone,
            restart=form.cleaned_data["refresh"],
            # Without JavaScript every step is a click on "Continue": do more per click.
            pages=PAGES_PER_STEP if htmx else PAGES_PER_PLAIN_STEP,
        )
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        error = shown_error(exc, place=IN_CHAIN)
        context.update(error_context(request, error, retry_target=SUMMARY))
        return render_region(request, SUMMARY_TEMPLATE, SUMMARY, context, status=error.status)
    context.update(summary=result, filters=form.filters)
    if result.done:
        context["chart"] = summary_chart(result, chart_period(form.filters, today=result.today))
        await _audit(staff, AuditEntry.Kind.CHAIN_SUMMARY, chain, form, result_count=result.counted)
    return render_region(request, SUMMARY_TEMPLATE, SUMMARY, context)


@chain_view
async def export_csv(request: HttpRequest, staff: Staff, chain: Chain) -> HttpResponse:
    """Every filtered membership as CSV, streamed as Altegio's pages arrive."""
    form = MembershipFilterForm(request.GET)
    time_zone = chain_time_zone(chain=chain, locations=staff.locations)
    context: dict[str, Any] = {"chain": chain, "form": form, "time_zone": time_zone}
    if not form.is_valid():
        return render_region(request, MEMBERSHIPS_TEMPLATE, RESULTS, context, status=400)
    progress = ExportProgress()
    rows = export_chain_memberships(
        staff.api,
        chain_id=chain.id,
        filters=form.filters,
        time_zone=time_zone,
        progress=progress,
    )
    try:
        header = await anext(rows)  # fetches the first page: a failure here gets a real page
    except AltegioAuthError:
        raise
    except AltegioError as exc:
        error = shown_error(exc, place=IN_CHAIN)
        await _audit(staff, AuditEntry.Kind.CHAIN_EXPORT, chain, form, outcome=error.message)
        # The retry is a plain link: a CSV download cannot be swapped into the page.
        context.update(error_context(request, error, retry_target=None))
        return render_region(request, MEMBERSHIPS_TEMPLATE, RESULTS, context, status=error.status)
    entry = await _audit(staff, AuditEntry.Kind.CHAIN_EXPORT, chain, form, outcome="started")
    response = StreamingHttpResponse(
        _csv_body(header, rows, progress, entry_id=entry.pk),
        content_type="text/csv; charset=utf-8",
    )
    today = timezone.now().astimezone(zone(time_zone)).date()
    response["Content-Disposition"] = (
        f'attachment; filename="memberships-{chain.id}-{today.isoformat()}.csv"'
    )
    add_never_cache_headers(response)
    # chain_view is typed for HttpResponse; a streaming response is served the same way.
    return response  # type: ignore[return-value]


async def _csv_body(
    header: Sequence[object],
    rows: AsyncIterator[Sequence[object]],
    progress: ExportProgress,
    *,
    entry_id: int,
) -> AsyncIterator[str]:
    """CSV lines as the rows come; the audit entry learns the row count when the stream ends."""
    try:
        yield UTF8_BOM + csv_line(header)
        async for row in rows:
            yield csv_line(row)
    finally:
        await record_export_outcome(entry_id=entry_id, progress=progress)


async def _audit(
    staff: Staff,
    kind: AuditEntry.Kind,
    chain: Chain,
    form: MembershipFilterForm,
    *,
    result_count: int | None = None,
    outcome: str = "ok",
) -> AuditEntry:
    """Record a chain list view, summary or export with its filters (and page, for the list)."""
    filters: MembershipFilter = form.filters
    query = filters.query_string
    if kind == AuditEntry.Kind.CHAIN_LIST:
        paging = f"page={form.page_number}&count={form.page_size}"
        query = f"{query}&{paging}" if query else paging
    return await audit.record(
        user=staff.user,
        kind=kind,
        chain_id=chain.id,
        place=chain.title,
        query=query,
        result_count=result_count,
        outcome=outcome,
    )
