"""Can a client's membership pay for a group event? M8, then M9 for each membership at once."""

import re

import pytest

from loyalty.models import AuditEntry
from tests.helpers import HARBOR_NORTH, HARBOR_STUDIO, first_match, htmx_headers, visible_text

JAMES_ID = 146915197
MARIA_ID = 146915198
YOGA, PILATES, SURF, GYM = 12345, 12346, 12347, 12348
ALL_DAYS = "1,2,3,4,5"


def check(
    client, event_id, days=ALL_DAYS, *, client_id=JAMES_ID, htmx=True, location=HARBOR_STUDIO
):
    """GET the event check as the per-client form would, through htmx or without JavaScript."""
    url = f"/locations/{location}/clients/{client_id}/event-check/"
    headers = htmx_headers(f"event-check-{client_id}", f"/locations/{location}/clients/")
    return client.get(
        url, {"event_id": event_id, "schedule_day_ids": days}, headers=headers if htmx else {}
    )


def rows(response) -> list[str]:
    """The table rows, one per membership M8 offered."""
    return re.findall(r"<tr>\s*<td>.*?</tr>", response.content.decode(), flags=re.S)


def test_htmx_gets_only_this_clients_result_region(front_desk):
    response = check(front_desk, YOGA)
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith(f'<div id="event-check-{JAMES_ID}"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_a_membership_covering_every_day_means_the_client_can_pay(front_desk):
    response = check(front_desk, YOGA)
    text = visible_text(response)
    assert "Can pay A membership covers every asked day (1, 2, 3, 4, 5) of event 12345." in text
    table = rows(response)
    assert any("All days" in row for row in table)
    # The partial ones list what they can book, and what not.
    partial = [row for row in table if "Some days" in row]
    assert partial
    assert all("not " in row for row in partial)
    assert re.search(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", text)  # last bookable date


def test_memberships_covering_only_some_days_say_so(front_desk):
    text = visible_text(check(front_desk, PILATES))
    assert "Memberships cover only some of the asked days (1, 2, 3, 4, 5) of event 12346." in text


def test_no_membership_that_can_pay_is_a_clear_no(front_desk):
    response = check(front_desk, GYM)
    text = visible_text(response)
    assert (
        "Cannot pay No membership of this client can pay for event 12348 on days 1, 2, 3, 4, 5."
        in text
    )
    assert rows(response) == []


def test_every_membership_is_checked_at_the_same_time(front_desk, sandbox):
    sandbox.set_latency(150)
    sandbox.calls.clear()
    check(front_desk, YOGA)
    m8 = [call for call in sandbox.calls if call.endpoint == "M8"]
    m9 = [call for call in sandbox.calls if call.endpoint == "M9"]
    assert len(m8) == 1
    assert len(m9) >= 3
    assert all(call.started >= m8[0].ended for call in m9)  # M9 needs M8's memberships
    assert max(call.started for call in m9) < min(call.ended for call in m9)


@pytest.mark.parametrize(
    ("event_id", "days", "message"),
    [
        ("", ALL_DAYS, "Enter the group event's id."),
        ("abc", ALL_DAYS, "The event id is a whole number, like 12345."),
        ("-5", ALL_DAYS, "The event id is a positive number."),
        (YOGA, "1;2", "Schedule day ids are positive whole numbers separated by commas"),
        (YOGA, "1,0", "Schedule day ids are positive whole numbers separated by commas"),
        (YOGA, "one,two", "Schedule day ids are positive whole numbers separated by commas"),
    ],
)
def test_bad_ids_get_an_inline_message_and_no_altegio_call(
    front_desk, sandbox, event_id, days, message
):
    sandbox.calls.clear()
    response = check(front_desk, event_id, days)
    assert response.status_code == 200
    assert message in visible_text(response)
    assert sandbox.calls == []


def test_the_event_id_alone_lists_the_memberships_that_can_pay_without_m9(front_desk, sandbox):
    sandbox.calls.clear()

    response = check(front_desk, YOGA, "")

    text = visible_text(response)
    assert response.status_code == 200
    # One membership named as the one that pays, with the visits left after; the others as
    # alternatives; no word of Altegio's schedule days.
    assert "✓ Can pay with All-access unlimited month No. 219160 Unlimited visits" in text
    assert text.count("visits left after this class") == 4
    assert "schedule day" not in text.lower()
    assert [call.endpoint for call in sandbox.calls] == ["M8"]


def test_schedule_days_add_m9s_answer_per_day(front_desk, sandbox):
    sandbox.calls.clear()

    response = check(front_desk, YOGA, "1,2,3,4,5")

    text = visible_text(response)
    assert "Add schedule days" not in text
    assert "All days" in text
    assert [call.endpoint for call in sandbox.calls].count("M9") == 5


def test_spaces_and_a_trailing_comma_in_the_days_are_fine(front_desk):
    assert "of event 12345" in visible_text(check(front_desk, YOGA, " 1, 2 ,3, "))


def test_an_event_altegio_does_not_know_is_explained(front_desk):
    response = check(front_desk, 99999)
    assert "Altegio found no event 99999 for this client at Harbor Studio." in visible_text(
        response
    )
    assert "Try again" not in visible_text(response)


def test_schedule_days_altegio_rejects_show_altegios_words(front_desk):
    text = visible_text(check(front_desk, YOGA, "1,99"))
    assert "The event could not be checked. Altegio rejected the request." in text
    assert "Altegio said:" in text


def test_altegio_not_answering_offers_a_retry_of_the_same_check(front_desk, sandbox):
    sandbox.inject("M9", status=503)
    response = check(front_desk, YOGA)
    assert response.status_code == 200
    assert "The event could not be checked. Altegio is not answering" in visible_text(response)
    retry = first_match(r'<a class="button small"[^>]*>Try again</a>', response.content.decode())
    assert f'hx-target="#event-check-{JAMES_ID}"' in retry
    assert "event_id=12345" in retry


def test_without_javascript_the_check_is_a_whole_page(front_desk, sandbox):
    response = check(front_desk, YOGA, htmx=False)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert 'value="12345"' in response.content.decode()
    assert "Back to client lookup" in visible_text(response)
    sandbox.inject("M8", status=503)
    assert check(front_desk, YOGA, htmx=False).status_code == 503


def test_the_page_without_a_query_shows_the_picker_and_checks_nothing(front_desk, sandbox):
    sandbox.calls.clear()
    response = front_desk.get(f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/event-check/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Pick a group event" in text
    assert "Enter the group event" not in text
    # Only the event search, paged until its empty page; no M8/M9.
    assert {call.endpoint for call in sandbox.calls} == {"activities"}


def test_the_event_id_alone_lists_the_memberships_that_can_pay(front_desk, sandbox):
    sandbox.calls.clear()
    response = check(front_desk, YOGA, "")
    text = visible_text(response)
    assert "Could also pay: Studio pass 10 (shared) No. 219167 (0 visits left after" in text
    assert "Yoga 20 visits No. 219181 (13 visits left after this class)" in text
    # M8 alone: schedule days were not asked, so no per-day check.
    assert [call.endpoint for call in sandbox.calls] == ["M8"]


def test_a_location_that_is_not_theirs_is_refused(front_desk, sandbox):
    sandbox.calls.clear()
    assert check(front_desk, YOGA, location=HARBOR_NORTH).status_code == 403
    assert sandbox.calls == []


@pytest.mark.backends
def test_each_event_check_is_audited(front_desk):
    check(front_desk, GYM, "1,2")
    check(front_desk, YOGA, "")
    first, second = AuditEntry.objects.order_by("id")
    assert first.kind == second.kind == AuditEntry.Kind.EVENT_CHECK
    assert first.query == f"client {JAMES_ID}, event 12348, days 1,2"
    assert (first.outcome, first.result_count) == ("can pay: none", 0)
    assert second.query == f"client {JAMES_ID}, event 12345"
    assert (second.outcome, second.result_count) == ("can pay: all", 5)


def test_event_checks_count_towards_the_lookup_limit(front_desk, settings):
    settings.LOOKUPS_PER_MINUTE = 1
    check(front_desk, YOGA)
    response = check(front_desk, YOGA, htmx=False)
    assert response.status_code == 429
    assert "Lookup limit reached." in visible_text(response)
