"""The freeze rules: from the type read by id, one answer for every screen, and the server's
own check of a whole plan before anything is sent (loyalty/services/cards/freeze.py,
loyalty/services/writes/freeze.py)."""

from datetime import date
from typing import Any

import pytest

from loyalty.altegio.types import Chain, Membership, MembershipType
from loyalty.services.cards.freeze import FreezeAllowance, FreezeRules
from loyalty.services.writes.action import Verdict, WritePlan
from loyalty.services.writes.freeze import (
    FREEZE,
    NO_LIMIT_HORIZON_DAYS,
    FreezeDetails,
    FreezePlan,
    days_frozen,
)
from loyalty.services.writes.protocol import WriteDraft
from loyalty.services.writes.registry import ACTIONS

TODAY = date(2026, 12, 2)


def kind(**fields: Any) -> MembershipType:
    """A type as M7 reads it: freezing allowed, up to 30 days, not bookable while frozen."""
    return MembershipType.model_validate(
        {
            "id": 1,
            "allow_freeze": True,
            "freeze_limit": 30,
            "freeze_limit_unit_id": 1,
            "is_booking_when_frozen_allowed": False,
            **fields,
        }
    )


def membership(**fields: Any) -> Membership:
    """An active membership as M3 lists it: its type embeds only id, chain and title."""
    return Membership.model_validate(
        {
            "id": 5,
            "status": {"id": 2},
            "expiration_date": "2027-01-31T23:59:59-05:00",
            "type": {"id": 1, "salon_group_id": 145071, "title": "Yoga"},
            **fields,
        }
    )


def judge(
    plan: WritePlan, *, membership: Membership, kind: MembershipType | None, today: date
) -> Verdict:
    """The action's own rules on the plan, as the server asks them before sending."""
    return ACTIONS[plan.action].rules(plan, membership, kind, today)


def verdict(plan: WritePlan, *, of: Membership | None = None, type_: Any = "default") -> str:
    """Why the plan is refused ('' when allowed), in words."""
    found = kind() if type_ == "default" else type_
    return judge(plan, membership=of or membership(), kind=found, today=TODAY).words


def freeze_on(day: date) -> FreezePlan:
    """A freeze that unfreezes on `day`."""
    return FreezePlan("freeze", day)


# --- What the type allows, and how it reads ----------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "unit", "days", "words"),
    [
        (14, 1, 14, "14 days"),
        (2, 2, 14, "2 weeks (14 days)"),
        (1, 3, 30, "1 month (30 days)"),
        (1, 4, 365, "1 year (365 days)"),
        (10, None, 10, "10 days"),  # M4 sends no unit: counted as days, the smallest reading
    ],
)
def test_the_limit_reads_in_the_types_own_unit_and_counts_in_days(
    limit: int, unit: int | None, days: int, words: str
) -> None:
    allowance = FreezeAllowance.of(kind(freeze_limit=limit, freeze_limit_unit_id=unit))
    assert allowance.limit_days == days
    assert allowance.limit_words == words
    assert allowance.words == f"Up to {words} in total"


@pytest.mark.parametrize("limit", [0, None, "0", ""])
def test_a_limit_of_zero_or_null_is_no_limit_everywhere(limit: object) -> None:
    found = kind(freeze_limit=limit)
    rules = FreezeRules.of(membership(freeze_period=40), found)
    assert rules.allowance.limit is None
    assert rules.allowance.words == "Allowed, no limit"
    assert rules.left_days is None
    assert rules.left_words == "no limit"
    assert rules.words[0] == "The type sets no limit on freezing; 40 days used so far."
    assert not rules.used_up
    assert verdict(freeze_on(date(2027, 3, 1)), type_=found) == ""


def test_a_type_that_does_not_allow_freezing_says_so_whatever_its_limit() -> None:
    rules = FreezeRules.of(membership(), kind(allow_freeze=0, freeze_limit=0))
    assert rules.words == ["This membership's type does not allow freezing."]
    assert rules.allowance.words == "Not allowed"
    assert rules.left_words == ""


def test_paying_while_frozen_is_said_only_when_the_type_says_it() -> None:
    yes = FreezeAllowance.of(kind(is_booking_when_frozen_allowed="1"))
    no = FreezeAllowance.of(kind())
    unknown = FreezeAllowance.of(kind(is_booking_when_frozen_allowed=None))
    assert yes.booking_words == "While frozen it can still pay for visits."
    assert no.booking_words == "While frozen it cannot pay for visits."
    assert unknown.booking_words == ""
    assert "cannot pay" not in " ".join(FreezeRules.of(membership(), kind(
        is_booking_when_frozen_allowed=None)).words)  # fmt: skip


def test_the_allowance_left_is_the_limit_less_the_days_used() -> None:
    rules = FreezeRules.of(membership(freeze_period=12), kind(freeze_limit=14))
    assert rules.left_days == 2
    assert rules.left_words == "2 days"
    assert "12 days used so far, 2 days left" in rules.words[0]


def test_a_type_that_could_not_be_read_makes_the_rules_unknown_never_a_no() -> None:
    rules = FreezeRules.of(membership(), None)
    assert not rules.allowance.known
    assert rules.left_words == ""
    assert rules.allowance.words == ""
    assert "could not be read from Altegio" in rules.words[0]


# --- The server's check of a whole plan -------------------------------------------------------


def test_a_plan_within_the_rules_is_allowed() -> None:
    assert verdict(freeze_on(date(2026, 12, 12))) == ""
    assert judge(freeze_on(date(2026, 12, 12)), membership=membership(), kind=kind(), today=TODAY)


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (TODAY, "must be after today (2026-12-02)"),
        (date(2026, 11, 30), "must be after today"),
        (date(1, 1, 1), "must be after today"),
        (date(2027, 1, 2), "makes 31 days of freeze; the type's allowance leaves 30"),
        (date(9999, 12, 31), "the type's allowance leaves 30"),
    ],
)
def test_a_day_in_the_past_or_beyond_the_allowance_is_refused(day: date, reason: str) -> None:
    assert reason in verdict(freeze_on(day))


def test_with_no_limit_a_day_beyond_the_horizon_is_refused() -> None:
    no_limit = kind(freeze_limit=0)
    far = date.fromordinal(TODAY.toordinal() + NO_LIMIT_HORIZON_DAYS + 1)
    assert "more than 730 days ahead" in verdict(freeze_on(far), type_=no_limit)
    assert "more than 730 days ahead" in verdict(freeze_on(date(9999, 12, 31)), type_=no_limit)


@pytest.mark.parametrize(
    ("fields", "type_fields", "reason"),
    [
        ({}, {"allow_freeze": False}, "This membership's type does not allow freezing."),
        ({"is_frozen": True, "freeze_period": 3}, {}, "This membership is frozen already."),
        ({"status": {"id": 3}}, {}, "Only an issued or active membership can be frozen."),
        ({"expiration_date": "2026-12-01T23:59:59-05:00"}, {}, "This membership has expired."),
        ({"freeze_period": 30}, {}, "The type's freeze allowance is used up."),
    ],
)
def test_the_state_of_the_membership_read_fresh_can_refuse_any_day(
    fields: dict[str, Any], type_fields: dict[str, Any], reason: str
) -> None:
    assert (
        verdict(freeze_on(date(2026, 12, 5)), of=membership(**fields), type_=kind(**type_fields))
        == reason
    )


def test_a_freeze_without_a_day_is_refused() -> None:
    assert verdict(FreezePlan("freeze")) == "Pick the day it unfreezes on."


def test_a_freeze_is_refused_when_the_type_could_not_be_read() -> None:
    assert "could not be read from Altegio" in verdict(freeze_on(date(2026, 12, 5)), type_=None)


def test_an_unfreeze_needs_a_frozen_membership_and_nothing_of_the_type() -> None:
    assert verdict(WritePlan("unfreeze")) == "This membership is not frozen."
    frozen = membership(is_frozen=True, freeze_period=4)
    assert verdict(WritePlan("unfreeze"), of=frozen, type_=None) == ""


def test_a_refusal_is_kept_in_english_for_the_audit_log() -> None:
    found = judge(freeze_on(date(2027, 1, 9)), membership=membership(), kind=kind(), today=TODAY)
    assert found.english == (
        "Unfreezing on 2027-01-09 makes 38 days of freeze; the type's allowance leaves 30."
    )


def test_the_days_frozen_are_the_days_before_it_unfreezes() -> None:
    assert days_frozen(unfreezes_on=date(2026, 12, 3), today=TODAY) == 1
    assert days_frozen(unfreezes_on=date(2026, 12, 14), today=TODAY) == 12


def draft(**fields: Any) -> WriteDraft:
    """The freeze form as it opens for a membership, today at New York."""
    type_fields = fields.pop("type_fields", {})
    return WriteDraft(
        FREEZE,
        Chain.model_validate({"id": 145071}),
        membership(**fields),
        kind(**type_fields),
        "America/New_York",
        TODAY,
        "key",
    )


def details(**fields: Any) -> FreezeDetails:
    """The freeze form's days for a membership."""
    found = draft(**fields).details
    assert isinstance(found, FreezeDetails)
    return found


def test_the_form_offers_tomorrow_to_the_last_day_the_allowance_leaves() -> None:
    near = details(freeze_period=12, type_fields={"freeze_limit": 14})
    assert (near.earliest, near.latest, near.offered) == (
        date(2026, 12, 3),
        date(2026, 12, 4),  # 2 days left: frozen today and tomorrow, unfrozen the day after
        date(2026, 12, 4),
    )


def test_the_form_of_a_type_without_limit_offers_a_week_up_to_the_horizon() -> None:
    free = details(type_fields={"freeze_limit": 0})
    assert free.offered == date(2026, 12, 9)
    assert free.latest == date.fromordinal(TODAY.toordinal() + NO_LIMIT_HORIZON_DAYS)


def test_the_form_says_why_it_offers_nothing() -> None:
    assert draft(freeze_period=30).blocked == "The type's freeze allowance is used up."
    assert draft().blocked == ""
