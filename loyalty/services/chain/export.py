"""The streamed CSV export of a chain's memberships, safe to open in a spreadsheet."""

import csv
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, ngettext

from loyalty.altegio import AltegioError
from loyalty.altegio.http import UserClient
from loyalty.altegio.ratelimit import bulk_work
from loyalty.altegio.types import Membership, Page
from loyalty.dates import local_date, zone
from loyalty.models import AuditEntry
from loyalty.services.cards.balance import balance_by_line, balance_summary
from loyalty.services.cards.memberships import status_title
from loyalty.services.failures import failure_words

from .memberships import MembershipFilter, walk_pages

# Lazy, so the CSV's column titles (ours; the data is Altegio's) follow the reader's language.
EXPORT_HEADER = [
    gettext_lazy("Number"),
    gettext_lazy("Type"),
    gettext_lazy("Status"),
    gettext_lazy("Frozen (days)"),
    gettext_lazy("Balance"),
    gettext_lazy("Sold"),
    gettext_lazy("Activated"),
    gettext_lazy("Expires"),
    gettext_lazy("Days left"),
    gettext_lazy("Balances"),
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


def export_row(membership: Membership, *, tz: tzinfo, today: date) -> list[object]:
    """One membership as the export's columns (dates at the chain's time zone)."""
    expires = local_date(membership.expires, tz)
    activated = local_date(membership.activated, tz)
    return [
        membership.number,
        membership.type.title,
        status_title(membership),
        membership.freeze_period if membership.is_frozen else "",
        balance_summary(membership),
        f"{membership.created.astimezone(tz):%Y-%m-%d %H:%M}" if membership.created else "",
        activated.isoformat() if activated else "",
        expires.isoformat() if expires else "",
        (expires - today).days if expires else "",
        balance_by_line(membership),
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
    # The rows stream after the view has returned, outside the request's language: keep it.
    language = translation.get_language()
    tz = zone(time_zone)
    today = timezone.now().astimezone(tz).date()
    pages = walk_pages(api, chain_id=chain_id, filters=filters, time_zone=time_zone)
    # Bulk work: the front desk goes first. Each `anext` is marked on its own, since the mark
    # belongs to whichever task drives this generator.
    with bulk_work():
        first = await anext(pages, None)
    yield [str(title) for title in EXPORT_HEADER]
    if first is None:
        progress.finished = True
        return
    page: Page[Membership] | None = first
    while page is not None:
        for membership in page.items:
            yield export_row(membership, tz=tz, today=today)
            progress.rows += 1
        try:
            with bulk_work():
                page = await anext(pages, None)
        except AltegioError as exc:
            progress.error = failure_words(exc)
            with translation.override(language):
                incomplete = ngettext(
                    "EXPORT INCOMPLETE: Altegio stopped answering after %(count)s membership "
                    "(%(reason)s). Please export again.",
                    "EXPORT INCOMPLETE: Altegio stopped answering after %(count)s memberships "
                    "(%(reason)s). Please export again.",
                    progress.rows,
                ) % {"count": progress.rows, "reason": progress.error}
            yield [incomplete]
            return
    progress.finished = True


async def record_export_outcome(*, entry_id: int, progress: ExportProgress) -> None:
    """Complete an export's audit entry with how many rows went out and how it ended."""
    await AuditEntry.objects.filter(pk=entry_id).aupdate(
        result_count=progress.rows, outcome=progress.outcome[:200]
    )
