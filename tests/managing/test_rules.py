"""The rules of an extension and a balance correction, judged on the server before anything is
sent (loyalty/services/writes/extend.py, balance.py), and the lengths they count with
(validity.py)."""

from datetime import date
from typing import Any

import pytest

from loyalty.altegio.types import Membership
from loyalty.services.writes.balance import POOL, BalancePlan, LineAsked, balance_rules
from loyalty.services.writes.extend import BY, TO, ExtendPlan, extend_rules
from loyalty.services.writes.validity import Length, as_period, expected_expiry

TODAY = date(2026, 12, 2)
YOGA, MASSAGE = 3129592, 13160813


def membership(**fields: Any) -> Membership:
    """An active membership valid for 3 months from 30 Nov 2026, as M3 lists it."""
    return Membership.model_validate(
        {
            "id": 5,
            "status": {"id": 2},
            "period": 3,
            "period_unit_id": 3,
            "activated_date": "2026-11-30T10:00:00-05:00",
            "expiration_date": "2027-02-28T23:59:59-05:00",
            "balance_container": {
                "links": [
                    {"count": 4, "category": {"id": YOGA, "title": "Yoga", "is_category": True}},
                    {
                        "count": 0,
                        "is_unlimited": True,
                        "service": {"id": MASSAGE, "title": "Massage"},
                    },
                ]
            },
            "type": {"id": 1, "salon_group_id": 145071, "title": "Yoga"},
            **fields,
        }
    )


def extension(amount: int | None, unit: int = 3, mode: str = BY) -> ExtendPlan:
    return ExtendPlan("extend", mode=mode, amount=amount, unit_id=unit, reason="Goodwill")


def extend_verdict(plan: ExtendPlan | None, of: Membership | None = None) -> str:
    return extend_rules(plan, of or membership(), None, TODAY).english


def correction(*lines: tuple[int, int | None, int]) -> BalancePlan:
    return BalancePlan("balance", lines=tuple(LineAsked(*line) for line in lines), reason="x")


def balance_verdict(plan: BalancePlan | None, of: Membership | None = None) -> str:
    return balance_rules(plan, of or membership(), None, TODAY).english


# --- Lengths -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "unit", "period"),
    [
        (Length(months=4), 3, (4, 3)),
        (Length(months=24), 4, (2, 4)),  # whole years stay years
        (Length(months=13), 4, (13, 3)),
        (Length(days=21), 2, (3, 2)),  # whole weeks stay weeks
        (Length(days=20), 2, (20, 1)),
        (Length(months=3, days=10), 3, (100, 1)),  # 30 Nov → 28 Feb is 90 days, then 10 more
    ],
)
def test_a_new_length_goes_in_the_memberships_own_unit_where_it_fits(
    length: Length, unit: int, period: tuple[int, int]
) -> None:
    assert as_period(length, membership(period_unit_id=unit)) == period


def test_a_month_keeps_its_day_or_ends_on_the_last_one() -> None:
    assert Length(months=1).end(date(2027, 1, 31)) == date(2027, 2, 28)
    assert Length(months=3).end(date(2026, 11, 30)) == date(2027, 2, 28)
    assert Length(months=12).end(date(2024, 2, 29)) == date(2025, 2, 28)


def test_the_expiry_moves_by_the_difference_between_the_lengths_from_activation() -> None:
    # 30 Nov + 3 months = 28 Feb; + 4 months = 30 Mar: the expiry moves 30 days.
    assert expected_expiry(membership(), Length(months=4)) == date(2027, 3, 30)
    assert expected_expiry(membership(expiration_date=None, status={"id": 1}), Length(1)) is None


# --- Extend ------------------------------------------------------------------------------------


def test_an_extension_is_allowed_by_days_weeks_or_months() -> None:
    for unit in (1, 2, 3):
        assert extend_verdict(extension(1, unit)) == ""
    assert extend_verdict(None) == ""


@pytest.mark.parametrize(
    ("plan", "fields", "reason"),
    [
        (None, {"status": {"id": 3, "slug": "expired"}}, "Only an issued or active"),
        (None, {"status": {"id": 4}}, "Only an issued or active"),
        (None, {"expiration_date": None}, "Altegio sets no expiry"),
        (extension(None), {}, "Say by how much"),
        (extension(0), {}, "Say by how much"),
        (extension(1, 7), {}, "Say by how much"),
        (extension(1), {"period": 0, "period_unit_id": 0}, "set it to a length instead"),
        (extension(3, 3, TO), {}, "Its validity is 3 months already."),
        (extension(1, 1, TO), {}, "That makes it end on 2026-12-01, before today (2026-12-02)"),
        (extension(10, 4), {}, "more than 10 years ahead"),
    ],
)
def test_an_extension_our_rules_refuse(
    plan: ExtendPlan | None, fields: dict[str, Any], reason: str
) -> None:
    assert reason in extend_verdict(plan, membership(**fields))


def test_an_expiry_in_the_past_may_be_brought_back_to_today_but_not_short_of_it() -> None:
    late = membership(expiration_date="2026-11-25T23:59:59-05:00")  # status not yet updated
    assert extend_verdict(extension(7, 1), late) == ""  # to 2 Dec: today
    assert "before today" in extend_verdict(extension(6, 1), late)


def test_an_issued_membership_may_get_a_longer_length_with_no_expiry_to_judge() -> None:
    issued = membership(status={"id": 1}, activated_date=None, expiration_date=None)
    assert extend_verdict(extension(1), issued) == ""


# --- Balance -----------------------------------------------------------------------------------


def test_a_correction_of_a_limited_line_is_allowed() -> None:
    assert balance_verdict(correction((YOGA, 4, 5))) == ""
    assert balance_verdict(correction((YOGA, 4, 0))) == ""
    assert balance_verdict(None) == ""


@pytest.mark.parametrize(
    ("plan", "reason"),
    [
        (correction((YOGA, 4, 4)), "Nothing to send"),
        (correction((YOGA, 4, -1)), "A balance cannot go below zero."),
        (correction((YOGA, 4, 1000)), "More than 999 visits"),
        (correction((MASSAGE, 0, 3)), "Massage is unlimited and cannot be changed."),
        (correction((YOGA, 3, 5)), "Yoga has 4 visits left now, not 3 as the form showed"),
        (correction((777, 1, 2)), "The balance lines changed since the form opened"),
        (correction((POOL, 4, 5)), "The balance lines changed since the form opened"),
    ],
)
def test_a_correction_our_rules_refuse(plan: BalancePlan, reason: str) -> None:
    assert reason in balance_verdict(plan)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": {"id": 3}}, "Only an issued or active membership's balance"),
        ({"is_united_balance": True, "is_united_balance_unlimited": True}, "unlimited visits"),
        ({"balance_container": {"links": []}}, "Altegio sends no balance"),
    ],
)
def test_a_membership_with_nothing_to_correct(fields: dict[str, Any], reason: str) -> None:
    assert reason in balance_verdict(None, membership(**fields))


def test_a_shared_pool_is_one_line() -> None:
    pool = membership(is_united_balance=True, united_balance_services_count=3)
    assert balance_verdict(correction((POOL, 3, 4)), pool) == ""
    assert "changed since the form opened" in balance_verdict(correction((YOGA, 4, 5)), pool)
