"""Correcting a membership's balance from a lookup card or a chain list row: rights, rules, safety.

The sandbox answers set_balance as the real API does, 2xx with an empty body: every number the
page shows after a correction is read back from Altegio (M3 by id).
"""

import json
from typing import Any

import httpx
import pytest
from django.test import Client

from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from loyalty.sandbox.models import Link
from loyalty.sandbox.writes import BalanceState
from tests.helpers import (
    HARBOR_CHAIN,
    LOOKUP,
    NEVSKY_CHAIN,
    ClientResponse,
    form_key,
    open_write,
    posts,
    send_write_form,
    visible_text,
    write_audit,
    write_url,
)

YOGA_20, SHARED, UNLIMITED, COMBO = 659883, 659881, 659880, 659887
YOGA, MASSAGE_60 = 3129592, 13160813  # YOGA_20's one line (a category); COMBO's second line
OLGA_POOL = 659906  # Nevsky: the manager has no balance right there
KIND = AuditEntry.Kind.MEMBERSHIP_BALANCE


def correct(
    client: Client,
    key: str,
    lines: dict[int, Any],
    *,
    reason: str = "Charged by mistake",
    membership_id: int = YOGA_20,
    **where: Any,
) -> ClientResponse:
    """Send the balance form: the new number per line (with the number it showed)."""
    fields = {"key": key, "reason": reason}
    for target, value in lines.items():
        new, seen = value if isinstance(value, tuple) else (value, None)
        fields[f"visits_{target}"] = str(new)
        if seen is not None:
            fields[f"seen_{target}"] = str(seen)
    return send_write_form(client, membership_id, "balance", fields, **where)


def opened(client: Client, membership_id: int = YOGA_20) -> str:
    """Open the balance form; its one-time key."""
    response = open_write(client, membership_id, "balance")
    assert response.status_code == 200
    return form_key(response)


def set_balance_posts(requests: list[httpx.Request]) -> list[dict[str, Any]]:
    """The set_balance bodies that reached Altegio."""
    return [json.loads(r.content) for r in posts(requests) if r.url.path.endswith("/set_balance")]


# --- Where it is offered, and the form ---------------------------------------------------------


def test_the_card_offers_a_correction_where_there_is_a_number_and_the_front_desk_sees_none(
    manager: Client, front_desk: Client
) -> None:
    page = manager.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode()
    assert 'Correct balance…<span class="visually-hidden"> membership 219181' in page
    assert (
        'Correct balance…<span class="visually-hidden"> membership 219160' not in page
    )  # unlimited
    row = visible_text(manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": str(YOGA_20)}))
    assert "Correct balance…" in row
    desk = front_desk.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode()
    assert "Correct balance…" not in desk
    assert "/balance/" not in desk


def test_the_form_shows_each_line_now_and_keeps_unlimited_lines_out_of_reach(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    # COMBO as if its massage line were unlimited: shown, and not a field.
    seeded = sandbox.data.memberships[COMBO]
    links = (seeded.links[0], Link(0, True, service_id=MASSAGE_60))
    with sandbox._writes.editing() as write:
        write(seeded, BalanceState(seeded.united_balance_services_count, links))
    response = open_write(manager, COMBO, "balance")
    text = visible_text(response)
    assert "Yoga 6 visits left now" in text
    assert "Massage 60 min: Unlimited (cannot be changed)" in text
    body = response.content.decode()
    assert f'name="visits_{YOGA}"' in body
    assert f'name="visits_{MASSAGE_60}"' not in body
    assert set_balance_posts(upstream) == []
    # A forged field for the unlimited line is refused here, never sent.
    sent = correct(manager, form_key(response), {MASSAGE_60: 3}, membership_id=COMBO)
    assert "Massage 60 min is unlimited and cannot be changed." in visible_text(sent)
    assert set_balance_posts(upstream) == []


def test_an_unlimited_membership_has_nothing_to_correct(manager: Client) -> None:
    response = open_write(manager, UNLIMITED, "balance")
    assert "unlimited visits: there is no number to correct" in visible_text(response)
    assert 'name="visits_' not in response.content.decode()


# --- Sending -----------------------------------------------------------------------------------


def test_a_line_is_corrected_once_and_the_number_shown_is_the_one_read_back(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    response = correct(manager, opened(manager), {YOGA: (15, 14)}, reason="Make-up class")
    assert set_balance_posts(upstream) == [
        {"services_balance_count": [{"service_id": YOGA, "balance": 15}]}
    ]
    text = visible_text(response)
    assert "Balance corrected. Yoga: Altegio reports 15 visits left (was 14)." in text
    assert "Yoga (category) 15 visits left" in text  # the card, as read back
    calls = [(call.endpoint, call.status) for call in sandbox.calls]
    assert calls[calls.index(("set_balance", 200)) + 1][0] == "M3"
    (entry,) = write_audit(KIND)
    assert (entry.outcome, entry.reason) == ("done", "Make-up class")
    assert entry.query.endswith(f"line {YOGA} 14 → 15")


def test_a_shared_pool_is_sent_as_the_pool(manager: Client, upstream: list[httpx.Request]) -> None:
    response = correct(manager, opened(manager, SHARED), {0: (2, 1)}, membership_id=SHARED)
    assert set_balance_posts(upstream) == [{"united_balance_services_count": 2}]
    assert "Shared pool: Altegio reports 2 visits left (was 1)." in visible_text(response)


def test_only_the_lines_that_change_are_sent(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = opened(manager, COMBO)
    correct(manager, key, {YOGA: (6, 6), MASSAGE_60: (2, 1)}, membership_id=COMBO)
    assert set_balance_posts(upstream) == [
        {"services_balance_count": [{"service_id": MASSAGE_60, "balance": 2}]}
    ]


def test_a_row_is_rerendered_in_place_from_the_chain_list(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = correct(manager, opened(manager), {YOGA: (13, 14)}, show="row")
    body = response.content.decode().lstrip()
    assert body.startswith(f'<tr id="membership-row-{YOGA_20}">')
    assert "13 visits left" in visible_text(response)


def test_a_double_submit_reaches_altegio_once(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    correct(manager, key, {YOGA: (15, 14)})
    second = visible_text(correct(manager, key, {YOGA: (15, 14)}))
    assert len(set_balance_posts(upstream)) == 1
    assert "This form was sent already, so nothing was sent again." in second
    assert "Altegio has it now with Yoga: 15 visits left." in second


def test_a_timeout_reads_the_balance_back_and_claims_nothing(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    sandbox.inject("set_balance", kind="timeout_after", times=1)
    text = visible_text(correct(manager, key, {YOGA: (15, 14)}))
    assert "we cannot tell whether it corrected the balance." in text
    assert "Altegio has it now with Yoga: 15 visits left." in text
    assert "Balance corrected." not in text
    assert len(set_balance_posts(upstream)) == 1  # never retried
    assert write_audit(KIND)[0].outcome.startswith("outcome unknown")


# --- Refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "said", "audited"),
    [
        ("-1", "Ensure this value is greater than or equal to 0.", "the form was not valid"),
        ("1000", "Ensure this value is less than or equal to 999.", "the form was not valid"),
        ("14", "Nothing to send: every number is as it is now.", "Nothing to send"),
        ("two", "Enter a whole number.", "the form was not valid"),
    ],
)
def test_a_number_that_cannot_go_is_never_sent_and_is_audited(
    manager: Client, upstream: list[httpx.Request], typed: str, said: str, audited: str
) -> None:
    key = opened(manager)
    response = correct(manager, key, {YOGA: (typed, 14)})
    assert said in visible_text(response)
    assert set_balance_posts(upstream) == []
    assert f'value="{typed}"' in response.content.decode()  # kept as typed
    assert form_key(response) != key
    (entry,) = write_audit(KIND)
    assert entry.outcome.startswith("refused by Loyalty Desk: ")
    assert audited in entry.outcome


def test_a_balance_changed_since_the_form_opened_is_not_overwritten(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    first_tab, second_tab = opened(manager), opened(manager)
    correct(manager, first_tab, {YOGA: (10, 14)})
    late = visible_text(correct(manager, second_tab, {YOGA: (15, 14)}))
    assert "Yoga has 10 visits left now, not 14 as the form showed" in late
    assert len(set_balance_posts(upstream)) == 1


def test_a_missing_reason_is_refused_here(manager: Client, upstream: list[httpx.Request]) -> None:
    response = correct(manager, opened(manager), {YOGA: (15, 14)}, reason="")
    assert "Give a reason" in visible_text(response)
    assert set_balance_posts(upstream) == []


def test_altegios_own_refusal_is_shown_in_its_words_with_a_fresh_form(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    sandbox.inject("set_balance", status=422, times=1)
    response = correct(manager, key, {YOGA: (15, 14)})
    text = visible_text(response)
    assert "Altegio said: “An error occurred”" in text
    assert "Injected validation error" in text
    assert form_key(response) != key
    assert write_audit(KIND)[0].outcome == "refused by Altegio: An error occurred"


def test_a_2xx_with_success_false_is_a_refusal(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    sandbox.inject("set_balance", kind="success_false", times=1)
    response = correct(manager, key, {YOGA: (15, 14)})
    assert "Altegio said: “An error occurred”" in visible_text(response)
    assert f'name="visits_{YOGA}"' in response.content.decode()
    assert write_audit(KIND)[0].outcome == "refused by Altegio: An error occurred"


# --- Rights ------------------------------------------------------------------------------------


def test_the_front_desks_direct_post_gets_403_and_nothing_is_sent(
    front_desk: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    sandbox.calls.clear()
    response = front_desk.post(
        write_url(YOGA_20, "balance"), {"key": "guessed", f"visits_{YOGA}": "99", "reason": "x"}
    )
    assert response.status_code == 403
    assert "You have no right to correct the balance" in visible_text(response)
    assert set_balance_posts(upstream) == []
    assert not [call for call in sandbox.calls if call.endpoint == "set_balance"]


def test_the_manager_without_the_balance_right_in_nevsky_is_refused_here(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    assert manager.get(write_url(OLGA_POOL, "balance", NEVSKY_CHAIN)).status_code == 403
    response = manager.post(write_url(OLGA_POOL, "balance", NEVSKY_CHAIN), {"key": "x"})
    assert response.status_code == 403
    assert set_balance_posts(upstream) == []
    assert write_audit(KIND)[0].outcome == "refused by Loyalty Desk: no balance right in this chain"


def test_the_audit_log_shows_both_writes_with_their_reasons(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    correct(manager, opened(manager), {YOGA: (15, 14)}, reason="Make-up class")
    page = visible_text(manager.get("/audit/", {"kind": "membership_balance"}))
    assert "Membership balance correction" in page
    assert "Reason: Make-up class" in page
    assert f"line {YOGA} 14 → 15" in page
