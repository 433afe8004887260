"""The signed-in person's own memberships (M2) and gift cards (C2), in the same cards as lookup."""

import re

from loyalty.services.lookup.desk import MyLoyalty
from loyalty.views import lookup as lookup_views
from tests.helpers import HARBOR_NORTH, HARBOR_STUDIO, htmx_headers, visible_text

ME = f"/locations/{HARBOR_STUDIO}/me/"


def test_my_memberships_and_gift_cards_are_shown_as_cards(front_desk, sandbox):
    sandbox.set_latency(100)
    sandbox.calls.clear()
    response = front_desk.get(ME)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<article class="loyalty-card membership-card') >= 1
    assert body.count('<article class="loyalty-card gift-card') >= 1
    assert "no-store" in response["Cache-Control"]
    calls = [call for call in sandbox.calls if call.endpoint in {"M2", "C2"}]
    assert sorted(call.endpoint for call in calls) == ["C2", "M2"]
    assert max(call.started for call in calls) < min(call.ended for call in calls)


def test_the_cards_read_like_the_lookup_ones(front_desk):
    text = visible_text(front_desk.get(ME))
    assert re.search(r"\d+ visits? left", text)
    assert "Not activated yet" in text
    assert re.search(r"\$[\d,.]+ of \$[\d,.]+", text)


def test_someone_without_cards_gets_a_plain_message(front_desk, monkeypatch):
    # Every sandbox user holds cards, so the service answers "none" here.
    async def nothing(*, api, location, chains):
        return MyLoyalty(location=location, memberships=[], gift_cards=[])

    monkeypatch.setattr(lookup_views, "list_my_loyalty", nothing)
    text = visible_text(front_desk.get(ME))
    assert "You have no memberships or gift cards at Harbor Studio." in text


def test_altegio_down_is_shown_in_place_with_a_retry(front_desk, sandbox):
    sandbox.inject("C2", status=503)
    response = front_desk.get(ME, headers=htmx_headers("my-cards", ME))
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith('<section id="my-cards"')
    assert "Your cards could not be listed. Altegio is not answering" in visible_text(response)
    assert f'hx-get="{ME}"' in body
    assert front_desk.get(ME).status_code == 503


def test_no_rights_is_a_clear_message_without_retry(front_desk, sandbox):
    sandbox.inject("M2", status=403)
    response = front_desk.get(ME)
    assert response.status_code == 403
    assert "You have no rights at Harbor Studio in Altegio." in visible_text(response)
    assert "Try again" not in visible_text(response)


def test_another_location_is_refused(front_desk):
    assert front_desk.get(f"/locations/{HARBOR_NORTH}/me/").status_code == 403
