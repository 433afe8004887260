"""/locations/<id>/clients/<client_id>/visits/: the client's visits and what paid, on demand.

Against the sandbox, signed in through the real sign-in page, with the headers htmx sends.
"""

import re

import pytest

from loyalty.models import AuditEntry
from loyalty.services.visits import VisitRights
from tests.helpers import (
    HARBOR_NORTH,
    HARBOR_STUDIO,
    JAMES,
    JAMES_ID,
    LOOKUP,
    NORA,
    follow_up,
    htmx_headers,
    readable,
    search,
    sign_in,
    visible_text,
)

pytestmark = pytest.mark.django_db

VISITS = f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/visits/"
REGION = f"visits-{JAMES_ID}"
SUPERVISOR = {"username": "supervisor@sandbox.example", "password": "supervisor-demo"}


def said(response) -> str:
    """The response's text as a person reads it (no space before a comma after a link)."""
    return re.sub(r" ([,.:])", r"\1", visible_text(response))


def endpoints(sandbox) -> list[str]:
    """The Altegio endpoints called since the log was last cleared, in order."""
    return [call.endpoint for call in sandbox.calls]


def look_up_james(client) -> str:
    """An htmx lookup of James Smith and its client card, as the desk has them on screen."""
    first = search(client, JAMES)
    card = follow_up(client, first)
    return f"{first.content.decode()}{card.content.decode()}"


def open_visits(client, query=None, *, htmx=True):
    """Open James's visits from the lookup page, as the client card's Visits box does."""
    headers = htmx_headers(REGION, LOOKUP) if htmx else {}
    return client.get(VISITS, query or {}, headers=headers)


def test_the_client_card_offers_visits_without_asking_for_them(manager, sandbox):
    sandbox.calls.clear()
    page = look_up_james(manager)

    box = re.search(r'<details class="visits-box"[^>]*>', page).group(0)
    assert f'hx-get="{VISITS}"' in box
    assert 'hx-trigger="toggle once"' in box
    assert f'href="{VISITS}"' in page  # without JavaScript, a link to the visits page
    assert "client_visits" not in endpoints(sandbox)
    assert "loyalty_transactions" not in endpoints(sandbox)


def test_opening_visits_shows_each_visit_and_what_paid_in_two_calls(manager, sandbox):
    look_up_james(manager)
    sandbox.calls.clear()

    response = open_visits(manager)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<section id="{REGION}"')
    assert "<html" not in body
    text = said(response)
    assert "Visits last 90 days" in text
    assert "Yoga class, Surf lesson with Emma Collins Paid $80" in text
    assert "Yoga 8 visits No. 219174, 1 visit" in text
    assert "Gift card 888, $40" in text
    assert "Gift card 888, $2,460" in text  # the surfboard
    assert "Massage 90 min with" in text
    assert "Did not come" in text
    assert "Not paid ($35)" in text
    assert endpoints(sandbox) == ["client_visits", "loyalty_transactions"]
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_visits_are_newest_first_in_the_locations_time(manager, sandbox):
    look_up_james(manager)

    body = open_visits(manager).content.decode()

    moments = re.findall(r'<time datetime="([^"]+)"', body)
    assert moments == sorted(moments, reverse=True)
    assert moments[0].endswith(("-05:00", "-04:00"))  # New York, where Harbor Studio is
    assert re.search(r"\d{4} 18:30</time>", body)  # the two-card visit, at its local time


def test_the_cards_learn_how_often_they_paid_with_a_link_to_those_visits(manager, sandbox):
    look_up_james(manager)

    body = open_visits(manager).content.decode()

    line = re.search(r'<p id="usage-membership-659882"[^>]*hx-swap-oob="true".*?</p>', body, re.S)
    assert line is not None
    assert re.search(r"Used 4 times since \w{3} \d+, \d{4} ?: show", readable(line.group(0)))
    assert f"{VISITS}?membership=659882" in line.group(0)
    assert 'id="usage-gift_card-409726"' in body


def test_the_lookup_page_has_a_place_on_each_card_for_its_usage(manager, sandbox):
    page = look_up_james(manager)

    assert '<p id="usage-membership-659882" class="card-usage" hidden></p>' in page
    assert '<p id="usage-gift_card-409726" class="card-usage" hidden></p>' in page


def test_filtering_to_the_yoga_membership_shows_the_four_visits_it_paid_for(manager, sandbox):
    look_up_james(manager)
    sandbox.calls.clear()

    response = open_visits(manager, {"membership": 659882})

    text = said(response)
    assert "Only the visits paid with Yoga 8 visits No. 219174." in text
    assert text.count("Yoga 8 visits No. 219174, 1 visit") == 4
    assert response.content.decode().count('<li class="visit visit-came">') == 4
    assert "Show all visits" in text
    assert endpoints(sandbox) == ["client_visits", "loyalty_transactions"]


def test_each_card_in_a_visit_links_to_the_visits_it_paid_for(manager, sandbox):
    look_up_james(manager)

    body = open_visits(manager).content.decode()

    assert f'hx-get="{VISITS}?membership=659882"' in body
    assert f'hx-get="{VISITS}?gift_card=409726"' in body


def test_earlier_visits_page_on_by_the_date_cursor_two_calls_a_page(manager, sandbox):
    look_up_james(manager)
    first = open_visits(manager).content.decode()
    earlier = re.search(r'<a class="button small secondary" href="([^"]+)"[^>]*>Earlier', first)
    assert earlier is not None
    url = earlier.group(1).replace("&amp;", "&")
    sandbox.calls.clear()

    second = manager.get(url, headers=htmx_headers(REGION, LOOKUP))

    assert re.search(r"\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$", url)
    text = visible_text(second)
    assert "Newest visits" in text
    assert "Pilates" in text or "Mat pilates" in text
    assert endpoints(sandbox) == ["client_visits", "loyalty_transactions"]
    first_days = set(re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})', first))
    second_days = set(re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})', second.content.decode()))
    assert max(second_days) < min(first_days)


def test_without_the_membership_history_right_visits_show_with_a_word(front_desk, sandbox):
    look_up_james(front_desk)
    sandbox.calls.clear()

    response = open_visits(front_desk)

    text = visible_text(response)
    assert "Massage 90 min" in text
    assert (
        "Which membership or gift card paid for each visit cannot be shown: your Altegio account "
        "has no rights to the membership history of Harbor Wellness." in text
    )
    assert "Yoga 8 visits No. 219174" not in text
    assert endpoints(sandbox) == ["client_visits"]


def test_the_supervisor_without_the_right_sees_the_visits_and_the_word(client, sandbox):
    sign_in(client, SUPERVISOR)

    text = visible_text(open_visits(client))

    assert "Did not come" in text
    assert "cannot be shown" in text


def test_a_refusal_of_what_paid_hides_that_part_only(manager, sandbox):
    look_up_james(manager)
    sandbox.inject("loyalty_transactions", status=403)

    text = visible_text(open_visits(manager))

    assert "Massage 90 min" in text
    assert (
        "Which membership or gift card paid for each visit cannot be shown. "
        "You have no rights in Harbor Wellness in Altegio." in text
    )


def test_a_failing_transactions_call_offers_to_try_the_page_again(manager, sandbox):
    sandbox.inject("loyalty_transactions", status=503)

    response = open_visits(manager)

    text = visible_text(response)
    assert "Massage 90 min" in text
    assert "Altegio is not answering right now." in text
    retry = re.search(
        r'<a class="button small" href="([^"]+)" hx-get="[^"]+" hx-target="#([^"]+)"',
        response.content.decode(),
    )
    assert retry is not None
    assert (retry.group(1), retry.group(2)) == (VISITS, REGION)


def test_a_failing_visit_search_is_shown_in_the_region(manager, sandbox):
    sandbox.inject("client_visits", status=503)

    response = open_visits(manager)

    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "The visits could not be read. Altegio is not answering right now." in visible_text(
        response
    )
    assert open_visits(manager, htmx=False).status_code == 503


def test_without_the_attendance_history_right_nothing_is_asked(manager, sandbox, monkeypatch):
    monkeypatch.setattr(
        "loyalty.views.visits.visit_rights", lambda chains: VisitRights(False, False, None)
    )
    sandbox.calls.clear()

    response = open_visits(manager, htmx=False)

    assert response.status_code == 403
    assert "may not see clients' visit history at Harbor Studio" in visible_text(response)
    assert sandbox.calls == []


def test_a_location_that_is_not_theirs_is_refused(front_desk, sandbox):
    url = f"/locations/{HARBOR_NORTH}/clients/{JAMES_ID}/visits/"

    assert front_desk.get(url).status_code == 403


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"from": "2026-13-01", "to": "2026-12-01"}, "A day is written YYYY-MM-DD"),
        ({"from": "2026-01-01"}, "Give both days of the page, or neither."),
        ({"from": "2026-03-01", "to": "2026-01-01"}, "The first day comes after the last one."),
        ({"from": "2001-01-01", "to": "2026-01-01"}, "Ask for a year of visits at most."),
        ({"membership": "1", "gift_card": "2"}, "one membership or one gift card"),
        ({"membership": "x"}, "Enter a whole number."),
    ],
)
def test_a_bad_query_is_refused_in_the_region_without_asking_altegio(
    manager, sandbox, query, words
):
    sandbox.calls.clear()

    response = open_visits(manager, query, htmx=False)

    assert response.status_code == 400
    assert words in visible_text(response)
    assert sandbox.calls == []


def test_the_page_without_javascript_names_the_client_and_carries_no_card_updates(manager, sandbox):
    look_up_james(manager)

    response = open_visits(manager, htmx=False)

    text = said(response)
    assert "Visits James Smith, client #146915197 at Harbor Studio" in text
    assert "Yoga 8 visits No. 219174, 1 visit" in text
    assert "hx-swap-oob" not in response.content.decode()


def test_opening_visits_is_audited_like_a_lookup_and_no_phone_goes_in_a_url(manager, sandbox):
    page = look_up_james(manager)
    AuditEntry.objects.all().delete()

    body = open_visits(manager, {"membership": 659882}).content.decode()

    entry = AuditEntry.objects.get()
    assert entry.kind == AuditEntry.Kind.CLIENT_VISITS
    assert entry.location_id == HARBOR_STUDIO
    assert entry.phone_masked == "+1 *** ***-01-78"
    assert "membership 659882" in entry.query
    for url in re.findall(r'(?:href|hx-get)="([^"]*visits/[^"]*)"', page + body):
        assert "5550178" not in url


def test_loyalty_cards_show_on_the_client_card_with_altegios_titles(manager, sandbox):
    card = follow_up(manager, search(manager, JAMES))

    text = visible_text(card)
    assert "Loyalty cards Harbor Rewards No. 2000178 · balance $37.50 · Cashback 5%" in text


def test_a_client_without_loyalty_cards_shows_none(manager, sandbox):
    text = visible_text(follow_up(manager, search(manager, NORA)))

    assert "Nora Quinn" in text
    assert "Loyalty cards" not in text


def test_a_failing_loyalty_card_call_leaves_the_client_card_standing(manager, sandbox):
    first = search(manager, JAMES)
    sandbox.inject("loyalty_cards", status=403)

    text = visible_text(follow_up(manager, first))

    assert "James Smith" in text
    assert "The loyalty cards could not be read. You have no rights at Harbor Studio" in text


def test_without_javascript_the_lookup_shows_loyalty_cards_and_the_visits_link(manager, sandbox):
    response = search(manager, JAMES, htmx=False)

    text = visible_text(response)
    assert "Harbor Rewards No. 2000178" in text
    assert f'href="{VISITS}"' in response.content.decode()
