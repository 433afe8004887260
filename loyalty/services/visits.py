"""A client's visits at the desk, and which membership or gift card paid for each.

One page is two Altegio calls: the visit search (25 visits, newest first, docs/altegio.md
§4.7), then the chain's loyalty transactions of exactly those visit ids over exactly their days
(§4.8). Transaction rows carry no date and no client, so each is paired with its visit by
`visit_id` and dated by it; a row for a visit that is not on the page is dropped. The last 90
days come first; "Earlier visits" follows Altegio's date cursor, then the 90 days before.
Viewing a history is a lookup of personal data: audited, and counted against the lookup quota.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop

from loyalty.altegio import AltegioAuthError, AltegioError, AltegioForbidden, UserClient
from loyalty.altegio.loyalty_transactions import (
    GIFT_CARD_WITHDRAWAL,
    MEMBERSHIP_USE,
    LoyaltyTransaction,
    list_visit_transactions,
)
from loyalty.altegio.types import Chain, ClientRecord, Location
from loyalty.altegio.visits import (
    CAME,
    CONFIRMED,
    NO_SHOW,
    WAITING,
    GoodsSale,
    VisitHistoryPage,
    VisitLine,
    VisitRecord,
    search_client_visits,
)
from loyalty.dates import today_at, zone
from loyalty.models import AuditEntry
from loyalty.rights import VISITS, WHAT_PAID
from loyalty.services.audit import StaffMember, outcome_of
from loyalty.services.cards.labels import CardLabel, CardRef, label_of
from loyalty.services.failures import ShownError, shown_error
from loyalty.services.lookup.log import LookupAudit, count_lookup
from loyalty.services.phones import InvalidPhone, Phone, parse_phone, region_for

HISTORY_DAYS = 90  # the first window, and each window before it
MAX_TRANSACTION_PAGES = 3  # 300 rows for 25 visits; more would be a page of its own


class WhatPaid(StrEnum):
    """Whether the page says which membership or gift card paid for each visit, and if not why."""

    SHOWN = "shown"
    NOTHING_TO_ASK = "nothing"  # no visits on the page
    NO_RIGHT = "no_right"  # no membership-history right in the location's chain
    NO_CHAIN = "no_chain"  # the location is in none of the person's chains
    REFUSED = "refused"  # Altegio answered 403 all the same
    FAILED = "failed"  # Altegio did not answer the transactions call


@dataclass(frozen=True)
class VisitRights:
    """What a person may see of a client's visits at a location (docs/altegio.md §4.5, §4.7)."""

    visits: bool
    what_paid: bool
    chain: Chain | None

    @property
    def why_not_what_paid(self) -> WhatPaid:
        """NO_CHAIN or NO_RIGHT (only meaningful when `what_paid` is false)."""
        return WhatPaid.NO_CHAIN if self.chain is None else WhatPaid.NO_RIGHT


def visit_rights(chains: Iterable[Chain]) -> VisitRights:
    """The location's chain decides (loyalty/rights.py: VISITS, WHAT_PAID). With no chain holding
    the location, Altegio decides on the visits, and what paid cannot be asked."""
    chain = next(iter(chains), None)
    if chain is None:
        return VisitRights(visits=True, what_paid=False, chain=None)
    return VisitRights(
        visits=VISITS.held_in(chain), what_paid=WHAT_PAID.held_in(chain), chain=chain
    )


@dataclass(frozen=True)
class VisitWindow:
    """The days one page of history is asked for (both inclusive, at the location)."""

    date_from: date
    date_to: date


def opening_window(location: Location) -> VisitWindow:
    """The last 90 days at the location, today included."""
    today = today_at(location.timezone)
    return VisitWindow(today - timedelta(days=HISTORY_DAYS - 1), today)


def window_before(date_from: date) -> VisitWindow:
    """The 90 days before a day."""
    date_to = date_from - timedelta(days=1)
    return VisitWindow(date_to - timedelta(days=HISTORY_DAYS - 1), date_to)


@dataclass(frozen=True)
class Payment:
    """One membership's or gift card's part in one visit."""

    card: CardRef
    name: str  # "Yoga 8 visits No. 219174", "Gift card 888"
    visits: int = 0  # membership uses (type 9 rows)
    amount: Decimal | None = None  # taken off a gift card (type 8 rows)
    other: tuple[str, ...] = ()  # Altegio's titles of any other row (type 10)

    @property
    def is_membership(self) -> bool:
        """A membership's part (else a gift card's)."""
        return self.card.kind == "membership"


# `attendance` (docs/altegio.md §4.7) → a slug for styling and the words a person reads.
ATTENDANCE_WORDS = {
    CAME: ("came", gettext_noop("Came")),
    NO_SHOW: ("missed", gettext_noop("Did not come")),
    WAITING: ("waiting", gettext_noop("Booked")),
    CONFIRMED: ("confirmed", gettext_noop("Confirmed")),
}


@dataclass(frozen=True)
class VisitRow:
    """One visit as the desk reads it: when, what, with whom, attended, paid, and what paid."""

    visit_id: int
    starts: datetime | None  # in the location's time zone
    attendance: int | None
    services: list[VisitLine]
    goods: list[VisitLine]
    staff: list[str]
    payments: tuple[Payment, ...] = ()

    @property
    def lines(self) -> list[VisitLine]:
        """Services, then products."""
        return self.services + self.goods

    @property
    def cost(self) -> Decimal | None:
        """What the visit cost (None when Altegio gave no costs)."""
        costs = [line.cost for line in self.lines if line.cost is not None]
        return sum(costs, Decimal(0)) if costs else None

    @property
    def paid(self) -> Decimal | None:
        """What was paid for it, by any means."""
        paid = [line.paid for line in self.lines if line.paid is not None]
        return sum(paid, Decimal(0)) if paid else None

    @property
    def paid_state(self) -> str:
        """'paid', 'part', 'unpaid' or '' (unknown), from the lines' own payment status."""
        statuses = {line.payment_status for line in self.lines if line.payment_status}
        if not statuses:
            return ""
        if statuses <= {"paid_full", "paid_over"}:
            return "paid"
        if statuses == {"not_paid"}:
            return "unpaid"
        return "part"

    @property
    def attendance_slug(self) -> str:
        """For styling: came, missed, waiting, confirmed ('' when Altegio said nothing)."""
        if self.attendance is None or self.attendance not in ATTENDANCE_WORDS:
            return ""
        return ATTENDANCE_WORDS[self.attendance][0]

    @property
    def attendance_words(self) -> str:
        """'Came', 'Did not come', 'Booked', 'Confirmed' ('' when unknown)."""
        if self.attendance is None or self.attendance not in ATTENDANCE_WORDS:
            return ""
        return gettext(ATTENDANCE_WORDS[self.attendance][1])

    def paid_with(self, card: CardRef) -> bool:
        """Whether this card paid (part of) the visit."""
        return any(payment.card == card for payment in self.payments)


@dataclass(frozen=True)
class CardUsage:
    """How often one card paid in the visits on the page."""

    card: CardRef
    name: str
    times: int


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


async def list_client_visits(
    *,
    api: UserClient,
    user: StaffMember,
    location: Location,
    client_id: int,
    client: ClientRecord | None,
    window: VisitWindow,
    rights: VisitRights,
    labels: dict[CardRef, CardLabel],
    paid_with: CardRef | None = None,
) -> ClientVisits:
    """One page of visits (audited, one lookup); what paid when the person may see it."""
    audit = LookupAudit(
        user=user,
        kind=AuditEntry.Kind.CLIENT_VISITS,
        location=location,
        phone=_phone_of(client, location),
        query=_audit_query(client_id, window, paid_with),
    )
    await count_lookup(user, audit)
    try:
        page = await search_client_visits(
            api,
            location_id=location.id,
            client_id=client_id,
            date_from=window.date_from,
            date_to=window.date_to,
        )
    except AltegioError as exc:
        await audit.write(outcome=outcome_of(exc))
        raise
    rows = _rows(page, location)
    what_paid, error, payments = await _what_paid(api, rights, rows, labels)
    rows = [replace(row, payments=tuple(payments.get(row.visit_id, ()))) for row in rows]
    result = _page(location, client_id, window, page, rows, what_paid, error, paid_with, labels)
    await audit.write(outcome=_outcome(result), result_count=result.visit_count)
    return result


def _rows(page: VisitHistoryPage, location: Location) -> list[VisitRow]:
    """The page's appointments grouped by visit (products joined to theirs), newest first."""
    tz = zone(location.timezone)
    grouped: dict[int, list[VisitRecord]] = {}
    for record in page.records:
        grouped.setdefault(record.visit_id or -record.id, []).append(record)
    sales: dict[int, list[GoodsSale]] = {}
    for sale in page.goods:
        sales.setdefault(sale.visit_id or -sale.id - 10**12, []).append(sale)
    rows = [
        VisitRow(
            visit_id=max(0, key),
            starts=_local(min((r.date for r in records if r.date), default=None), tz),
            attendance=records[0].attendance,
            services=[line for record in records for line in record.services],
            goods=[line for sale in sales.pop(key, []) for line in sale.goods],
            staff=list(dict.fromkeys(r.staff.name for r in records if r.staff.name)),
        )
        for key, records in grouped.items()
    ]
    rows += [  # products bought outside any appointment on the page
        VisitRow(
            visit_id=max(0, key),
            starts=_local(min((s.date for s in found if s.date), default=None), tz),
            attendance=None,
            services=[],
            goods=[line for sale in found for line in sale.goods],
            staff=list(dict.fromkeys(s.staff.name for s in found if s.staff.name)),
        )
        for key, found in sales.items()
    ]
    rows.sort(key=lambda row: row.starts or datetime.min.replace(tzinfo=tz), reverse=True)
    return rows


async def _what_paid(
    api: UserClient, rights: VisitRights, rows: list[VisitRow], labels: dict[CardRef, CardLabel]
) -> tuple[WhatPaid, ShownError | None, dict[int, list[Payment]]]:
    """What paid for exactly the page's visits, asked over exactly their days, by visit id."""
    days = {row.visit_id: row.starts.date() for row in rows if row.visit_id and row.starts}
    if not days:
        return WhatPaid.NOTHING_TO_ASK, None, {}
    if not rights.what_paid or rights.chain is None:
        return rights.why_not_what_paid, None, {}
    # The days as the location's calendar has them (Altegio writes its dates with its offset).
    first, last = min(days.values()), max(days.values())
    try:
        found = await _transactions(api, rights.chain.id, first, last, list(days))
    except AltegioAuthError:
        raise
    except AltegioForbidden as exc:
        return WhatPaid.REFUSED, shown_error(exc, place=_in(rights.chain)), {}
    except AltegioError as exc:
        return WhatPaid.FAILED, shown_error(exc, place=_in(rights.chain)), {}
    # A row for a visit that is not on this page is dropped: it cannot be dated.
    paired = {key: value for key, value in _payments(found, labels).items() if key in days}
    return WhatPaid.SHOWN, None, paired


async def _transactions(
    api: UserClient, chain_id: int, first: date, last: date, visit_ids: list[int]
) -> list[LoyaltyTransaction]:
    """Every transaction row of these visits (a second page only when the first is full)."""
    rows: list[LoyaltyTransaction] = []
    for number in range(1, MAX_TRANSACTION_PAGES + 1):
        page = await list_visit_transactions(
            api,
            chain_id=chain_id,
            created_after=first,
            created_before=last,
            visit_ids=sorted(visit_ids),
            page=number,
        )
        rows += page.rows
        if not page.rows or not page.may_have_more:
            break
    return rows


def _payments(
    rows: list[LoyaltyTransaction], labels: dict[CardRef, CardLabel]
) -> dict[int, list[Payment]]:
    """Per visit, one Payment per membership or gift card its rows name."""
    parts: dict[int, dict[CardRef, list[LoyaltyTransaction]]] = {}
    for row in rows:
        if row.membership_id:
            card = CardRef("membership", row.membership_id)
        elif row.gift_card_id:
            card = CardRef("gift_card", row.gift_card_id)
        else:
            continue  # a loyalty card's or account's row: not asked for, not shown
        parts.setdefault(row.visit_id, {}).setdefault(card, []).append(row)
    return {
        visit_id: [_payment(card, found, labels) for card, found in sorted(cards.items())]
        for visit_id, cards in parts.items()
    }


def _payment(
    card: CardRef, rows: list[LoyaltyTransaction], labels: dict[CardRef, CardLabel]
) -> Payment:
    """A card's part in a visit: type 9 rows are visits used, type 8 rows money taken."""
    withdrawals = [
        abs(row.amount) for row in rows if row.kind == GIFT_CARD_WITHDRAWAL and row.amount
    ]
    return Payment(
        card=card,
        name=label_of(labels, card).name,
        visits=sum(1 for row in rows if row.kind == MEMBERSHIP_USE),
        amount=sum(withdrawals, Decimal(0)) if withdrawals else None,
        other=tuple(
            dict.fromkeys(
                row.type.title or gettext("Loyalty transaction")
                for row in rows
                if row.kind not in (MEMBERSHIP_USE, GIFT_CARD_WITHDRAWAL)
            )
        ),
    )


def _page(
    location: Location,
    client_id: int,
    window: VisitWindow,
    page: VisitHistoryPage,
    rows: list[VisitRow],
    what_paid: WhatPaid,
    error: ShownError | None,
    paid_with: CardRef | None,
    labels: dict[CardRef, CardLabel],
) -> ClientVisits:
    """The page as shown: narrowed to one card when asked (and known), with where to go on."""
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
        location=location,
        client_id=client_id,
        window=window,
        rows=shown,
        visit_count=len(rows),
        earlier=earlier,
        is_newest=window.date_to >= today_at(location.timezone),
        what_paid=what_paid,
        what_paid_error=error,
        paid_with=paid_with,
        paid_with_name=label_of(labels, paid_with).name if paid_with else "",
        usage=_usage(rows),
        oldest=min(days, default=None),
        newest=max(days, default=None),
    )


def _usage(rows: list[VisitRow]) -> list[CardUsage]:
    """Per card that paid on the page: how many visits it was used for (a membership counts
    each visit it paid, type 9 row by row), memberships first."""
    times: dict[CardRef, int] = {}
    names: dict[CardRef, str] = {}
    for row in rows:
        for payment in row.payments:
            used = payment.visits if payment.is_membership else 1
            times[payment.card] = times.get(payment.card, 0) + used
            names[payment.card] = payment.name
    return [CardUsage(card, names[card], times[card]) for card in sorted(times) if times[card]]


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """A visit's start in the location's zone (a start without an offset is taken as local)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _in(chain: Chain) -> str:
    return gettext("in %(chain)s") % {"chain": chain.title}


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
