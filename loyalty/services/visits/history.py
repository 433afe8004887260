"""One page of a client's visits: the visit search, what paid, where to go on; audited, counted.

Viewing a history is a lookup of personal data: audited, and counted against the lookup quota.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from loyalty.altegio import AltegioError, UserClient
from loyalty.altegio.types import ClientRecord, Location
from loyalty.altegio.visits import (
    VisitHistoryPage,
    search_client_visits,
)
from loyalty.dates import today_at
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, outcome_of
from loyalty.services.cards.labels import CardLabel, CardRef, label_of
from loyalty.services.failures import ShownError
from loyalty.services.lookup.log import LookupAudit, count_lookup
from loyalty.services.phones import InvalidPhone, Phone, parse_phone, region_for

from .rights import VisitRights, WhatPaid
from .rows import CardUsage, VisitRow, rows_of, usage_of
from .what_paid import what_paid
from .windows import VisitWindow, window_before


@dataclass(frozen=True)
class ClientVisits:
    """One page of a client's visits, newest first, with what paid and where to go on."""

    location: Location
    client_id: int
    window: VisitWindow
    rows: list[VisitRow]  # the visits shown (narrowed to `paid_with` when it is set)
    visit_count: int  # visits on the page before narrowing
    earlier: VisitWindow | None
    is_newest: bool  # the page that ends today
    what_paid: WhatPaid
    what_paid_error: ShownError | None = None
    paid_with: CardRef | None = None
    paid_with_name: str = ""
    usage: list[CardUsage] = field(default_factory=list)
    oldest: date | None = None  # the earliest day on the page
    newest: date | None = None

    @property
    def shows_what_paid(self) -> bool:
        """The page says which card paid for each visit."""
        return self.what_paid is WhatPaid.SHOWN


@dataclass(frozen=True)
class VisitsAsked:
    """One page of a client's visits as asked: where, whose, which days, narrowed to which card."""

    location: Location
    client_id: int
    window: VisitWindow
    client: ClientRecord | None = None  # named by a recent lookup: the audit row's phone
    paid_with: CardRef | None = None


async def list_client_visits(
    *,
    api: UserClient,
    user: StaffMember,
    asked: VisitsAsked,
    rights: VisitRights,
    labels: dict[CardRef, CardLabel],
) -> ClientVisits:
    """One page of visits (audited, one lookup); what paid when the person may see it."""
    location, window = asked.location, asked.window
    audit = LookupAudit(
        user=user,
        kind=AuditEntry.Kind.CLIENT_VISITS,
        location=location,
        phone=_phone_of(asked.client, location),
        query=_audit_query(asked.client_id, window, asked.paid_with),
    )
    await count_lookup(user, audit)
    try:
        page = await search_client_visits(
            api,
            location_id=location.id,
            client_id=asked.client_id,
            date_from=window.date_from,
            date_to=window.date_to,
        )
    except AltegioError as exc:
        await audit.write(outcome=outcome_of(exc))
        raise
    rows = rows_of(page, location)
    paid, error, payments = await what_paid(api, rights, rows, labels)
    rows = [replace(row, payments=tuple(payments.get(row.visit_id, ()))) for row in rows]
    result = _page(asked, page, rows, (paid, error), labels)
    await audit.write(outcome=_outcome(result), result_count=result.visit_count)
    return result


def _page(
    asked: VisitsAsked,
    page: VisitHistoryPage,
    rows: list[VisitRow],
    paid: tuple[WhatPaid, ShownError | None],
    labels: dict[CardRef, CardLabel],
) -> ClientVisits:
    """The page as shown: narrowed to one card when asked (and known), with where to go on."""
    window, paid_with, (what_paid, error) = asked.window, asked.paid_with, paid
    following = page.cursor.next
    if following.is_set and following.date_to is not None:
        earlier: VisitWindow | None = VisitWindow(
            following.date_from or window.date_from, following.date_to
        )
    else:  # the cursor has ended: the 90 days before what was asked
        earlier = window_before(window.date_from)
    days = [row.starts.date() for row in rows if row.starts]
    shown = rows
    if paid_with is not None and what_paid is WhatPaid.SHOWN:
        shown = [row for row in rows if row.paid_with(paid_with)]
    return ClientVisits(
        location=asked.location,
        client_id=asked.client_id,
        window=window,
        rows=shown,
        visit_count=len(rows),
        earlier=earlier,
        is_newest=window.date_to >= today_at(asked.location.timezone),
        what_paid=what_paid,
        what_paid_error=error,
        paid_with=paid_with,
        paid_with_name=label_of(labels, paid_with).name if paid_with else "",
        usage=usage_of(rows),
        oldest=min(days, default=None),
        newest=max(days, default=None),
    )


def _phone_of(client: ClientRecord | None, location: Location) -> Phone | None:
    """The client's phone from a recent lookup, for the audit log's mask and hash."""
    if client is None or not client.phone:
        return None
    try:
        return parse_phone(client.phone, region=region_for(location))
    except InvalidPhone:  # masked for a person without contact rights
        return None


def _audit_query(client_id: int, window: VisitWindow, paid_with: CardRef | None) -> str:
    """'client 146915197, visits 2026-09-03–2026-12-01, membership 659882'."""
    query = f"client {client_id}, visits {window.date_from}–{window.date_to}"
    if paid_with is not None:
        query += f", {paid_with.kind.replace('_', ' ')} {paid_with.id}"
    return query


def _outcome(result: ClientVisits) -> str:
    """'found', 'nothing found', and what paid when it could not be shown."""
    outcome = "found" if result.visit_count else "nothing found"
    if result.what_paid not in (WhatPaid.SHOWN, WhatPaid.NOTHING_TO_ASK):
        outcome += f"; what paid: {result.what_paid.value.replace('_', ' ')}"
    return outcome
