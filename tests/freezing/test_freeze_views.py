"""Freezing and unfreezing from a lookup card and a chain list row: rights, rules, safety.

The sandbox answers with Altegio's least (M3 rows embed only the type's id, chain and title), so
every rule shown here comes from the type read by id.
"""

import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from django.test import Client

from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from loyalty.sandbox.wire import memberships as wire_memberships
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    NEVSKY_CENTRAL,
    NEVSKY_CHAIN,
    ClientResponse,
    counted,
    form_key,
    htmx_headers,
    posts,
    readable,
    sign_in,
    visible_text,
)

CAN_FREEZE, NO_FREEZE, FROZEN, NEAR_LIMIT = 659883, 659886, 659879, 659887
NO_LIMIT = 659892  # Mark Turner's Annual unlimited: freezing allowed, freeze_limit 0
MARK_PHONE = "+1 315 555 0176"
OLGA_POOL = 659906  # Nevsky: the owner may freeze it, the manager may not
OWNER = {"username": "owner@sandbox.example", "password": "owner-demo"}
NEW_YORK, MOSCOW = ZoneInfo("America/New_York"), ZoneInfo("Europe/Moscow")
LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
HARBOR_MARINA = 720444  # in the Harbor chain, but in no demo user's locations


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
        headers=htmx_headers(f"freeze-box-{membership_id}"),
    )
    assert response.status_code == 200
    return form_key(response)


def send(
    client: Client,
    membership_id: int,
    key: str,
    unfreezes_on: date | str | None = None,
    *,
    action: str = "freeze",
    chain_id: int = HARBOR_CHAIN,
    show: str = "card",
    location_id: int | str = HARBOR_STUDIO,
) -> ClientResponse:
    """POST the form as htmx does, swapping the card (or row)."""
    data = {"key": key, "show": show, "location_id": str(location_id)}
    if unfreezes_on is not None:
        data["freeze_till"] = str(unfreezes_on)
    return client.post(
        url(membership_id, action, chain_id),
        data,
        headers=htmx_headers(f"membership-{show}-{membership_id}"),
    )


def in_days(days: int, zone: ZoneInfo = NEW_YORK) -> date:
    """A day so many days from today at the chain."""
    return today(zone) + timedelta(days=days)


def day_words(day: date) -> str:
    """A day as the outcome words it: '14 Dec 2026'."""
    return f"{day.day} {day:%b %Y}"


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


def send_into_a_fault(
    client: Client, sandbox: Sandbox, membership_id: int = CAN_FREEZE, **fault: Any
) -> tuple[str, ClientResponse]:
    """Open the freeze form, let Altegio's next freeze answer with `fault`, send it in 3 days."""
    key = open_form(client, membership_id)
    sandbox.inject("freeze", times=1, **fault)
    return key, send(client, membership_id, key, in_days(3))


def audit_rows() -> list[AuditEntry]:
    """The freeze and unfreeze audit rows, oldest first."""
    kinds = (AuditEntry.Kind.MEMBERSHIP_FREEZE, AuditEntry.Kind.MEMBERSHIP_UNFREEZE)
    return list(AuditEntry.objects.filter(kind__in=kinds).order_by("id"))


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


def test_the_card_reads_the_allowance_from_the_type_not_from_the_row(manager: Client) -> None:
    # M1 rows embed no unit; the combo type's limit is 2 weeks, read by id (M7): 2 of 14 left.
    card = readable(
        card_of(manager.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode(), NEAR_LIMIT)
    )
    assert "Freeze left 2 days" in card
    frozen = readable(
        card_of(manager.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode(), FROZEN)
    )
    assert "the type allows up to 1 month (30 days)" not in frozen  # Yoga 12: 30 days, in days
    assert "the type allows up to 30 days" in frozen
    assert "Booking while frozen Not allowed" in frozen


def test_no_limit_reads_the_same_on_the_card_the_form_the_row_and_the_catalogue(
    manager: Client,
) -> None:
    card = readable(card_of(manager.post(LOOKUP, {"phone": MARK_PHONE}).content.decode(), NO_LIMIT))
    assert "Freeze left no limit" in card
    assert "Freeze…" in card
    form = visible_text(manager.get(url(NO_LIMIT), {"show": "card"}))
    assert "The type sets no limit on freezing; 0 days used so far." in form
    row = visible_text(manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": str(NO_LIMIT)}))
    assert "Freeze…" in row
    detail = visible_text(manager.get(f"/chains/{HARBOR_CHAIN}/membership-types/97813/"))
    assert "Allowed, no limit" in detail
    assert "Up to no limit" not in detail + form + card


def test_a_used_up_freeze_allowance_offers_no_freeze(manager: Client) -> None:
    yoga_8 = 659882  # the type allows 14 days in all
    form = manager.get(url(yoga_8), {"show": "card", "location_id": str(HARBOR_STUDIO)})
    last_day = re.search(r'name="freeze_till"[^>]*max="([\d-]+)"', form.content.decode())
    assert last_day
    send(manager, yoga_8, form_key(form), date.fromisoformat(last_day.group(1)))
    send(manager, yoga_8, open_form(manager, yoga_8, "unfreeze"), action="unfreeze")

    card = card_of(manager.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode(), yoga_8)
    assert "The type's freeze allowance is used up." in readable(card)
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
    assert "Freeze…" in visible_text(harbor)
    nevsky = manager.get(f"/chains/{NEVSKY_CHAIN}/memberships/", {"ids": str(OLGA_POOL)})
    assert "Freeze…" not in visible_text(nevsky)


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ({"id": 2, "title": "Activated"}, True),  # the status id alone
        ({"slug": "active", "title": "Activated"}, True),  # the slug alone
        ({"id": 2, "slug": "activated", "title": "Activated"}, True),  # a slug of its own: the id
        ({"id": 3, "title": "Expired"}, False),  # expired by its id: nothing to freeze
    ],
    ids=["id-only", "slug-only", "id-and-another-slug", "expired-id-only"],
)
def test_the_chain_list_row_offers_the_write_box_by_the_status_id_or_slug(
    manager: Client, monkeypatch: pytest.MonkeyPatch, status: dict[str, Any], offered: bool
) -> None:
    # The least M3 row sends id and slug; a row with only one of them is read the same way the
    # lookup card and the server's rules read it (services/cards/memberships.py: is_current).
    monkeypatch.setattr(wire_memberships, "_status", lambda membership, chain_list: status)

    page = manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": str(CAN_FREEZE)})

    row = re.search(rf'<tr id="membership-row-{CAN_FREEZE}">.*?</tr>', page.content.decode(), re.S)
    assert row is not None
    assert ("Freeze…" in readable(row.group(0))) is offered


def test_chain_list_rows_read_the_rules_of_their_types_by_id(
    manager: Client, sandbox: Sandbox
) -> None:
    ids = f"{CAN_FREEZE}, {NO_FREEZE}"
    page = manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": ids}).content.decode()
    row = re.search(rf'<tr id="membership-row-{NO_FREEZE}">.*?</tr>', page, re.S)
    assert row
    assert "does not allow freezing" in row.group(0)
    assert [c.endpoint for c in sandbox.calls].count("M7") == 2  # one read per type


def test_a_rows_reason_is_a_tooltip_beside_the_actions_never_a_sentence(manager: Client) -> None:
    ids = f"{CAN_FREEZE}, {NO_FREEZE}"
    page = manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": ids}).content.decode()
    row = re.search(rf'<tr id="membership-row-{NO_FREEZE}">.*?</tr>', page, re.S).group(0)
    cell = re.search(r'<td class="actions-cell".*?</td>', row, re.S).group(0)
    offers = re.search(r'<div class="write-offers" title="([^"]+)"', cell)
    assert offers is not None
    assert "does not allow freezing" in offers.group(1)  # the tooltip
    assert '<p class="hint">' not in cell  # no sentence on screen, only for screen readers
    assert re.search(r'<span class="visually-hidden">[^<]*does not allow freezing', cell)
    # The header names the column for every action, not for freezing alone.
    assert '<th scope="col" class="actions-col">Actions</th>' in page


# --- The form ----------------------------------------------------------------------------------


def test_the_form_is_limited_to_the_allowance_left_and_states_the_rules(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = manager.get(
        url(NEAR_LIMIT),
        {"show": "card", "location_id": str(HARBOR_STUDIO)},
        headers=htmx_headers(f"freeze-box-{NEAR_LIMIT}"),
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div class="freeze-box" id="freeze-box-{NEAR_LIMIT}"')
    assert f'min="{in_days(1).isoformat()}"' in body
    assert f'max="{in_days(2).isoformat()}"' in body  # 2 days left: it unfreezes on day 2
    text = visible_text(response)
    assert "up to 2 weeks (14 days) in total; 12 days used so far, 2 days left" in text
    assert "While frozen it cannot pay for visits." in text
    assert "Unfreezes on" in text
    assert freeze_posts(upstream) == []  # a GET changes nothing


def test_the_form_works_as_a_plain_page_without_javascript(manager: Client) -> None:
    response = manager.get(url(CAN_FREEZE), {"show": "card", "location_id": str(HARBOR_STUDIO)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert f'action="{url(CAN_FREEZE)}"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert f'max="{in_days(30).isoformat()}"' in body


def test_a_type_without_freezing_gets_a_form_that_offers_nothing(manager: Client) -> None:
    response = manager.get(url(NO_FREEZE), {"show": "card"})
    assert "does not allow freezing" in visible_text(response)
    assert 'name="freeze_till"' not in response.content.decode()


def test_the_form_reads_the_type_at_a_location_when_the_chain_will_not_give_it(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M7", status=403)
    response = manager.get(url(CAN_FREEZE), {"show": "card", "location_id": str(HARBOR_STUDIO)})
    # M4 sends no unit: the limit of 30 counts as days, the smallest reading.
    assert "Can be frozen for up to 30 days in total" in visible_text(response)
    assert "While frozen it" not in visible_text(response)  # M4 does not say; we claim nothing
    assert "M4" in [call.endpoint for call in sandbox.calls]


# --- Sending -----------------------------------------------------------------------------------


def test_a_freeze_rerenders_the_card_and_shows_the_expiry_altegio_reports(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, CAN_FREEZE)
    unfreezes = in_days(10)
    old = sandbox.data.memberships[CAN_FREEZE].expires
    assert old is not None
    response = send(manager, CAN_FREEZE, key, unfreezes)
    body = response.content.decode()
    assert body.lstrip().startswith('<article class="loyalty-card membership-card')
    assert f'id="membership-card-{CAN_FREEZE}">' in body.lstrip().split("\n", 1)[0]
    local_old = old.astimezone(NEW_YORK).date()
    new = local_old + timedelta(days=10)
    expected = (
        f"Frozen; it unfreezes on {day_words(unfreezes)}. Altegio reports the expiry as "
        f"{day_words(new)} (was {local_old.day} {local_old:%b})"
    )
    assert expected in visible_text(response)
    assert "Frozen: 10 days of freeze used in total" in visible_text(response)
    assert "Unfreeze" in visible_text(response)
    assert "data-focus-after-swap" in body
    calls = [call.endpoint for call in sandbox.calls]
    assert calls[calls.index("freeze") + 1] == "M3"  # what Altegio reports, read back


def test_the_unfreeze_day_goes_upstream_as_a_date_as_altegios_own_code_sends_it(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), in_days(4))
    (sent,) = freeze_posts(upstream)
    assert json.loads(sent.content) == {"freeze_till": in_days(4).isoformat()}


def test_a_nevsky_freeze_counts_its_days_in_moscow(
    db: None, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    owner = sign_in(Client(), OWNER)
    key = open_form(owner, OLGA_POOL, chain_id=NEVSKY_CHAIN)
    response = send(owner, OLGA_POOL, key, in_days(3, MOSCOW), chain_id=NEVSKY_CHAIN)
    (sent,) = freeze_posts(upstream)
    assert json.loads(sent.content) == {"freeze_till": in_days(3, MOSCOW).isoformat()}
    assert "it unfreezes on" in visible_text(response)


def test_a_double_submit_reaches_altegio_once(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = open_form(manager, CAN_FREEZE)
    first = send(manager, CAN_FREEZE, key, in_days(6))
    second = send(manager, CAN_FREEZE, key, in_days(6))
    assert len(freeze_posts(upstream)) == 1
    assert "it unfreezes on" in visible_text(first)
    assert "sent already, so nothing was sent again" in visible_text(second)
    assert "frozen (6 days of freeze so far)" in visible_text(second)


def test_a_second_stale_form_rereads_and_sends_nothing_the_state_no_longer_allows(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    first_tab, second_tab = open_form(manager, CAN_FREEZE), open_form(manager, CAN_FREEZE)
    send(manager, CAN_FREEZE, first_tab, in_days(3))
    late = send(manager, CAN_FREEZE, second_tab, in_days(5))
    assert len(freeze_posts(upstream)) == 1
    assert "This membership is frozen already." in visible_text(late)
    assert audit_rows()[-1].outcome == (
        "refused by Loyalty Desk: This membership is frozen already."
    )


def test_a_timeout_on_the_post_reads_the_membership_back_and_claims_nothing(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    _, response = send_into_a_fault(manager, sandbox, kind="timeout_after")
    text = visible_text(response)
    assert "Altegio did not answer, so we cannot tell whether it froze the membership" in text
    assert "Altegio has it now as frozen (3 days of freeze so far)" in text
    assert "it unfreezes on" not in text
    assert len(freeze_posts(upstream)) == 1  # never retried
    calls = [call.endpoint for call in sandbox.calls]
    assert calls[calls.index("freeze") + 1] == "M3"  # the read-back
    assert audit_rows()[0].outcome.startswith("outcome unknown")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("past", "must be after today"),
        ("today", "must be after today"),
        ("0001-01-01", "must be after today"),
        ("9999-12-31", "the type's allowance leaves 2"),
        ("beyond", "makes 6 days of freeze; the type's allowance leaves 2"),
    ],
)
def test_a_day_our_rules_refuse_is_never_sent_shown_with_the_reason_and_audited(
    manager: Client, upstream: list[httpx.Request], typed: str, reason: str
) -> None:
    day = {"past": str(in_days(-3)), "today": str(in_days(0)), "beyond": str(in_days(6))}
    key = open_form(manager, NEAR_LIMIT)
    response = send(manager, NEAR_LIMIT, key, day.get(typed, typed))
    assert freeze_posts(upstream) == []
    text = visible_text(response)
    assert reason in text
    body = response.content.decode()
    assert f'value="{day.get(typed, typed)}"' in body  # the form kept as typed
    assert form_key(response) != key  # with a fresh key, so the corrected form can be sent
    (entry,) = audit_rows()
    assert entry.outcome.startswith("refused by Loyalty Desk: ")
    assert reason in entry.outcome


@pytest.mark.parametrize(
    ("membership_id", "action", "reason"),
    [
        (NO_FREEZE, "freeze", "This membership's type does not allow freezing."),
        (FROZEN, "freeze", "This membership is frozen already."),
        (CAN_FREEZE, "unfreeze", "This membership is not frozen."),
    ],
)
def test_a_post_the_state_does_not_allow_is_refused_without_a_call_to_altegio(
    manager: Client,
    sandbox: Sandbox,
    upstream: list[httpx.Request],
    membership_id: int,
    action: str,
    reason: str,
) -> None:
    key = open_form(manager, membership_id, action)
    response = send(manager, membership_id, key, in_days(2), action=action)
    assert freeze_posts(upstream) == []
    assert reason in visible_text(response)
    assert not [call for call in sandbox.calls if call.endpoint in ("freeze", "unfreeze")]
    assert audit_rows()[-1].outcome == f"refused by Loyalty Desk: {reason}"


def test_altegios_own_refusal_is_shown_in_its_words_with_a_fresh_form(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key, response = send_into_a_fault(manager, sandbox, status=422)
    text = visible_text(response)
    assert "Altegio said: “An error occurred”" in text
    assert "Injected validation error" in text
    assert form_key(response) != key
    assert len(freeze_posts(upstream)) == 1
    assert audit_rows()[0].outcome == "refused by Altegio: An error occurred"


def test_a_2xx_with_success_false_is_a_refusal_with_altegios_words_and_a_fresh_form(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key, response = send_into_a_fault(manager, sandbox, kind="success_false")
    text = visible_text(response)
    assert "did not answer" not in text  # Altegio answered, and said no
    assert "Altegio said: “" in text
    assert 'name="freeze_till"' in response.content.decode()
    assert form_key(response) != key
    assert audit_rows()[0].outcome.startswith("refused by Altegio: ")


def test_altegios_own_403_reads_as_missing_rights(manager: Client, sandbox: Sandbox) -> None:
    _, response = send_into_a_fault(manager, sandbox, status=403)
    text = visible_text(response)
    assert "You have no right to freeze or unfreeze memberships in this chain" in text
    assert "Altegio said: “Access denied.”" in text
    assert 'name="freeze_till"' in response.content.decode()  # the form stays


def test_a_missing_day_is_our_own_field_error_audited_and_nothing_is_sent(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), None)
    assert "Pick the day it unfreezes on." in visible_text(response)
    assert freeze_posts(upstream) == []
    assert audit_rows()[0].outcome == (
        "refused by Loyalty Desk: the form was not valid (freeze_till: required)"
    )


def test_an_unreadable_day_is_refused_and_audited(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), "next tuesday")
    assert freeze_posts(upstream) == []
    assert "freeze_till: invalid" in audit_rows()[0].outcome


def test_an_unfreeze_rerenders_the_card_with_the_expiry_altegio_reports(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = send(manager, FROZEN, open_form(manager, FROZEN, "unfreeze"), action="unfreeze")
    text = visible_text(response)
    assert re.search(r"Unfrozen\. Altegio reports the expiry unchanged: \d+ \w+ \d{4}\.", text)
    assert "Freeze…" in text
    assert len(freeze_posts(upstream)) == 1


def test_the_unfreeze_form_says_what_unfreezing_early_does_as_altegio_tells_it(
    manager: Client,
) -> None:
    text = visible_text(manager.get(url(FROZEN, "unfreeze"), {"show": "card"}))
    assert "Unfreezing now ends the freeze today." in text
    assert "Altegio says the expiry keeps the days it was already moved by" in text
    assert "the expiry as Altegio reports them" in text
    assert "used in total so far (this freeze and any before it)" in text
    assert "Cancel" in text


def visible_text_of(body: str) -> str:
    """The words of an HTML fragment, spaced as a person reads them."""
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_freeze_form_starts_with_no_day_and_a_cancel(manager: Client) -> None:
    body = manager.get(url(CAN_FREEZE, "freeze"), {"show": "card"}).content.decode()
    field = re.search(r'<input type="date"[^>]*name="freeze_till"[^>]*>', body, re.S).group(0)
    assert 'value=""' in field  # never the whole allowance by default
    assert "Unfreezing earlier ends the freeze that day." in visible_text_of(body)
    assert re.search(r'<a class="button small secondary" data-write-cancel=', body)


def test_a_row_is_rerendered_in_place_from_the_chain_list(manager: Client) -> None:
    key = open_form(manager, CAN_FREEZE)
    response = send(manager, CAN_FREEZE, key, in_days(2), show="row")
    body = response.content.decode().lstrip()
    assert body.startswith(f'<tr id="membership-row-{CAN_FREEZE}">')
    assert "it unfreezes on" in visible_text(response)
    assert '<span class="badge frozen">2 days</span>' in body


def test_no_limit_lets_a_long_freeze_through_and_the_horizon_still_holds(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    too_far = send(manager, NO_LIMIT, open_form(manager, NO_LIMIT), in_days(731))
    assert "more than 730 days ahead" in visible_text(too_far)
    send(manager, NO_LIMIT, form_key(too_far), in_days(90))
    assert [json.loads(r.content) for r in freeze_posts(upstream)] == [
        {"freeze_till": in_days(90).isoformat()}
    ]


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


def test_every_attempt_is_audited_with_membership_chain_day_and_outcome(
    manager: Client, sandbox: Sandbox
) -> None:
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), in_days(4))
    send(manager, NEAR_LIMIT, open_form(manager, NEAR_LIMIT), in_days(4))  # beyond its 2 days
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE, "unfreeze"), action="unfreeze")
    sandbox.inject("freeze", status=422, times=1)
    send(manager, 659880, open_form(manager, 659880), in_days(2))
    entries = audit_rows()
    assert [(e.kind, e.outcome) for e in entries] == [
        (AuditEntry.Kind.MEMBERSHIP_FREEZE, "done"),
        (
            AuditEntry.Kind.MEMBERSHIP_FREEZE,
            f"refused by Loyalty Desk: Unfreezing on {in_days(4).isoformat()} makes 4 days of "
            "freeze; the type's allowance leaves 2.",
        ),
        (AuditEntry.Kind.MEMBERSHIP_UNFREEZE, "done"),
        (AuditEntry.Kind.MEMBERSHIP_FREEZE, "refused by Altegio: An error occurred"),
    ]
    first = entries[0]
    assert re.fullmatch(
        rf"membership {CAN_FREEZE} \(No\. \d+\), unfreezes on {in_days(4).isoformat()}",
        first.query,
    )
    assert (first.chain_id, first.place, first.location_id) == (
        HARBOR_CHAIN,
        "Harbor Wellness",
        HARBOR_STUDIO,
    )
    assert first.staff_name == "Mark Turner"


def test_every_attempts_outcome_is_counted_for_the_operator(
    manager: Client, sandbox: Sandbox
) -> None:
    outcomes = [
        ("freeze", "done"),
        ("freeze", "refused_here"),
        ("freeze", "refused_by_altegio"),
        ("unfreeze", "done"),
    ]

    def writes() -> dict[tuple[str, str], float]:
        return {
            (action, outcome): counted(
                "loyaltydesk_membership_writes_total", action=action, outcome=outcome
            )
            for action, outcome in outcomes
        }

    before = writes()
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), in_days(4))
    send(manager, NEAR_LIMIT, open_form(manager, NEAR_LIMIT), in_days(4))  # beyond its 2 days
    send(manager, NEAR_LIMIT, open_form(manager, NEAR_LIMIT), in_days(-1))  # a day gone by
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE, "unfreeze"), action="unfreeze")
    sandbox.inject("freeze", status=422, times=1)
    send(manager, 659880, open_form(manager, 659880), in_days(2))
    after = writes()

    assert {key: after[key] - before[key] for key in outcomes} == {
        ("freeze", "done"): 1,
        ("freeze", "refused_here"): 2,  # our own rules: see docs/operating.md
        ("freeze", "refused_by_altegio"): 1,
        ("unfreeze", "done"): 1,
    }


@pytest.mark.parametrize("forged", [NEVSKY_CENTRAL, 999999, HARBOR_MARINA])
def test_the_audit_never_takes_a_location_that_is_not_theirs_in_the_chain(
    manager: Client, forged: int
) -> None:
    # Nevsky Central is the manager's but in another chain; Marina is in the chain but not theirs.
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), in_days(2), location_id=forged)
    (entry,) = audit_rows()
    assert entry.outcome == "done"
    assert (entry.chain_id, entry.location_id) == (HARBOR_CHAIN, None)


def test_a_post_to_a_chain_that_is_not_theirs_is_audited_in_no_chains_log(
    manager: Client,
) -> None:
    response = manager.post(
        url(CAN_FREEZE, chain_id=999999),
        {"key": "forged", "freeze_till": "2030-01-01", "location_id": str(HARBOR_STUDIO)},
    )
    assert response.status_code == 403
    (entry,) = audit_rows()
    assert (entry.chain_id, entry.location_id) == (None, None)
    assert entry.outcome == "refused by Loyalty Desk: not one of their chains"
    assert entry.place == "chain 999999 (not theirs)"


def test_the_audit_page_filters_by_kind(manager: Client) -> None:
    send(manager, CAN_FREEZE, open_form(manager, CAN_FREEZE), in_days(1))
    manager.post(LOOKUP, {"phone": "+1 315 555 0199"})
    frozen_only = visible_text(manager.get("/audit/", {"kind": "membership_freeze"}))
    assert "1 entry" in frozen_only
    assert f"membership {CAN_FREEZE}" in frozen_only
    everything = visible_text(manager.get("/audit/"))
    assert "2 entries" in everything


def test_a_membership_outside_the_urls_chain_is_never_sent(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    # A Nevsky membership under Harbor's URL: M3 by id finds nothing there, so no form, no key.
    shown = manager.get(url(OLGA_POOL), {"show": "card"})
    assert "This membership is not in this chain in Altegio." in visible_text(shown)
    assert 'name="key"' not in shown.content.decode()
    key = open_form(manager, CAN_FREEZE)  # a real key, but for another membership
    manager.post(url(OLGA_POOL), {"key": key, "freeze_till": in_days(2).isoformat()})
    assert freeze_posts(upstream) == []


def test_a_chain_that_is_not_theirs_is_403(manager: Client) -> None:
    assert manager.get(url(CAN_FREEZE, chain_id=999999)).status_code == 403
