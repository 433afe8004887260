"""A client's visit history: POST /company/{id}/clients/visits/search (docs/altegio.md §4.7).

Wire only: the search is sent as Altegio's own code sends it and its answer is parsed into typed
objects; what a person reads about a visit is built in loyalty/services/visits.py.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from pydantic import AliasChoices, Field

from .fields import AsObject, AsObjects, Day, Int, Money, OptInt, Text, When
from .http import UserClient
from .parsing import many
from .types import Wire

# `attendance` of the visit history: -1 did not come, 0 waiting, 1 came, 2 confirmed. The client
# search's record filter numbers the same outcomes differently (A-code `vocabulary.ts`).
NO_SHOW, WAITING, CAME, CONFIRMED = -1, 0, 1, 2


class VisitLine(Wire):
    """One service (or product) of a visit with what it cost and what was paid."""

    title: Text = ""
    cost: Money = Field(None, validation_alias=AliasChoices("cost_to_pay", "cost"))
    paid: Money = Field(None, validation_alias=AliasChoices("paid_sum", "paid"))
    # paid_full, paid_not_full, not_paid, paid_over (A-code `PAYMENT_STATUS_FROM_WIRE`).
    payment_status: Text = ""


class VisitStaff(Wire):
    """The team member a visit was with."""

    id: Int = 0
    name: Text = ""


class VisitRecord(Wire):
    """One appointment in the history (`records[]`), grouped under its visit."""

    id: Int
    visit_id: Int = 0
    # ISO 8601 with the location's offset, e.g. "2026-01-31T12:34:56-05:00".
    date: When = None
    attendance: OptInt = None
    services: Annotated[list[VisitLine], AsObjects] = Field(default_factory=list)
    staff: Annotated[VisitStaff, AsObject] = Field(default_factory=VisitStaff)


class GoodsSale(Wire):
    """A product sale in the history (`goods_transactions[]`); visit 0 = sold outside a visit."""

    id: Int
    visit_id: Int = 0
    record_id: Int = 0
    date: When = None
    goods: Annotated[list[VisitLine], AsObjects] = Field(default_factory=list)
    staff: Annotated[VisitStaff, AsObject] = Field(default_factory=VisitStaff)


class DateSpan(Wire):
    """One page of the date cursor: the days it covers and how many entries (nulls: none)."""

    date_from: Day = Field(None, validation_alias=AliasChoices("from", "date_from"))
    date_to: Day = Field(None, validation_alias=AliasChoices("to", "date_to"))
    count: OptInt = None

    @property
    def is_set(self) -> bool:
        """Altegio named a page here (the last page's `next` is all nulls)."""
        return self.date_from is not None or self.date_to is not None


class DateCursor(Wire):
    """`meta.dateCursor`: the pages before, at and after this one, as date spans."""

    previous: Annotated[DateSpan, AsObject] = Field(default_factory=DateSpan)
    current: Annotated[DateSpan, AsObject] = Field(default_factory=DateSpan)
    next: Annotated[DateSpan, AsObject] = Field(default_factory=DateSpan)


@dataclass(frozen=True)
class VisitHistoryPage:
    """One answer of the visit search: appointments, product sales and the date cursor."""

    records: list[VisitRecord] = field(default_factory=list)
    goods: list[GoodsSale] = field(default_factory=list)
    cursor: DateCursor = field(default_factory=DateCursor)


async def search_client_visits(
    api: UserClient, *, location_id: int, client_id: int, date_from: date, date_to: date
) -> VisitHistoryPage:
    """One page of a client's visits between two days, newest first (25 a page at Altegio)."""
    # Reference: https://developer.alteg.io/en/b2b-v1/openapi/clients/search_client_visits.md
    # (docs/altegio.md §4.7). Altegio's own code sends every field of the body, nulls included.
    envelope = await api.post(
        f"company/{location_id}/clients/visits/search",
        json_body={
            "client_id": client_id,
            "client_phone": None,
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "payment_statuses": [],
            "attendance": None,
        },
    )
    data = envelope.data if isinstance(envelope.data, dict) else {}
    cursor = envelope.meta.get("dateCursor")
    return VisitHistoryPage(
        records=many(VisitRecord, data.get("records")),
        goods=many(GoodsSale, data.get("goods_transactions")),
        cursor=DateCursor.model_validate(cursor if isinstance(cursor, dict) else {}),
    )
