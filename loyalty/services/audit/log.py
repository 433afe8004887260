"""The audit log as a manager reads it (the /audit/ page): their chains' entries, filtered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from asgiref.sync import sync_to_async
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from loyalty.altegio.types import Chain
from loyalty.dates import zone
from loyalty.models import AuditEntry

from .record import phone_hash

AUDIT_PAGE_SIZE = 50


def visible_entries(chains: Sequence[Chain]) -> QuerySet[AuditEntry]:
    """Entries a manager of `chains` may read: their chains, and every location in them."""
    location_ids = {location.id for chain in chains for location in chain.locations}
    chain_ids = {chain.id for chain in chains}
    if not chain_ids:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(Q(location_id__in=location_ids) | Q(chain_id__in=chain_ids))


@dataclass(frozen=True)
class AuditFilters:
    """What a manager narrowed the log to; days are inclusive, the phone as E.164 digits."""

    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    phone_digits: str = ""
    kind: str = ""
    time_zone: str = ""  # the days are the viewer's local days; empty means the dashboard's zone


@dataclass(frozen=True)
class AuditLog:
    """One page of entries (None when the filters did not validate) and who appears in the log."""

    page: Page[AuditEntry] | None
    staff: list[tuple[int, str]]


async def read_audit_log(
    *, chains: Sequence[Chain], filters: AuditFilters | None, page: int | str = 1
) -> AuditLog:
    """The manager's audit log, newest first: one page of filtered entries and the staff list."""
    visible = visible_entries(chains)
    return AuditLog(
        page=await _filtered_page(visible, filters, page) if filters is not None else None,
        staff=await _staff_in(visible),
    )


async def _staff_in(entries: QuerySet[AuditEntry]) -> list[tuple[int, str]]:
    """(user id, name) of everyone with an entry here, sorted by name."""
    names: dict[int, str] = {}
    # Distinct pairs, not rows: a handful however long the log grows.
    pairs = entries.filter(user__isnull=False).order_by().values_list("user_id", "staff_name")
    async for user_id, staff_name in pairs.distinct():
        names[user_id] = max(names.get(user_id, ""), staff_name)
    return sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))


async def _filtered_page(
    entries: QuerySet[AuditEntry], filters: AuditFilters, number: int | str
) -> Page[AuditEntry]:
    if filters.user_id is not None:
        entries = entries.filter(user_id=filters.user_id)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.date_from is not None:
        entries = entries.filter(at__gte=_start_of(filters.date_from, filters.time_zone))
    # The last representable day has no "next day" to stop before: it is an open end.
    if filters.date_to is not None and filters.date_to < date.max:
        entries = entries.filter(
            at__lt=_start_of(filters.date_to + timedelta(days=1), filters.time_zone)
        )
    if filters.phone_digits:
        entries = entries.filter(phone_hash=phone_hash(filters.phone_digits))
    paginator: Paginator[AuditEntry] = Paginator(entries.order_by("-at", "-id"), AUDIT_PAGE_SIZE)
    # The log is a local table: Django's Paginator counts and slices it in the database.
    return await sync_to_async(_page_with_rows)(paginator, number)


def _page_with_rows(paginator: Paginator[AuditEntry], number: int | str) -> Page[AuditEntry]:
    """The page (the last one if `number` is past it), its rows already fetched."""
    found = paginator.get_page(number)
    found.object_list = list(found.object_list)
    return found


def _start_of(day: date, time_zone: str = "") -> datetime:
    """Midnight at the start of `day` in the viewer's time zone (else the dashboard's)."""
    if time_zone:
        return datetime.combine(day, time.min, zone(time_zone))
    return timezone.make_aware(datetime.combine(day, time.min))
