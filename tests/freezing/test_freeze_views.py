"""Freezing and unfreezing from a lookup card and a chain list row: rights, rules, safety."""

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from django.test import Client

from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from tests.conftest import HARBOR_CHAIN, HARBOR_STUDIO, NEVSKY_CHAIN, sign_in
from tests.helpers import ClientResponse

from .conftest import form_key, posts, text_of

CAN_FREEZE, NO_FREEZE, FROZEN, NEAR_LIMIT = 659883, 659886, 659879, 659887
OLGA_POOL = 659906  # Nevsky: the owner may freeze it, the manager may not
OWNER = {"username": "owner@sandbox.example", "password": "owner-demo"}
NEW_YORK, MOSCOW = ZoneInfo("America/New_York"), ZoneInfo("Europe/Moscow")
LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"


def url(membership_id: int, action: str = "freeze", chain_id: int = HARBOR_CHAIN) -> str:
    """Our freeze or unfreeze URL."""
    return f"/chains/{chain_id}/memberships/{membership_id}/{action}/"


def today(zone: ZoneInfo = NEW_YORK) -> date:
    """Today at the chain."""
    return datetime.now(zone).date()


def open_form(
    client: Client, membership_id: int, action: str = "freeze", chain_id: int = HARBOR_CHAIN
) -> str:
    """GET the inline form as htmx does from a lookup card; its one-time key."""
    response = client.get(
        url(membership_id, action, chain_id),
        {"show": "card", "location_id": str(HARBOR_STUDIO)},
        headers={"HX-Request": "true", "HX-Target": f"freeze-box-{membership_id}"},
    )
    assert response.status_code == 200
    return form_key(response)


def send(
    client: Client,
    membership_id: int,
    key: str,
    until: date | None = None,
    *,
    action: str = "freeze",
    chain_id: int = HARBOR_CHAIN,
    show: str = "card",
) -> ClientResponse:
    """POST the form as htmx does, swapping the card (or row)."""
    data = {"key": key, "show": show, "location_id": str(HARBOR_STUDIO)}
    if until is not None:
        data["freeze_till"] = until.isoformat()
    return client.post(
        url(membership_id, action, chain_id),
        data,
        headers={"HX-Request": "true", "HX-Target": f"membership-{show}-{membership_id}"},
    )


def freeze_posts(requests: list[httpx.Request]) -> list[httpx.Request]:
    """The freeze and unfreeze POSTs that reached Altegio."""
    return [r for r in posts(requests) if r.url.path.endswith(("/freeze", "/unfreeze"))]


def card_of(response_text: str, membership_id: int) -> str:
    """One membership card's HTML out of a page."""
    found = re.search(
        rf'<article [^>]*id="membership-card-{membership_id}">.*?</article>', response_text, re.S
    )
    assert found, f"no card for {membership_id}"
    return found.group(0)


# --- Where the action is offered ---------------------------------------------------------------


def test_the_managers_lookup_cards_offer_freeze_unfreeze_or_say_the_type_cannot(
    manager: Client,
) -> None:
    page = manager.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode()
    assert "Freeze…" in card_of(page, CAN_FREEZE)
    assert "Unfreeze" in card_of(page, FROZEN)
    assert "Freeze…" not in card_of(page, FROZEN)
    no_freeze = card_of(page, NO_FREEZE)
    assert "does not allow freezing" in no_freeze
    assert "Freeze…" not in no_freeze


def test_a_used_up_freeze_allowance_offers_no_freeze(manager: Client) -> None:
    yoga_8 = 659882  # the type allows 14 days in all
    form = manager.get(url(yoga_8), {"show": "card", "location_id": str(HARBOR_STUDIO)})
    last_day = re.search(r'name="freeze_till"[^>]*max="([\d-]+)"', form.content.decode())
    longest = date.fromisoformat(last_day.group(1))
    send(manager, yoga_8, form_key(form), longest)
    send(manager, yoga_8, open_form(manager, yoga_8, "unfreeze"), action="unfreeze")

    card = card_of(manager.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode(), yoga_8)
    assert "The type's freeze allowance is used up." in card
    assert "Freeze…" not in card


def test_the_front_desk_sees_no_freeze_action(front_desk: Client) -> None:
    page = front_desk.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode()
    assert "membership-card-659883" in page
    assert "Freeze…" not in page
    assert "Unfreeze" not in page
    assert "/freeze/" not in page


def test_the_chain_list_offers_freezing_only_where_the_right_is(manager: Client) -> None:
    harbor = manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": str(CAN_FREEZE)})
    assert f'id="membership-row-{CAN_FREEZE}"' in harbor.content.decode()
    assert "Freeze…" in text_of(harbor)
    nevsky = manager.get(f"/chains/{NEVSKY_CHAIN}/memberships/", {"ids": str(OLGA_POOL)})
    assert "Freeze…" not in text_of(nevsky)


# --- The form ----------------------------------------------------------------------------------


def test_the_form_is_limited_to_the_allowance_left_and_states_the_rules(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = manager.get(
        url(NEAR_LIMIT),
        {"show": "card", "location_id": str(HARBOR_STUDIO)},
        headers={"HX-Request": "true", "HX-Target": f"freeze-box-{NEAR_LIMIT}"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div class="freeze-box" id="freeze-box-{NEAR_LIMIT}"')
    assert f'min="{today().isoformat()}"' in body
    assert f'max="{(today() + timedelta(days=1)).isoformat()}"' in body
    text = text_of(response)
    assert "up to 2 weeks (14 days) in total; 12 days used so far, 2 left" in text
    assert "While frozen it cannot pay for visits." in text
    assert "Expiry moves from" in text
    assert freeze_posts(upstream) == []  # a GET changes nothing


def test_the_form_works_as_a_plain_page_without_javascript(manager: Client) -> None:
    response = manager.get(url(CAN_FREEZE), {"show": "card", "location_id": str(HARBOR_STUDIO)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert f'action="{url(CAN_FREEZE)}"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    latest = today() + timedelta(days=29)
    assert f'max="{latest.isoformat()}"' in body


def test_a_type_without_freezing_gets_a_form_that_offers_nothing(manager: Client) -> None:
    response = manager.get(url(NO_FREEZE), {"show": "card"})
    assert "does not allow freezing" in text_of(response)
    assert 'name="freeze_till"' not in response.content.decode()


# --- Sending -----------------------------------------------------------------------------------


def test_a_freeze_rerenders_the_card_and_says_what_changed(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, CAN_FREEZE)
    until = today() + timedelta(days=9)
    old = sandbox.data.memberships[CAN_FREEZE].expires
    assert old is not None
    response = send(manager, CAN_FREEZE, key, until)
    body = response.content.decode()
    assert body.lstrip().startswith('<article class="loyalty-card membership-card')
    assert f'id="membership-card-{CAN_FREEZE}">' in body.lstrip().split("\n", 1)[0]
    new = old.astimezone(NEW_YORK).date() + timedelta(days=10)
    expected = (
        f"Frozen until {until.day} {until:%b %Y}; expires {new.day} {new:%b %Y} instead of "
        f"{old.astimezone(NEW_YORK).day} {old.astimezone(NEW_YORK):%b}"
    )
    assert expected in text_of(response)
    assert "Frozen for 10 days" in text_of(response)
    assert "Unfreeze" in text_of(response)
    assert "data-focus-after-swap" in body


def test_the_until_day_goes_upstream_as_its_last_second_in_the_chains_time_zone(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    until = today() + timedelta(days=3)
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), until)
    (sent,) = freeze_posts(upstream)
    offset = datetime.combine(until, datetime.min.time(), NEW_YORK).strftime("%z")
    expected = f"{until.isoformat()}T23:59:59{offset[:3]}:{offset[3:]}"
    assert json.loads(sent.content) == {"freeze_till": expected}


def test_a_nevsky_freeze_is_sent_in_moscow_time(
    db: None, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    owner = sign_in(Client(), OWNER)
    key = open_form(owner, OLGA_POOL, chain_id=NEVSKY_CHAIN)
    until = today(MOSCOW) + timedelta(days=2)
    response = send(owner, OLGA_POOL, key, until, chain_id=NEVSKY_CHAIN)
    (sent,) = freeze_posts(upstream)
    assert json.loads(sent.content) == {"freeze_till": f"{until.isoformat()}T23:59:59+03:00"}
    assert "Frozen until" in text_of(response)


def test_a_double_submit_reaches_altegio_once(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, CAN_FREEZE)
    until = today() + timedelta(days=5)
    first = send(manager, CAN_FREEZE, key, until)
    second = send(manager, CAN_FREEZE, key, until)
    assert len(freeze_posts(upstream)) == 1
    assert "Frozen until" in text_of(first)
    assert "sent already, so nothing was sent again" in text_of(second)
    assert "frozen (6 days of freeze so far)" in text_of(second)


def test_a_key_from_another_membership_sends_nothing(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, NEAR_LIMIT)
    send(manager, CAN_FREEZE, key, today() + timedelta(days=1))
    assert freeze_posts(upstream) == []


def test_a_timeout_on_the_post_reads_the_membership_back_and_claims_nothing(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, CAN_FREEZE)
    sandbox.inject("freeze", kind="timeout_after", times=1)
    response = send(manager, CAN_FREEZE, key, today() + timedelta(days=2))
    text = text_of(response)
    assert "Altegio did not answer, so we cannot tell whether it froze the membership" in text
    assert "Altegio has it now as frozen (3 days of freeze so far)" in text
    assert "Frozen until" not in text
    assert len(freeze_posts(upstream)) == 1  # never retried
    calls = [call.endpoint for call in sandbox.calls]
    assert calls[calls.index("freeze") + 1] == "M3"  # the read-back
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.MEMBERSHIP_FREEZE)
    assert entry.outcome.startswith("outcome unknown")


def test_altegios_refusal_is_shown_in_its_words_with_the_form_kept_as_typed(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, NEAR_LIMIT)
    typed = today() + timedelta(days=6)  # beyond the 2 days left: the input's max is bypassed
    response = send(manager, NEAR_LIMIT, key, typed)
    assert "Altegio said: “Freeze period exceeds limit”" in text_of(response)
    body = response.content.decode()
    assert f'value="{typed.isoformat()}"' in body
    assert form_key(response) != key  # a fresh key, so the corrected form can be sent
    assert len(freeze_posts(upstream)) == 1


def test_altegios_own_403_reads_as_missing_rights(manager: Client, sandbox: Sandbox) -> None:
    key = open_form(manager, CAN_FREEZE)
    sandbox.inject("freeze", status=403, times=1)
    response = send(manager, CAN_FREEZE, key, today() + timedelta(days=2))
    text = text_of(response)
    assert "You have no right to freeze or unfreeze memberships in this chain" in text
    assert "Altegio said: “Access denied.”" in text
    assert 'name="freeze_till"' in response.content.decode()  # the form stays


def test_a_field_error_from_altegio_is_shown_in_its_words(
    manager: Client, sandbox: Sandbox
) -> None:
    key = open_form(manager, CAN_FREEZE)
    sandbox.inject("freeze", status=422, times=1)
    text = text_of(send(manager, CAN_FREEZE, key, today() + timedelta(days=2)))
    assert "Altegio said: “An error occurred”" in text
    assert "Injected validation error" in text


def test_a_missing_until_day_is_our_own_field_error_and_nothing_is_sent(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), None)
    assert "Pick the last day of the freeze." in text_of(response)
    assert freeze_posts(upstream) == []


def test_an_unfreeze_rerenders_the_card_with_the_expiry_kept(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = send(manager, FROZEN, open_form(manager, FROZEN, "unfreeze"), action="unfreeze")
    text = text_of(response)
    assert re.search(r"Unfrozen; expires \d+ \w+ \d{4}, unchanged\.", text)
    assert "Freeze…" in text
    assert len(freeze_posts(upstream)) == 1


def test_a_row_is_rerendered_in_place_from_the_chain_list(manager: Client) -> None:
    key = open_form(manager, CAN_FREEZE)
    response = send(manager, CAN_FREEZE, key, today() + timedelta(days=1), show="row")
    body = response.content.decode().lstrip()
    assert body.startswith(f'<tr id="membership-row-{CAN_FREEZE}">')
    assert "Frozen until" in text_of(response)
    assert '<span class="badge frozen">2 days</span>' in body


# --- Rights ------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["freeze", "unfreeze"])
def test_a_direct_post_without_the_right_gets_403_and_nothing_is_sent(
    front_desk: Client, sandbox: Sandbox, upstream: list[httpx.Request], action: str
) -> None:
    sandbox.calls.clear()
    response = front_desk.post(
        url(CAN_FREEZE, action), {"key": "guessed", "freeze_till": "2030-01-01"}
    )
    assert response.status_code == 403
    assert freeze_posts(upstream) == []
    assert not [call for call in sandbox.calls if call.endpoint in ("freeze", "unfreeze")]


def test_the_managers_post_in_a_chain_without_the_period_right_is_refused_here(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = manager.post(url(OLGA_POOL, chain_id=NEVSKY_CHAIN), {"key": "x"})
    assert response.status_code == 403
    assert freeze_posts(upstream) == []
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.MEMBERSHIP_FREEZE)
    assert entry.outcome == "refused by Loyalty Desk: no freeze right in this chain"


def test_a_get_without_the_right_is_403_too(manager: Client) -> None:
    assert manager.get(url(OLGA_POOL, chain_id=NEVSKY_CHAIN)).status_code == 403


# --- Audit -------------------------------------------------------------------------------------


def test_every_attempt_is_audited_with_membership_chain_until_and_outcome(
    manager: Client,
) -> None:
    until = today() + timedelta(days=4)
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), until)
    send(manager, NEAR_LIMIT, open_form(manager, NEAR_LIMIT), until)
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE, "unfreeze"), action="unfreeze")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.kind, e.outcome) for e in entries] == [
        (AuditEntry.Kind.MEMBERSHIP_FREEZE, "done"),
        (AuditEntry.Kind.MEMBERSHIP_FREEZE, "refused by Altegio: Freeze period exceeds limit"),
        (AuditEntry.Kind.MEMBERSHIP_UNFREEZE, "done"),
    ]
    first = entries[0]
    assert re.fullmatch(
        rf"membership {CAN_FREEZE} \(No\. \d+\), until {until.isoformat()}", first.query
    )
    assert (first.chain_id, first.place, first.location_id) == (
        HARBOR_CHAIN,
        "Harbor Wellness",
        HARBOR_STUDIO,
    )
    assert first.staff_name == "Mark Turner"


def test_the_audit_page_filters_by_kind(manager: Client) -> None:
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), today() + timedelta(days=1))
    manager.post(LOOKUP, {"phone": "+1 315 555 0199"})
    frozen_only = text_of(manager.get("/audit/", {"kind": "membership_freeze"}))
    assert "1 entry" in frozen_only
    assert f"membership {CAN_FREEZE}" in frozen_only
    everything = text_of(manager.get("/audit/"))
    assert "2 entries" in everything


def test_a_membership_outside_the_urls_chain_is_never_sent(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    # A Nevsky membership under Harbor's URL: M3 by id finds nothing there, so no form, no key.
    shown = manager.get(url(OLGA_POOL), {"show": "card"})
    assert "This membership is not in this chain in Altegio." in text_of(shown)
    assert 'name="key"' not in shown.content.decode()
    key = open_form(manager, CAN_FREEZE)  # a real key, but for another membership
    manager.post(url(OLGA_POOL), {"key": key, "freeze_till": today().isoformat()})
    assert freeze_posts(upstream) == []


def test_a_chain_that_is_not_theirs_is_403(manager: Client) -> None:
    assert manager.get(url(CAN_FREEZE, chain_id=999999)).status_code == 403
