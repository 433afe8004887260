"""Managers: a chain's memberships, their summary and their CSV export."""

from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from dashboard.accounts.guards import chain_view_for
from dashboard.accounts.staff import Staff, StaffRequest
from loyalty.altegio.types import Chain
from loyalty.forms.chain import MembershipFilterForm, SummaryForm
from loyalty.rights import EXPORT, FREEZE, MEMBERSHIPS, SUMMARY
from loyalty.services.chain import (
    PAGES_PER_PLAIN_STEP,
    PAGES_PER_STEP,
    Review,
    chart_period,
    expires_soon_days,
    review_page,
    start_export,
    summary_chart,
    summary_step,
)
from loyalty.services.chain.rows import chain_rows
from loyalty.services.places import chain_time_zone
from loyalty.services.writes.reading import WriteScope

from .regions import PageContext, region_view

MEMBERSHIPS_TEMPLATE = "loyalty/chain/memberships.html"
SUMMARY_TEMPLATE = "loyalty/chain/summary.html"
RESULTS = "memberships-results"
SUMMARY_REGION = "summary"


@require_GET
@chain_view_for(MEMBERSHIPS)
@region_view(MEMBERSHIPS_TEMPLATE, RESULTS)
async def memberships(
    request: StaffRequest, staff: Staff, chain: Chain, *, context: PageContext
) -> PageContext:
    """The chain's memberships, filtered by sale dates and ids, one page at a time."""
    form = MembershipFilterForm(request.GET)
    context.update(_chain_context(staff, chain, form))
    if form.is_valid():
        review = _review(staff, chain, form, context["time_zone"])
        page = await review_page(review, page=form.page_number, count=form.page_size)
        # Where the person may freeze, each row carries its type's rules, read by id (cached).
        scope = (
            WriteScope.of(chain, staff.chains, staff.locations) if FREEZE.held_in(chain) else None
        )
        rows = await chain_rows(
            staff.api, memberships=page.items, time_zone=context["time_zone"], scope=scope
        )
        context.update(page=page, rows=rows, filters=form.filters)
    return context


@require_GET
@chain_view_for(SUMMARY)
@region_view(SUMMARY_TEMPLATE, SUMMARY_REGION)
async def summary(
    request: StaffRequest, staff: Staff, chain: Chain, *, context: PageContext
) -> PageContext:
    """One step of counting the filtered memberships: progress that polls again, or the result."""
    form = SummaryForm(request.GET)
    context.update(_chain_context(staff, chain, form), expiring_days=expires_soon_days())
    if form.is_valid():
        # Without JavaScript every step is a click on "Continue": do more per click.
        pages = PAGES_PER_STEP if request.htmx else PAGES_PER_PLAIN_STEP
        review = _review(staff, chain, form, context["time_zone"])
        result = await summary_step(review, restart=form.cleaned_data["refresh"], pages=pages)
        context.update(summary=result, filters=form.filters)
        if result.done:
            context["chart"] = summary_chart(result, chart_period(form.filters, today=result.today))
    return context


@require_GET
@chain_view_for(EXPORT)
@region_view(MEMBERSHIPS_TEMPLATE, RESULTS, retry_here=False)  # a download is no region
async def export_csv(
    request: StaffRequest, staff: Staff, chain: Chain, *, context: PageContext
) -> HttpResponseBase | PageContext:
    """Every filtered membership as CSV, streamed as Altegio's pages arrive."""
    form = MembershipFilterForm(request.GET)
    context.update(_chain_context(staff, chain, form))
    if not form.is_valid():
        return context
    export = await start_export(_review(staff, chain, form, context["time_zone"]))
    response = StreamingHttpResponse(export.lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def _chain_context(staff: Staff, chain: Chain, form: MembershipFilterForm) -> PageContext:
    return {
        "chain": chain,
        "form": form,
        "time_zone": chain_time_zone(chain=chain, locations=staff.locations),
    }


def _review(staff: Staff, chain: Chain, form: MembershipFilterForm, time_zone: str) -> Review:
    return Review(staff.api, staff.user, chain, form.filters, time_zone)
