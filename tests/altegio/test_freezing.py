"""Freeze and unfreeze, the first writes (docs/altegio.md §2.6, §5.7): sent once, read leniently."""

from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from loyalty.altegio import AltegioInvalid, AltegioRefused, AltegioTimeout
from loyalty.altegio.memberships import freeze_membership, unfreeze_membership
from loyalty.altegio.types import Chain
from loyalty.rights import FREEZE

from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio, body

EASTERN = timezone(timedelta(hours=-5))
UNFREEZES_ON = date(2027, 1, 1)  # frozen through 31 Dec 2026
FROZEN_ANSWER = {
    "success": True,
    "data": {
        "id": 123,
        "number": "123456",
        "is_frozen": True,
        "freeze_period": 14,
        "freeze_till": "2026-12-31T23:59:59-05:00",
    },
    "meta": [],
}


def test_a_freeze_posts_the_unfreeze_day_as_altegios_own_code_does(altegio: FakeAltegio) -> None:
    altegio.answer(FROZEN_ANSWER)
    answer = altegio.call(
        freeze_membership, chain_id=706028, membership_id=123, unfreezes_on=UNFREEZES_ON
    )
    request = altegio.last
    assert (request.method, request.url.path) == (
        "POST",
        "/api/v1/chain/706028/loyalty/abonements/123/freeze",
    )
    # altegio-pro-mcp sends the day alone, "unfreezes by itself on this date" (docs §2.6).
    assert body(request) == {"freeze_till": "2027-01-01"}
    assert request.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"
    assert (answer.number, answer.is_frozen, answer.freeze_period) == ("123456", True, 14)
    # The doc's answer echoes a moment; a day alone is read too.
    assert answer.freeze_till == datetime(2026, 12, 31, 23, 59, 59, tzinfo=EASTERN)


def test_a_freeze_answer_with_the_day_alone_is_read(altegio: FakeAltegio) -> None:
    data = {**FROZEN_ANSWER["data"], "freeze_till": "2027-01-01"}  # type: ignore[dict-item]
    altegio.answer({**FROZEN_ANSWER, "data": data})
    answer = altegio.call(
        freeze_membership, chain_id=1, membership_id=123, unfreezes_on=UNFREEZES_ON
    )
    assert answer.freeze_till is not None
    assert answer.freeze_till.date() == UNFREEZES_ON


def test_a_2xx_with_success_false_on_a_write_is_a_refusal_with_altegios_words(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(
        {"success": False, "data": None, "meta": {"message": "Subscription cannot be frozen"}}
    )
    with pytest.raises(AltegioRefused) as raised:
        altegio.call(freeze_membership, chain_id=1, membership_id=2, unfreezes_on=UNFREEZES_ON)
    assert raised.value.api_message == "Subscription cannot be frozen"
    assert len(altegio.requests) == 1


def test_an_unfreeze_posts_no_body_and_reads_the_days_frozen(altegio: FakeAltegio) -> None:
    altegio.answer(
        {"success": True, "data": {"id": "123", "number": 123456, "is_frozen": "0",
                                   "freeze_period": "14"}, "meta": []}
    )  # fmt: skip
    answer = altegio.call(unfreeze_membership, chain_id=706028, membership_id=123)
    assert altegio.last.url.path.endswith("/123/unfreeze")
    assert altegio.last.content in (b"", b"null")
    assert (answer.id, answer.number, answer.is_frozen, answer.freeze_period) == (
        123,
        "123456",
        False,
        14,
    )


def test_a_write_answered_with_no_body_still_names_the_membership(altegio: FakeAltegio) -> None:
    altegio.answer(None, status=200)
    answer = altegio.call(unfreeze_membership, chain_id=706028, membership_id=77)
    assert answer.id == 77


def test_a_refusal_keeps_altegios_words_and_field_errors(altegio: FakeAltegio) -> None:
    altegio.answer(
        {"success": False, "data": None, "meta": {"message": "Freeze period exceeds limit"}},
        status=422,
    )
    with pytest.raises(AltegioInvalid) as raised:
        altegio.call(freeze_membership, chain_id=1, membership_id=2, unfreezes_on=UNFREEZES_ON)
    assert raised.value.api_message == "Freeze period exceeds limit"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_freeze_is_never_retried_even_on_a_server_error(
    altegio: FakeAltegio, status: int
) -> None:
    altegio.answer({"success": False, "data": None, "meta": {"message": "x"}}, status=status)
    with pytest.raises(Exception):  # noqa: B017, PT011 - which one is the boundary's business
        altegio.call(freeze_membership, chain_id=1, membership_id=2, unfreezes_on=UNFREEZES_ON)
    assert len(altegio.requests) == 1


def test_a_freeze_that_times_out_is_sent_once_and_reported_as_a_timeout(
    altegio: FakeAltegio,
) -> None:
    altegio.fail(httpx.ReadTimeout("slow"))
    with pytest.raises(AltegioTimeout):
        altegio.call(freeze_membership, chain_id=1, membership_id=2, unfreezes_on=UNFREEZES_ON)
    assert len(altegio.requests) == 1


@pytest.mark.parametrize(
    ("access", "may"),
    [
        ({"loyalty_access": "1", "loyalty_abonement_period_edit_access": "1"}, True),
        ({"loyalty_access": "1", "loyalty_abonement_period_edit_access": "0"}, False),
        ({"loyalty_access": 1, "loyalty_abonement_period_edit_access": 0}, False),
        # The history right (M3, read before every write) falls back to loyalty_access too.
        ({"loyalty_access": "0", "loyalty_abonement_period_edit_access": 1}, False),
        (
            {
                "loyalty_access": "0",
                "loyalty_abonement_period_edit_access": 1,
                "loyalty_abonement_history_access": 1,
            },
            True,
        ),
        ({"loyalty_access": "1"}, True),  # absent: loyalty_access decides
        ({"loyalty_access": "0"}, False),
        ({}, False),
    ],
)
def test_the_period_edit_right_decides_when_present_else_loyalty_access(
    access: dict[str, object], may: bool
) -> None:
    chain = Chain.model_validate({"id": 1, "access": access})
    assert FREEZE.held_in(chain) is may
    # The right survives the session's JSON round trip, absent stays absent.
    assert FREEZE.held_in(Chain.model_validate(chain.model_dump(mode="json"))) is may
