"""The audit log: record lookups and chain views without keeping phone numbers, and read it back."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from loyalty import metrics
from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    AltegioForbidden,
    AltegioLicenceExpired,
    AltegioUnavailable,
    SharedStoreUnavailable,
)
from loyalty.altegio.types import Chain
from loyalty.dates import zone
from loyalty.models import AuditEntry


class StaffMember(Protocol):
    """The signed-in staff user as services see it (the accounts app's model satisfies it)."""

    pk: Any

    @property
    def display_name(self) -> str:
        """Their name as Altegio gave it."""
        ...

    def get_username(self) -> str:
        """Their login."""
        ...


def phone_hash(e164_digits: str) -> str:
    """A keyed hash of the phone digits: equal phones give equal hashes, and nothing else leaks."""
    key = hashlib.sha256(b"loyalty-desk audit phones:" + settings.SECRET_KEY.encode()).digest()
    # Digits only, so "+13155550178" and "13155550178" are one phone.
    digits = "".join(char for char in e164_digits if char.isdigit())
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def mask_phone(country_code: int, national_digits: str) -> str:
    """'+1 *** ***-01-78': the country code and the last four digits only."""
    tail = national_digits[-4:].rjust(4, "*")
    return f"+{country_code} *** ***-{tail[:2]}-{tail[2:]}"


async def record(
    *,
    user: StaffMember,
    kind: AuditEntry.Kind,
    location_id: int | None = None,
    chain_id: int | None = None,
    place: str = "",
    phone_masked: str = "",
    phone_digits: str = "",
    query: str = "",
    result_count: int | None = None,
    outcome: str = "ok",
) -> AuditEntry:
    """Write one audit entry (an INSERT of its own, so concurrent requests never lose one)."""
    fields: dict[str, Any] = {
        "user": user,
        "staff_name": (user.display_name or user.get_username())[:150],
        "kind": kind,
        "location_id": location_id,
        "chain_id": chain_id,
        "place": place[:200],
        "phone_masked": phone_masked,
        "phone_hash": phone_hash(phone_digits) if phone_digits else "",
        "query": query[:500],
        "result_count": result_count,
        "outcome": outcome[:200],
    }
    entry = await AuditEntry.objects.acreate(**fields)
    chain_wide = chain_id is not None or query.startswith("whole chain")
    metrics.note_audited(kind=str(kind), outcome=outcome, chain_wide=chain_wide)
    return entry


# --- Reading the log (the /audit/ page) --------------------------------------------------------

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
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
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


def outcome_of(exc: AltegioError) -> str:
    """A short audit outcome for a call Altegio did not answer as asked."""
    if isinstance(exc, AltegioAuthError):
        return "Altegio session ended"
    if isinstance(exc, AltegioForbidden):
        return "no rights in Altegio"
    if isinstance(exc, AltegioLicenceExpired):
        return "Altegio licence expired"
    if isinstance(exc, AltegioUnavailable):
        return "Altegio not answering"
    if isinstance(exc, SharedStoreUnavailable):
        return "paused: shared store not answering"
    return f"Altegio error{f' {exc.status}' if exc.status else ''}"
