"""The client card after a lookup's cards: one client search, reused for minutes, not harvested."""

import asyncio
import re

import pytest
from django.core.cache import cache

from loyalty.altegio import AltegioBudgetHeldBack, Priority, activities, current_priority
from loyalty.models import AuditEntry
from loyalty.services.lookup import events, loyalty_cards, tickets
from loyalty.views import lookup as lookup_views
from tests.helpers import (
    HARBOR_NORTH,
    HARBOR_STUDIO,
    JAMES,
    LOOKUP,
    LOPEZ,
    follow_up,
    htmx_headers,
    search,
    visible_text,
)

CARD = f"/locations/{HARBOR_STUDIO}/clients/card/"
JAMES_ID = 146915197


TYPE_READS = {"M4", "M7"}  # the memberships' types, read by id for their rules (cached)
SCHEDULE = "activities"  # the location's classes, read once for everyone (cached)


def endpoints(sandbox) -> list[str]:
    """The Altegio endpoints called since the log was last cleared, sorted, types aside."""
    skipped = TYPE_READS | {SCHEDULE}
    return sorted(call.endpoint for call in sandbox.calls if call.endpoint not in skipped)


def ticket_of(response) -> str:
    """The lookup ticket its client card placeholder presents."""
    return re.search(r'"ticket": "([\w-]+)"', response.content.decode()).group(1)


def test_the_client_card_follows_with_one_client_search_and_todays_classes(front_desk, sandbox):
    first = search(front_desk, JAMES)
    sandbox.calls.clear()
    response = follow_up(front_desk, first)
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith('<div id="client-card"')
    assert "<html" not in body
    # The client's name leads (a heading of its own), the client number is the line under it.
    assert re.search(r'<h2 class="client-name">James Smith</h2>', body)
    assert "James Smith Client #146915197" in visible_text(response)
    assert f'id="event-check-{JAMES_ID}"' in body
    assert "Can a membership pay for a class? Today · New York time" in visible_text(response)
    assert "Schedule day" not in visible_text(response)
    # The loyalty cards come with it (their balances are never kept); the location's classes
    # are read once and kept for everyone.
    assert endpoints(sandbox) == ["clients_search", "loyalty_cards"]
    assert SCHEDULE in [call.endpoint for call in sandbox.calls]
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_the_next_lookups_classes_come_from_the_cache(front_desk, sandbox):
    follow_up(front_desk, search(front_desk, JAMES))
    sandbox.calls.clear()
    card = follow_up(front_desk, search(front_desk, LOPEZ))
    assert "Can a membership pay for a class?" in visible_text(card)
    assert SCHEDULE not in [call.endpoint for call in sandbox.calls]


def test_the_placeholder_posts_the_phone_box_and_never_puts_the_phone_in_a_url(front_desk):
    body = search(front_desk, JAMES).content.decode()
    placeholder = re.search(r'<div id="client-card"[^>]*>', body).group(0)
    assert f'hx-post="{CARD}"' in placeholder
    assert 'hx-trigger="load"' in placeholder
    assert 'hx-include="#id_phone"' in placeholder
    assert "5550178" not in placeholder


def test_looking_up_the_same_phone_again_asks_altegio_only_for_balances(front_desk, sandbox):
    follow_up(front_desk, search(front_desk, JAMES))
    sandbox.calls.clear()
    again = search(front_desk, JAMES)
    card = follow_up(front_desk, again)
    assert "9 memberships · 3 gift cards" in visible_text(again)
    assert "James Smith" in visible_text(card)
    # The balances are fresh (loyalty cards' too), the client card is not.
    assert endpoints(sandbox) == ["C1", "M1", "loyalty_cards"]


def test_without_javascript_a_second_lookup_reuses_the_client_card(front_desk, sandbox):
    search(front_desk, JAMES, htmx=False)
    sandbox.calls.clear()
    assert "James Smith" in visible_text(search(front_desk, JAMES, htmx=False))
    assert endpoints(sandbox) == ["C1", "M1", "loyalty_cards"]


def test_the_client_card_answer_is_kept_per_staff_member(front_desk, manager, sandbox):
    follow_up(front_desk, search(front_desk, JAMES))
    sandbox.calls.clear()
    assert "James Smith" in visible_text(follow_up(manager, search(manager, JAMES)))
    assert endpoints(sandbox) == ["C1", "M1", "clients_search", "loyalty_cards"]


def test_the_client_card_is_asked_again_after_a_few_minutes(front_desk, sandbox):
    follow_up(front_desk, search(front_desk, JAMES))
    cache.clear()  # what five minutes do to the kept answer (and the lookup counter)
    sandbox.calls.clear()
    assert "James Smith" in visible_text(follow_up(front_desk, search(front_desk, JAMES)))
    assert endpoints(sandbox) == ["C1", "M1", "clients_search", "loyalty_cards"]


def test_a_client_card_without_a_lookup_is_refused_without_asking_altegio(front_desk, sandbox):
    sandbox.calls.clear()
    data = {"phone": JAMES, "ticket": "made-up"}
    response = front_desk.post(CARD, data, headers=htmx_headers("client-card", LOOKUP))
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "This client card is not available." in visible_text(response)
    assert front_desk.post(CARD, data).status_code == 403
    assert sandbox.calls == []


def test_a_lookups_ticket_does_not_open_another_phones_client_card(front_desk, sandbox):
    first = search(front_desk, JAMES)
    sandbox.calls.clear()
    response = follow_up(front_desk, first, phone=LOPEZ)
    assert "This client card is not available." in visible_text(response)
    assert "Lopez" not in visible_text(response)
    assert sandbox.calls == []


def test_a_lookups_ticket_does_not_open_another_locations_client_card(manager, sandbox):
    ticket = ticket_of(search(manager, JAMES))
    sandbox.calls.clear()
    response = manager.post(
        f"/locations/{HARBOR_NORTH}/clients/card/", {"phone": JAMES, "ticket": ticket}
    )
    assert response.status_code == 403
    assert "This client card is not available." in visible_text(response)
    assert sandbox.calls == []


def test_another_staff_members_ticket_is_refused(front_desk, manager, sandbox):
    ticket = ticket_of(search(front_desk, JAMES))
    sandbox.calls.clear()
    response = manager.post(CARD, {"phone": JAMES, "ticket": ticket})
    assert response.status_code == 403
    assert sandbox.calls == []


def test_a_ticket_lapses_two_minutes_after_its_lookup(front_desk, sandbox, monkeypatch):
    first = search(front_desk, JAMES)
    later = tickets._now() + tickets.TICKET_SECONDS + 1
    monkeypatch.setattr(tickets, "_now", lambda: later)
    sandbox.calls.clear()
    assert "This client card is not available." in visible_text(follow_up(front_desk, first))
    assert sandbox.calls == []


def test_the_client_card_is_part_of_its_lookup_not_another_one(front_desk, settings):
    settings.LOOKUPS_PER_MINUTE = 1
    first = search(front_desk, JAMES)
    assert "James Smith" in visible_text(follow_up(front_desk, first))
    assert AuditEntry.objects.count() == 1
    assert "Lookup limit reached." in visible_text(search(front_desk, LOPEZ))


def test_altegio_failing_the_client_search_is_shown_in_the_card_with_a_retry(front_desk, sandbox):
    first = search(front_desk, JAMES)
    sandbox.inject("clients_search", status=503, times=1)
    response = follow_up(front_desk, first)
    text = visible_text(response)
    assert response.status_code == 200
    assert "The client card could not be loaded. Altegio is not answering right now." in text
    body = response.content.decode()
    button = re.search(r'<button type="submit" form="client-card-retry"[^>]*>Try again', body)
    assert f'hx-post="{CARD}"' in button.group(0)
    assert 'hx-include="#client-card-retry"' in button.group(0)
    retry = re.search(r'<form id="client-card-retry".*?</form>', body, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', retry.group(0)))
    assert fields["ticket"] == ticket_of(first)
    again = front_desk.post(CARD, fields, headers=htmx_headers("client-card", LOOKUP))
    assert "James Smith" in visible_text(again)


def test_a_client_card_held_back_for_the_desks_lookups_says_so_with_a_retry(
    front_desk, sandbox, monkeypatch
):
    first = search(front_desk, JAMES)

    async def held_back(**kwargs):
        raise AltegioBudgetHeldBack(waited=45.0)

    monkeypatch.setattr(loyalty_cards, "find_clients", held_back)
    response = follow_up(front_desk, first)
    text = visible_text(response)
    assert (
        "The client card could not be loaded. Altegio's request limit is kept for the desks'"
        in (text)
    )
    assert "Try again" in text
    monkeypatch.undo()
    retry = re.search(r'<form id="client-card-retry".*?</form>', response.content.decode(), re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', retry.group(0)))
    again = front_desk.post(CARD, fields, headers=htmx_headers("client-card", LOOKUP))
    assert "James Smith" in visible_text(again)


def test_the_cards_classes_yield_to_other_desks_lookups_like_the_card(
    front_desk, sandbox, monkeypatch
):
    # Read beside the client card once the cards are on screen: a follow-up, not a new lookup.
    asked: list[Priority] = []
    search_events = activities.search_group_events

    async def recorded(*args, **kwargs):
        asked.append(current_priority())
        return await search_events(*args, **kwargs)

    monkeypatch.setattr(events, "search_group_events", recorded)
    card = follow_up(front_desk, search(front_desk, JAMES))
    assert "Can a membership pay for a class?" in visible_text(card)
    assert asked
    assert set(asked) == {Priority.FOLLOW_UP}


def test_classes_held_back_for_the_desks_leave_the_client_card_standing(
    front_desk, sandbox, monkeypatch
):
    async def held_back(*args, **kwargs):
        raise AltegioBudgetHeldBack(waited=45.0)

    monkeypatch.setattr(events, "search_group_events", held_back)
    text = visible_text(follow_up(front_desk, search(front_desk, JAMES)))
    assert "James Smith" in text
    # No list of today's classes: the event box instead, which asks when it is opened.
    assert "Can a membership pay for a class?" not in text
    assert "Group event: can a membership pay?" in text


def test_classes_the_budget_keeps_waiting_do_not_hold_the_client_card_back(
    front_desk, sandbox, monkeypatch
):
    # Each held-back call may wait up to the follow-up deadline (50 s, pages in turn): the card
    # goes once its own answers are in and a short grace has passed, with the event box instead.
    never = asyncio.Event()

    async def waiting_for_the_budget(*args, **kwargs):
        await never.wait()

    monkeypatch.setattr(events, "search_group_events", waiting_for_the_budget)
    monkeypatch.setattr(lookup_views, "CLASSES_GRACE_SECONDS", 0.05)
    text = visible_text(follow_up(front_desk, search(front_desk, JAMES)))
    assert "James Smith" in text
    assert "Can a membership pay for a class?" not in text
    assert "Group event: can a membership pay?" in text


def test_no_rights_to_search_clients_leaves_the_cards_standing(front_desk, sandbox):
    first = search(front_desk, JAMES)
    sandbox.inject("clients_search", status=403)
    text = visible_text(follow_up(front_desk, first))
    assert "The client card could not be loaded. You have no rights at Harbor Studio" in text
    assert "Try again" not in text


@pytest.mark.parametrize("htmx", [True, False])
def test_an_event_check_names_a_client_just_looked_up_without_searching_again(
    front_desk, sandbox, htmx
):
    follow_up(front_desk, search(front_desk, JAMES))
    sandbox.calls.clear()
    url = f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/event-check/"
    headers = htmx_headers(f"event-check-{JAMES_ID}", LOOKUP) if htmx else {}
    response = front_desk.get(url, {"event_id": 12345, "schedule_day_ids": "1,2"}, headers=headers)
    assert "A membership covers every asked day" in visible_text(response)
    if not htmx:
        assert "Group event check James Smith, client #146915197" in visible_text(response)
    assert "clients_search" not in endpoints(sandbox)
    # The whole page also lists the location's group events to pick from: the lookup read them.
    assert {call.endpoint for call in sandbox.calls} == {"M8", "M9"}


def test_an_event_check_for_a_client_not_looked_up_shows_the_number_only(front_desk, sandbox):
    sandbox.calls.clear()
    url = f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/event-check/"
    response = front_desk.get(url, {"event_id": 12345, "schedule_day_ids": "1"})
    assert "Group event check client #146915197 at Harbor Studio" in visible_text(response)
    assert "clients_search" not in endpoints(sandbox)
