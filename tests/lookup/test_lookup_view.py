"""The lookup page: a phone typed at the desk, and everything the client can use, in one region.

With htmx the memberships and gift cards come first and the client card follows (see
test_client_card_view.py); without JavaScript one POST renders everything.
"""

import re
from datetime import datetime

import pytest

from tests.helpers import (
    FRONT_DESK,
    HARBOR_NORTH,
    JAMES,
    LOOKUP,
    LOPEZ,
    NEVSKY_CENTRAL,
    NOBODY,
    NORA,
    first_match,
    follow_up,
    htmx_headers,
    readable,
    search,
    search_all,
    visible_text,
)

HX = htmx_headers("results", LOOKUP)

SCHEDULE = "activities"  # the location's classes beside the client card, read once (cached)


def called(sandbox) -> list[str]:
    """The Altegio endpoints called, sorted, the location's (cached) class list aside."""
    return sorted(call.endpoint for call in sandbox.calls if call.endpoint != SCHEDULE)


def cards_of(body: str, kind: str) -> list[str]:
    """The HTML of each membership or gift card, in page order."""
    return re.findall(rf'<article class="loyalty-card {kind}\b.*?</article>', body, flags=re.S)


# --- The page and the form ---------------------------------------------------------------------


def test_lookup_page_has_a_focused_phone_box_that_searches_by_post(front_desk):
    response = front_desk.get(LOOKUP)
    body = response.content.decode()
    assert response.status_code == 200
    phone_box = first_match(r'<input[^>]*name="phone"[^>]*>', body)
    assert 'type="tel"' in phone_box
    assert "autofocus" in phone_box
    form = first_match(r'<form id="lookup-form"[^>]*>', body)
    assert 'method="post"' in form
    assert f'hx-post="{LOOKUP}"' in form
    assert 'hx-target="#results"' in form
    assert 'hx-push-url="false"' in form
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'id="results"' in body
    assert "no-store" in response["Cache-Control"]


def test_htmx_search_answers_with_the_results_region_only(front_desk):
    response = search(front_desk, JAMES)
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith('<section id="results"')
    assert "<html" not in body
    assert "9 memberships · 3 gift cards at Harbor Studio" in visible_text(response)
    assert "Finding the client card…" in visible_text(response)
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_search_without_javascript_renders_the_whole_page_with_results(front_desk):
    response = search(front_desk, JAMES, htmx=False)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body
    assert f'value="{JAMES}"' in body  # the phone box keeps what was typed
    assert "James Smith" in visible_text(response)
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_an_htmx_request_for_another_region_gets_the_whole_page(front_desk):
    response = front_desk.post(LOOKUP, {"phone": JAMES}, headers=htmx_headers("main"))
    assert "<html" in response.content.decode()


def test_the_phone_never_appears_in_a_link_or_form_address(front_desk, sandbox):
    sandbox.inject("M1", status=503)  # the error state carries a retry button too
    for response in (search(front_desk, JAMES, htmx=False), search(front_desk, JAMES)):
        addresses = re.findall(
            r'(?:href|action|src|hx-get|hx-post|hx-push-url)="([^"]*)"', response.content.decode()
        )
        assert addresses
        assert not [a for a in addresses if "5550178" in re.sub(r"\D", "", a)]


def test_other_methods_are_refused(front_desk):
    assert front_desk.put(LOOKUP, {"phone": JAMES}).status_code == 405


def test_a_location_that_is_not_theirs_is_refused_without_asking_altegio(front_desk, sandbox):
    sandbox.calls.clear()
    response = front_desk.post(f"/locations/{HARBOR_NORTH}/clients/", {"phone": JAMES})
    assert response.status_code == 403
    assert sandbox.calls == []


# --- Phone input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("garbage", "That does not look like a phone number."),
        ("555 01", "That phone number is too short."),
        ("", "Type the client's phone number."),
    ],
)
def test_an_unusable_phone_gets_an_inline_message_and_no_altegio_call(
    front_desk, sandbox, typed, message
):
    sandbox.calls.clear()
    response = search(front_desk, typed)
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<section id="results"')
    assert message in visible_text(response)
    assert sandbox.calls == []


@pytest.mark.parametrize("typed", [JAMES, "+1 (315) 555-0178", "(315) 555-0178", "13155550178"])
def test_any_common_format_finds_the_same_client(front_desk, typed):
    text = search_all(front_desk, typed)
    assert "+1 315-555-0178 · 9 memberships" in text
    assert "James Smith Client #146915197" in text


# --- About one upstream round-trip -------------------------------------------------------------


def test_the_first_htmx_answer_asks_for_memberships_and_gift_cards_at_once_then_their_types(
    front_desk, sandbox
):
    sandbox.set_latency(200)
    sandbox.calls.clear()
    text = visible_text(search(front_desk, JAMES))
    assert "9 memberships · 3 gift cards" in text
    assert "James Smith" not in text  # the client card follows
    # The types' freeze rules are read by id, one M4 call for all of them at the front desk's
    # location (no chain rights for M7), once the memberships name them.
    assert called(sandbox) == ["C1", "M1", "M4"]
    m1, c1, m4 = sorted(sandbox.calls, key=lambda call: call.endpoint)
    assert max(m1.started, c1.started) < min(m1.ended, c1.ended)  # in flight together
    assert m4.started >= m1.ended


def test_the_types_are_cached_like_the_catalogue_so_the_next_lookup_asks_only_balances(
    front_desk, sandbox
):
    search(front_desk, JAMES)
    sandbox.calls.clear()
    search(front_desk, JAMES)
    # Even the type M4 does not give here (sold at Harbor North only) is not asked again.
    assert called(sandbox) == ["C1", "M1"]


def test_without_javascript_client_search_memberships_and_gift_cards_go_at_once(
    front_desk, sandbox
):
    sandbox.set_latency(200)
    sandbox.calls.clear()
    assert "James Smith" in visible_text(search(front_desk, JAMES, htmx=False))
    calls = [call for call in sandbox.calls if call.endpoint in {"clients_search", "M1", "C1"}]
    assert sorted(call.endpoint for call in calls) == ["C1", "M1", "clients_search"]
    # Every call started before any of them ended: they were in flight together.
    assert max(call.started for call in calls) < min(call.ended for call in calls)


def test_a_client_stored_in_national_form_is_found_by_one_retry(manager, sandbox):
    sandbox.calls.clear()
    url = f"/locations/{NEVSKY_CENTRAL}/clients/"
    first = search(manager, "+7 916 765-43-21", url=url)
    assert "national form" in visible_text(first)
    balances = [call.endpoint for call in sandbox.calls if call.endpoint in {"M1", "C1"}]
    assert sorted(balances) == ["C1", "C1", "M1", "M1"]
    sandbox.calls.clear()
    assert "Иван Петров" in visible_text(follow_up(manager, first, url=url))
    # The client card is searched once, under the form that found the cards (and the phone's
    # loyalty cards asked beside it).
    assert called(sandbox) == ["clients_search", "loyalty_cards"]


def test_without_javascript_the_national_form_retry_finds_cards_and_client(manager, sandbox):
    sandbox.calls.clear()
    url = f"/locations/{NEVSKY_CENTRAL}/clients/"
    text = visible_text(search(manager, "+7 916 765-43-21", url=url, htmx=False))
    assert "Иван Петров" in text
    assert "national form" in text
    endpoints = [call.endpoint for call in sandbox.calls]
    assert (endpoints.count("M1"), endpoints.count("C1"), endpoints.count("clients_search")) == (
        2,
        2,
        2,
    )


def test_a_russian_number_typed_in_national_form_is_read_in_the_location_country(manager):
    url = f"/locations/{NEVSKY_CENTRAL}/clients/"
    assert "Ольга Иванова" in search_all(manager, "8 916 123 45 67", url=url)


def test_no_retry_when_the_full_number_finds_the_client(front_desk, sandbox):
    sandbox.calls.clear()
    search_all(front_desk, JAMES)
    assert called(sandbox) == [
        "C1",
        "M1",
        "M4",
        "clients_search",
        "loyalty_cards",
    ]


# --- What the desk reads -----------------------------------------------------------------------


def test_nothing_found_retries_once_then_says_so_in_place(front_desk, sandbox):
    sandbox.calls.clear()
    first = search(front_desk, NOBODY)
    assert "No memberships or gift cards for +1 315-555-0000 at Harbor Studio." in visible_text(
        first
    )
    assert called(sandbox) == ["C1", "C1", "M1", "M1"]
    sandbox.calls.clear()
    text = visible_text(follow_up(front_desk, first))
    assert "No client has this phone here either." in text
    # No card found under either form, so the client card is searched under both.
    assert called(sandbox) == [
        "clients_search",
        "clients_search",
        "loyalty_cards",
    ]


def test_a_client_without_cards_is_named_with_the_empty_message(front_desk):
    text = search_all(front_desk, NORA)
    assert "Nora Quinn" in text
    assert "No memberships or gift cards for +1 315-555-0111 at Harbor Studio." in text


def test_several_clients_on_one_phone_are_each_shown_with_an_event_check(front_desk):
    response = follow_up(front_desk, search(front_desk, LOPEZ))
    text = visible_text(response)
    assert "2 clients share this phone" in text
    assert "Maria Lopez" in text
    assert "Diego Lopez" in text
    regions = re.findall(r'id="(event-check-\d+)"', response.content.decode())
    assert len(set(regions)) == 2


def test_memberships_show_status_balance_freeze_and_validity(front_desk):
    response = search(front_desk, JAMES)
    text = visible_text(response)
    # The brief's example: Altegio's own status title, a category balance, not activated yet.
    example = next(
        card for card in cards_of(response.content.decode(), "membership-card") if "788376" in card
    )
    assert ">Released<" in example
    assert "Surfing" in example
    assert "10 visits left" in readable(example)
    assert "Not activated yet" in example
    assert "Frozen" in text
    total = r"Frozen: \d+ days? of freeze used in total \(this freeze and any before it\)"
    assert re.search(total + " — the type allows up to", text)
    assert "Unlimited visits" in text
    assert re.search(r"1 visit left, shared across [A-Z]", text)
    assert re.search(r"Sold [A-Z][a-z]{2} \d{1,2}, \d{4}", text)
    assert re.search(r"Expires [A-Z][a-z]{2} \d{1,2}, \d{4} \(in \d+ days\)", text)
    assert "Period 1 month" in text


def test_expiry_within_a_week_and_a_last_visit_are_flagged_in_words(front_desk):
    response = search(front_desk, JAMES)
    soon = [
        card
        for card in cards_of(response.content.decode(), "membership-card")
        if "Expires soon" in card
    ]
    last = [
        card
        for card in cards_of(response.content.decode(), "membership-card")
        if "Last visit" in card
    ]
    assert soon
    assert last
    assert all('class="loyalty-card membership-card attention' in card for card in soon + last)
    text = visible_text(response)
    assert re.search(r"Expires in [1-7] days?\.", text)
    assert "Only one visit left." in text


def test_active_memberships_come_first_then_the_soonest_expiry(front_desk):
    cards = cards_of(search(front_desk, JAMES).content.decode(), "membership-card")
    statuses = [first_match(r'class="badge status-(\w+)"', card, 1) for card in cards]
    assert statuses == sorted(statuses, key=lambda slug: slug != "active")
    expiries = [
        datetime.strptime(found.group(1), "%b %d, %Y")
        for card in cards
        if 'status-active"' in card
        and (found := re.search(r"<dt>Expires</dt><dd>([A-Z][a-z]{2} \d{1,2}, \d{4})", card))
    ]
    assert len(expiries) > 3
    assert expiries == sorted(expiries)


def test_a_spent_gift_card_is_greyed_and_listed_last(manager):
    cards = cards_of(search(manager, "+1 315 555 0176").content.decode(), "gift-card")
    spent = [card for card in cards if "<strong>$0</strong>" in card]
    assert spent
    assert cards[-len(spent) :] == spent
    assert all('class="loyalty-card gift-card past"' in card for card in spent)


def test_gift_cards_show_the_balance_of_face_value_with_a_meter(front_desk):
    response = search(front_desk, JAMES)
    card = next(
        card
        for card in cards_of(response.content.decode(), "gift-card")
        if "No. <strong>888<" in card
    )
    assert "<strong>$6,500</strong>" in card
    assert "of $9,000" in card
    assert re.search(r'<meter min="0" max="9000" value="6500"', card)
    assert "No limits" in card
    assert "Several times" in card
    assert ">Activated<" in card  # Altegio's own status title
    assert re.search(r"\(in \d+ days\)", card)


def test_money_and_dates_follow_the_location(manager):
    url = f"/locations/{NEVSKY_CENTRAL}/clients/"
    text = visible_text(search(manager, "+7 916 123 45 67", url=url))
    assert re.search(r"\d ₽ of [\d,]+ ₽", text)


# --- Altegio failures, in place ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fault", [{"status": 500}, {"status": 503}, {"kind": "timeout"}, {"kind": "connect"}]
)
def test_altegio_not_answering_is_shown_in_the_results_with_a_retry(front_desk, sandbox, fault):
    sandbox.inject("M1", **fault)
    response = search(front_desk, JAMES)
    body = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert body.strip().startswith('<section id="results"')
    assert "The lookup did not work. Altegio is not answering right now." in visible_text(response)
    assert visible_text(response).count("not answering") == 1  # said once, plainly
    retry = first_match(r"<button[^>]*>Try again</button>", body, flags=re.S)
    assert f'hx-post="{LOOKUP}"' in retry
    assert 'hx-include="#lookup-form"' in retry
    assert 'form="lookup-form"' in retry  # without JavaScript it re-submits the form


def test_without_javascript_altegio_down_is_a_503_page_never_a_500(front_desk, sandbox):
    sandbox.inject("C1", status=502)
    response = search(front_desk, JAMES, htmx=False)
    assert response.status_code == 503
    assert "Altegio is not answering right now." in visible_text(response)
    assert "Traceback" not in response.content.decode()


def test_the_retry_works_once_altegio_answers_again(front_desk, sandbox):
    sandbox.inject("C1", status=503, times=3)  # a GET is tried three times
    assert "Altegio is not answering right now." in visible_text(search(front_desk, JAMES))
    assert "9 memberships · 3 gift cards" in visible_text(search(front_desk, JAMES))


def test_no_rights_in_altegio_is_explained_in_the_results(front_desk, sandbox):
    sandbox.inject("M1", status=403)
    response = search(front_desk, JAMES)
    text = visible_text(response)
    assert response.status_code == 200
    assert "You have no rights at Harbor Studio in Altegio." in text
    assert "Ask a manager to give you these rights in Altegio" in text
    assert "Try again" not in text
    assert search(front_desk, JAMES, htmx=False).status_code == 403


def test_an_unreadable_answer_is_shown_in_place(front_desk, sandbox):
    sandbox.inject("C1", kind="malformed")
    response = search(front_desk, JAMES, htmx=False)
    assert response.status_code == 502
    assert "The lookup did not work. Altegio sent an answer we could not read." in visible_text(
        response
    )


def test_an_ended_altegio_session_sends_the_whole_page_to_sign_in(front_desk, sandbox):
    sandbox.revoke(login=FRONT_DESK["username"])
    response = search(front_desk, JAMES)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    assert "expired=1" in response["HX-Redirect"]
    assert front_desk.get(LOOKUP).status_code == 302  # signed out


# --- Anti-harvesting ---------------------------------------------------------------------------


def test_lookups_beyond_the_limit_get_a_clear_message_and_a_429(front_desk, sandbox, settings):
    settings.LOOKUPS_PER_MINUTE = 2
    search(front_desk, JAMES)
    search(front_desk, NORA)
    sandbox.calls.clear()
    response = search(front_desk, LOPEZ, htmx=False)
    assert response.status_code == 429
    assert "Lookup limit reached." in visible_text(response)
    assert "2 phones a minute" in visible_text(response)
    assert 1 <= int(response["Retry-After"]) <= 61
    assert sandbox.calls == []


def test_htmx_gets_the_limit_message_as_a_fragment_it_will_swap(front_desk, settings):
    settings.LOOKUPS_PER_MINUTE = 1
    search(front_desk, JAMES)
    response = search(front_desk, JAMES)
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<section id="results"')
    assert "Lookup limit reached." in visible_text(response)
    assert "Retry-After" in response


def test_the_limit_counts_per_staff_member(front_desk, manager, settings):
    settings.LOOKUPS_PER_MINUTE = 1
    search(front_desk, JAMES)
    assert "Lookup limit reached." in visible_text(search(front_desk, JAMES))
    assert "9 memberships · 3 gift cards" in visible_text(search(manager, JAMES))


def test_a_line_per_card_sums_up_the_result_above_the_detailed_cards(front_desk):
    text = visible_text(search(front_desk, JAMES))
    glance = text[text.index("At a glance") : text.index("Memberships 9")]
    assert "Yoga 8 visits · 4 visits left · expires" in glance
    assert "All-access unlimited month · Unlimited visits" in glance
    assert "Studio pass 10 (shared) · 1 visit left, shared" in glance
    assert "Gift card $100 · $4.50" in glance
    assert not re.search(r"\b0 visits?, shared", glance)
