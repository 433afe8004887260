"""The visit history service: two calls a page, visits paired with what paid, rights, paging.

Altegio is a fake behind httpx.MockTransport answering in the golden payloads' shapes
(tests/contract/golden/); the audit log is the real database.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from dashboard.accounts.models import StaffUser
from loyalty.altegio import AltegioAuthError, AltegioForbidden, Grant, Priority
from loyalty.altegio.types import Chain, ClientRecord, Location
from loyalty.models import AuditEntry
from loyalty.services.cards.labels import CardLabel, CardRef
from loyalty.services.lookup.log import LookupLimitReached
from loyalty.services.visits import (
    ClientVisits,
    VisitRights,
    VisitsAsked,
    VisitWindow,
    WhatPaid,
    list_client_visits,
    visit_rights,
    window_before,
)
from tests.altegio.fake import USER_TOKEN, FakeAltegio, body, query

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

HARBOR = Location(id=720441, title="Harbor Studio", timezone="America/New_York", currency="$")
MOSCOW = Location(id=830001, title="Nevsky Central", timezone="Europe/Moscow", currency="₽")
JAMES = 146915197
YOGA_8 = CardRef("membership", 659882)
GIFT_888 = CardRef("gift_card", 409726)
LABELS = {
    YOGA_8: CardLabel(YOGA_8, "Yoga 8 visits", "219174"),
    GIFT_888: CardLabel(GIFT_888, "Gift card 9000", "888"),
}
WINDOW = VisitWindow(date(2026, 1, 1), date(2026, 3, 31))
NO_MORE = {"to": None, "from": None, "count": None}


def chain(**access: Any) -> Chain:
    """Harbor Wellness with these access keys (docs/altegio.md §4.5)."""
    return Chain.model_validate(
        {"id": 145071, "title": "Harbor Wellness", "companies": [{"id": 720441}], "access": access}
    )


ALL_RIGHTS = visit_rights([chain(loyalty_access="1", clients_access="1")])


def record(
    visit_id: int,
    when: str,
    *services: tuple[str, int, int, str],
    attendance: int = 1,
    staff: str = "Emma Collins",
) -> dict[str, Any]:
    """One `records[]` item shaped like Altegio's fixture."""
    lines = services or (("Yoga class", 20, 20, "paid_full"),)
    return {
        "id": visit_id + 1000,
        "date": when,
        "visit_id": visit_id,
        "attendance": attendance,
        "services": [
            {"title": t, "cost_to_pay": c, "paid_sum": p, "payment_status": s}
            for t, c, p, s in lines
        ],
        "staff": {"id": 5001, "name": staff},
    }


def visits_answer(
    *records: dict[str, Any], following: dict[str, Any] | None = None, goods: Any = ()
) -> dict[str, Any]:
    """A visit search answer with its date cursor."""
    current = (
        {"to": records[0]["date"][:10], "from": records[-1]["date"][:10], "count": len(records)}
        if records
        else NO_MORE
    )
    return {
        "success": True,
        "data": {"goods_transactions": list(goods), "records": list(records)},
        "meta": {
            "dateCursor": {"previous": NO_MORE, "current": current, "next": following or NO_MORE}
        },
    }


def row(
    visit_id: int, kind: int, *, membership: int = 0, gift_card: int = 0, amount: float = 20
) -> dict[str, Any]:
    """One transaction row with the documented fields (no date, no client)."""
    titles = {8: "Gift card withdrawal", 9: "Membership use", 10: "Membership cost recalculation"}
    return {
        "id": visit_id * 10 + kind,
        "visit_id": visit_id,
        "status_id": 1,
        "amount": amount,
        "type_id": kind,
        "card_id": 0,
        "program_id": 0,
        "certificate_id": gift_card,
        "abonement_id": membership,
        "salon_group_id": 145071,
        "item_id": 0,
        "item_type_id": 1,
        "item_record_id": 0,
        "goods_transaction_id": 0,
        "services_transaction_id": 0,
        "is_discount": False,
        "is_loyalty_withdraw": True,
        "type": {"id": kind, "title": titles[kind]},
    }


def transactions_answer(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"success": True, "data": list(rows), "meta": {"count": len(rows)}}


def altegio(
    visits: dict[str, Any], paid: dict[str, Any] | Callable[[httpx.Request], httpx.Response]
) -> FakeAltegio:
    """A fake that answers the visit search and the transactions by path."""
    fake = FakeAltegio()

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/clients/visits/search"):
            return httpx.Response(200, json=visits)
        if callable(paid):
            return paid(request)
        return httpx.Response(200, json=paid)

    fake.answers.append(route)
    return fake


async def history(
    fake: FakeAltegio,
    user: StaffUser,
    *,
    rights: VisitRights = ALL_RIGHTS,
    paid_with: CardRef | None = None,
    location: Location = HARBOR,
    client: ClientRecord | None = None,
    **options: Any,
) -> ClientVisits:
    """One page of James's visits through the fake."""
    api_client = fake.client(**options)
    try:
        return await list_client_visits(
            api=api_client.as_user(USER_TOKEN),
            user=user,
            asked=VisitsAsked(location, JAMES, WINDOW, client, paid_with),
            rights=rights,
            labels=LABELS,
        )
    finally:
        await api_client.aclose()


TWO_CARDS = record(
    7002,
    "2026-03-20T18:30:00-04:00",
    ("Yoga class", 20, 20, "paid_full"),
    ("Surf lesson", 60, 60, "paid_full"),
)
CASH = record(7001, "2026-03-10T16:00:00-04:00", ("Massage 90 min", 120, 120, "paid_full"))
YOGA = record(7000, "2026-02-27T09:15:00-05:00")


async def test_a_visit_paid_by_two_cards_names_both_with_what_each_paid(desk_user) -> None:
    fake = altegio(
        visits_answer(TWO_CARDS, CASH, YOGA),
        transactions_answer(
            row(7002, 9, membership=659882),
            row(7002, 8, gift_card=409726, amount=40),
            row(7000, 9, membership=659882),
        ),
    )

    page = await history(fake, desk_user)

    two_cards, _cash, yoga = page.rows
    assert [(p.name, p.visits, p.amount) for p in two_cards.payments] == [
        ("Gift card 888", 0, Decimal(40)),
        ("Yoga 8 visits No. 219174", 1, None),
    ]
    assert [p.name for p in yoga.payments] == ["Yoga 8 visits No. 219174"]
    assert page.shows_what_paid


async def test_a_visit_with_no_transaction_shows_what_was_paid_and_no_card(desk_user) -> None:
    fake = altegio(visits_answer(TWO_CARDS, CASH), transactions_answer(row(7002, 9, membership=1)))

    page = await history(fake, desk_user)

    cash = page.rows[1]
    assert cash.payments == ()
    assert (cash.paid, cash.cost, cash.paid_state) == (Decimal(120), Decimal(120), "paid")


async def test_a_transaction_for_a_visit_outside_the_page_is_dropped(desk_user) -> None:
    fake = altegio(
        visits_answer(CASH),
        transactions_answer(row(9999, 9, membership=659882), row(7001, 8, gift_card=409726)),
    )

    page = await history(fake, desk_user)

    assert [p.card for r in page.rows for p in r.payments] == [GIFT_888]
    assert [usage.card for usage in page.usage] == [GIFT_888]


async def test_what_paid_is_asked_for_exactly_the_pages_visits_over_their_days(desk_user):
    fake = altegio(visits_answer(TWO_CARDS, CASH, YOGA), transactions_answer())

    await history(fake, desk_user)

    search, paid = fake.requests
    assert body(search)["from"] == "2026-01-01"
    assert body(search)["to"] == "2026-03-31"
    assert paid.url.path == "/api/v1/chain/145071/loyalty/transactions"
    asked = query(paid)
    assert ("created_after", "2026-02-27") in asked
    assert ("created_before", "2026-03-20") in asked
    assert sorted(int(v) for k, v in asked if k == "visit_ids[]") == [7000, 7001, 7002]
    assert [v for k, v in asked if k == "types[]"] == ["8", "9", "10"]


async def test_visits_are_dated_at_the_location_newest_first(desk_user) -> None:
    late = record(7003, "2026-03-20T23:30:00-04:00")  # 06:30 the next day in Moscow
    fake = altegio(visits_answer(YOGA, late), transactions_answer())

    page = await history(fake, desk_user, location=MOSCOW, rights=VisitRights(True, False, None))

    newest = page.rows[0]
    assert newest.visit_id == 7003
    assert newest.starts is not None
    assert (newest.starts.day, newest.starts.hour, newest.starts.minute) == (21, 6, 30)


async def test_earlier_visits_follow_the_date_cursor(desk_user) -> None:
    following = {"to": "2026-02-26", "from": "2026-01-01", "count": 25}
    fake = altegio(visits_answer(TWO_CARDS, following=following), transactions_answer())

    page = await history(fake, desk_user)

    assert page.earlier == VisitWindow(date(2026, 1, 1), date(2026, 2, 26))


async def test_when_the_cursor_ends_earlier_visits_are_the_ninety_days_before(desk_user) -> None:
    fake = altegio(visits_answer(TWO_CARDS), transactions_answer())

    page = await history(fake, desk_user)

    assert page.earlier == window_before(WINDOW.date_from)
    assert page.earlier == VisitWindow(date(2025, 10, 3), date(2025, 12, 31))


async def test_an_empty_page_asks_altegio_once(desk_user) -> None:
    fake = altegio(visits_answer(), transactions_answer())

    page = await history(fake, desk_user)

    assert len(fake.requests) == 1
    assert (page.rows, page.what_paid) == ([], WhatPaid.NOTHING_TO_ASK)


async def test_without_the_membership_history_right_visits_show_and_what_paid_is_not_asked(
    desk_user,
) -> None:
    rights = visit_rights(
        [chain(loyalty_access="1", loyalty_abonement_history_access="0", clients_access="1")]
    )
    fake = altegio(visits_answer(TWO_CARDS, CASH), transactions_answer())

    page = await history(fake, desk_user, rights=rights)

    assert len(fake.requests) == 1
    assert len(page.rows) == 2
    assert page.what_paid is WhatPaid.NO_RIGHT


async def test_a_location_in_none_of_their_chains_cannot_show_what_paid(desk_user) -> None:
    fake = altegio(visits_answer(TWO_CARDS), transactions_answer())

    page = await history(fake, desk_user, rights=visit_rights([]))

    assert len(fake.requests) == 1
    assert page.what_paid is WhatPaid.NO_CHAIN


async def test_a_refused_transactions_call_hides_what_paid_only_with_a_word(desk_user) -> None:
    denied = {"success": False, "data": None, "meta": {"message": "Access denied."}}
    fake = altegio(visits_answer(TWO_CARDS, CASH), lambda request: httpx.Response(403, json=denied))

    page = await history(fake, desk_user)

    assert len(page.rows) == 2
    assert page.what_paid is WhatPaid.REFUSED
    assert page.what_paid_error is not None
    assert page.what_paid_error.message == "You have no rights in Harbor Wellness in Altegio."


async def test_a_failing_transactions_call_keeps_the_visits_and_offers_a_retry(desk_user) -> None:
    fake = altegio(visits_answer(TWO_CARDS), lambda request: httpx.Response(502, json={}))

    page = await history(fake, desk_user)

    assert page.what_paid is WhatPaid.FAILED
    assert page.what_paid_error is not None
    assert page.what_paid_error.retry
    assert len(page.rows) == 1


async def test_an_ended_session_on_the_transactions_call_ends_the_page(desk_user) -> None:
    fake = altegio(visits_answer(TWO_CARDS), lambda request: httpx.Response(401, json={}))

    with pytest.raises(AltegioAuthError):
        await history(fake, desk_user)


async def test_a_refused_visit_search_rises_and_is_audited(desk_user) -> None:
    fake = FakeAltegio().answer(
        {"success": False, "data": None, "meta": {"message": "Access denied."}}, status=403
    )

    with pytest.raises(AltegioForbidden):
        await history(fake, desk_user)

    entry = await AuditEntry.objects.aget()
    assert (entry.kind, entry.outcome) == ("client_visits", "no rights in Altegio")


async def test_filtering_to_one_membership_shows_only_the_visits_it_paid_for(desk_user) -> None:
    fake = altegio(
        visits_answer(TWO_CARDS, CASH, YOGA),
        transactions_answer(
            row(7002, 9, membership=659882),
            row(7002, 8, gift_card=409726, amount=40),
            row(7000, 9, membership=659882),
        ),
    )

    page = await history(fake, desk_user, paid_with=YOGA_8)

    assert [r.visit_id for r in page.rows] == [7002, 7000]
    assert page.visit_count == 3
    assert page.paid_with_name == "Yoga 8 visits No. 219174"
    assert [(u.name, u.times) for u in page.usage] == [
        ("Gift card 888", 1),
        ("Yoga 8 visits No. 219174", 2),
    ]


async def test_a_membership_used_twice_in_one_visit_counts_two_visits(desk_user) -> None:
    fake = altegio(
        visits_answer(TWO_CARDS),
        transactions_answer(row(7002, 9, membership=659882), row(7002, 9, membership=659882)),
    )

    page = await history(fake, desk_user)

    [payment] = page.rows[0].payments
    assert payment.visits == 2
    assert page.usage[0].times == 2


async def test_a_recalculation_shows_altegios_own_title_and_an_unknown_card_its_id(desk_user):
    fake = altegio(visits_answer(YOGA), transactions_answer(row(7000, 10, membership=700001)))

    page = await history(fake, desk_user)

    [payment] = page.rows[0].payments
    assert payment.name == "Membership (id 700001)"
    assert payment.other == ("Membership cost recalculation",)


async def test_a_missed_visit_reads_as_not_come_and_unpaid(desk_user) -> None:
    missed = record(
        7004, "2026-03-01T07:30:00-05:00", ("Reformer pilates", 35, 0, "not_paid"), attendance=-1
    )
    fake = altegio(visits_answer(missed), transactions_answer())

    [visit] = (await history(fake, desk_user)).rows

    assert (visit.attendance_words, visit.paid_state, visit.paid) == (
        "Did not come",
        "unpaid",
        Decimal(0),
    )


async def test_products_bought_in_a_visit_join_it(desk_user) -> None:
    sale = {
        "id": 900,
        "date": "2026-03-20T18:30:00-04:00",
        "visit_id": 7002,
        "record_id": 8002,
        "goods": [
            {
                "title": "Surfboard",
                "cost_to_pay": 2460,
                "paid_sum": 2460,
                "payment_status": "paid_full",
            }
        ],
        "staff": {"id": 5003, "name": "Noah Reyes"},
    }
    fake = altegio(visits_answer(TWO_CARDS, goods=[sale]), transactions_answer())

    [visit] = (await history(fake, desk_user)).rows

    assert [line.title for line in visit.lines] == ["Yoga class", "Surf lesson", "Surfboard"]
    assert visit.cost == Decimal(2540)


async def test_each_page_is_audited_like_a_lookup_with_the_clients_masked_phone(desk_user):
    fake = altegio(visits_answer(TWO_CARDS, CASH), transactions_answer())
    james = ClientRecord(id=JAMES, name="James Smith", phone="+13155550178")

    await history(fake, desk_user, client=james, paid_with=YOGA_8)

    entry = await AuditEntry.objects.aget()
    assert entry.kind == AuditEntry.Kind.CLIENT_VISITS
    assert entry.location_id == HARBOR.id
    assert entry.phone_masked == "+1 *** ***-01-78"
    assert entry.query == f"client {JAMES}, visits 2026-01-01–2026-03-31, membership 659882"
    assert (entry.outcome, entry.result_count) == ("found", 2)


async def test_history_counts_against_the_lookup_quota(desk_user, settings) -> None:
    settings.LOOKUPS_PER_MINUTE = 1
    fake = altegio(visits_answer(CASH), transactions_answer())
    await history(fake, desk_user)

    with pytest.raises(LookupLimitReached):
        await history(fake, desk_user)


async def test_both_calls_are_front_desk_work_in_the_request_budget(desk_user) -> None:
    asked: list[Priority] = []

    class RecordingLimiter:
        async def acquire(self, priority: Priority = Priority.INTERACTIVE) -> Grant:
            asked.append(priority)
            return Grant()

        async def expected_wait(self) -> float:
            return 0.0

    fake = altegio(visits_answer(TWO_CARDS), transactions_answer())

    await history(fake, desk_user, limiter=RecordingLimiter())

    assert asked == [Priority.INTERACTIVE, Priority.INTERACTIVE]


@pytest.mark.parametrize(
    ("access", "visits", "what_paid"),
    [
        ({"loyalty_access": "1"}, True, True),
        # Altegio's documented keys alone: the client base opens the visits.
        ({"loyalty_access": "0", "clients_access": "1"}, True, False),
        # The attendance-history key decides the visits when Altegio sends it.
        (
            {
                "loyalty_access": "1",
                "clients_access": "1",
                "clients_show_attendance_history_access": "0",
            },
            False,
            True,
        ),
        (
            {
                "loyalty_access": "0",
                "clients_access": "1",
                "clients_show_attendance_history_access": "1",
            },
            True,
            False,
        ),
        (
            {
                "loyalty_access": "1",
                "clients_access": "1",
                "loyalty_abonement_history_access": "0",
            },
            True,
            False,
        ),
        ({"loyalty_access": "1", "clients_access": "0"}, False, True),
    ],
)
async def test_each_part_has_its_own_access_key_and_loyalty_access_decides_when_absent(
    access, visits, what_paid
) -> None:
    rights = visit_rights([chain(**access)])

    assert (rights.visits, rights.what_paid) == (visits, what_paid)
