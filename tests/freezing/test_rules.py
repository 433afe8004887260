"""The freeze rules in words, the allowance left and the until-day's moment at the chain."""

from datetime import date
from typing import Any

import pytest

from loyalty.altegio.types import Chain, Membership
from loyalty.services.freezing import (
    Action,
    FreezePlan,
    days_frozen,
    end_of_day,
    freeze_rules,
)

TODAY = date(2026, 12, 2)


def membership(**fields: Any) -> Membership:
    """An active membership with the given fields over a freezable type."""
    kind = {"id": 1, "allow_freeze": True, "freeze_limit": 30, "freeze_limit_unit_id": 1}
    kind.update(fields.pop("type", {}))
    return Membership.model_validate(
        {
            "id": 5,
            "status": {"id": 2},
            "expiration_date": "2027-01-31T23:59:59-05:00",
            "type": kind,
            **fields,
        }
    )


def plan(action: Action = Action.FREEZE, **fields: Any) -> FreezePlan:
    """The form's plan for a membership, today at New York."""
    chain = Chain.model_validate({"id": 1})
    return FreezePlan(action, chain, membership(**fields), "America/New_York", TODAY, "key")


@pytest.mark.parametrize(
    ("limit", "unit", "days", "words"),
    [
        (14, 1, 14, "up to 14 days in total"),
        (2, 2, 14, "up to 2 weeks (14 days) in total"),
        (1, 3, 30, "up to 1 month (30 days) in total"),
        (1, 4, 365, "up to 1 year (365 days) in total"),
        (10, 0, 10, "up to 10 days in total"),  # no unit: days, as older docs have it
    ],
)
def test_the_limit_reads_in_its_unit_and_counts_in_days(
    limit: int, unit: int, days: int, words: str
) -> None:
    rules = freeze_rules(membership(type={"freeze_limit": limit, "freeze_limit_unit_id": unit}))
    assert rules.limit_days == days
    assert words in rules.words[0]


@pytest.mark.parametrize("unit", [0, 1, 2, 3, 4, 9])
def test_the_card_and_the_form_agree_on_the_allowance_left(unit: int) -> None:
    frozen_before = membership(
        freeze_period=5, type={"freeze_limit": 2, "freeze_limit_unit_id": unit}
    )
    assert frozen_before.freeze_days_left == freeze_rules(frozen_before).left_days


def test_the_allowance_left_is_the_limit_less_the_days_used() -> None:
    rules = freeze_rules(membership(freeze_period=12, type={"freeze_limit": 14}))
    assert rules.left_days == 2
    assert "12 days used so far, 2 left" in rules.words[0]


def test_booking_while_frozen_is_said_either_way() -> None:
    allowed = freeze_rules(membership(type={"is_booking_when_frozen_allowed": "1"}))
    assert "While frozen it can still pay for visits." in allowed.words
    assert "While frozen it cannot pay for visits." in freeze_rules(membership()).words


def test_a_type_without_freezing_says_so() -> None:
    rules = freeze_rules(membership(type={"allow_freeze": 0, "freeze_limit": 0}))
    assert rules.words == ["This membership's type does not allow freezing."]
    assert plan(type={"allow_freeze": 0}).blocked == (
        "This membership's type does not allow freezing."
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"is_frozen": True, "freeze_period": 3}, "This membership is frozen already."),
        ({"status": {"id": 3}}, "Only an issued or active membership can be frozen."),
        ({"freeze_period": 30}, "The type's freeze allowance is used up."),
        ({}, ""),
    ],
)
def test_the_form_says_why_it_offers_nothing(fields: dict[str, Any], reason: str) -> None:
    assert plan(**fields).blocked == reason


def test_unfreezing_needs_a_frozen_membership() -> None:
    assert plan(Action.UNFREEZE).blocked == "This membership is not frozen."
    assert plan(Action.UNFREEZE, is_frozen=True).blocked == ""


def test_the_latest_day_and_the_expiry_preview_follow_the_allowance() -> None:
    near = plan(freeze_period=12, type={"freeze_limit": 14})
    assert near.latest == date(2026, 12, 3)  # today and tomorrow: the 2 days left
    assert near.expires == date(2027, 1, 31)
    assert near.latest_expiry == date(2027, 2, 2)


def test_a_day_counts_whole_from_today_to_the_until_day() -> None:
    assert days_frozen(until=TODAY, today=TODAY) == 1
    assert days_frozen(until=date(2026, 12, 14), today=TODAY) == 13


@pytest.mark.parametrize(
    ("zone", "moment"),
    [
        ("America/New_York", "2026-12-14T23:59:59-05:00"),
        ("Europe/Moscow", "2026-12-14T23:59:59+03:00"),
        ("America/New_York", "2026-07-14T23:59:59-04:00"),  # summer time
    ],
)
def test_the_until_day_ends_at_the_chains_midnight(zone: str, moment: str) -> None:
    day = date.fromisoformat(moment[:10])
    assert end_of_day(day, zone).isoformat() == moment
