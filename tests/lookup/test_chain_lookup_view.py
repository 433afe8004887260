"""The whole-chain lookup: one phone across every location of the chain the person may open."""

import re

import pytest

from dashboard.accounts.models import StaffUser
from loyalty.models import AuditEntry
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    MANAGER,
    htmx_headers,
    sign_in,
    visible_text,
)

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
NORTH_LOOKUP = f"/locations/{HARBOR_NORTH}/clients/"
NEVSKY_CENTRAL = 830001
HARBOR_MARINA = 720444
JAMES = "+1 315 555 0178"
LENA = "+1 315 555 0190"
IVAN_E164 = "+7 916 765 43 21"  # his card stores "8 916…": only the national form finds it
NOBODY = "+1 315 555 0000"


def search(client, phone, scope="chain", *, url=LOOKUP, htmx=True):
    """POST the lookup form with a scope, as htmx would (swapping #results) or as a browser."""
    headers = htmx_headers("results", url) if htmx else {}
    return client.post(url, {"phone": phone, "scope": scope}, headers=headers)


def location_titles(body: str) -> list[str]:
    """The location group headings of a chain-wide result, in page order."""
    headings = re.findall(r'<h2 id="chain-location-\d+"[^>]*>(.*?)</h2>', body, flags=re.S)
    return [re.sub(r"<[^>]+>.*", "", heading).strip() for heading in headings]


def group_text(body: str, location_id: int) -> str:
    """The visible text of one location's group."""
    match = re.search(
        rf'<section class="chain-location" aria-labelledby="chain-location-{location_id}">'
        r"(.*?)</section>\s*(?=<section class=\"chain-location\"|<ul class=\"chain-no-rights\"|$)",
        body,
        flags=re.S,
    )
    assert match, f"no group for {location_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def radio(body: str, value: str) -> str:
    """The scope radio button with this value."""
    found = re.search(rf'<input type="radio" name="scope" value="{value}"[^>]*>', body)
    assert found, f"no {value} radio"
    return found.group(0)


def m1_and_c1_locations(sandbox) -> list[int | None]:
    """The location of every M1 and C1 call the sandbox answered, sorted."""
    return sorted(call.location_id for call in sandbox.calls if call.endpoint in ("M1", "C1"))


# --- The scope choice --------------------------------------------------------------------------


def test_the_front_desk_with_one_location_of_the_chain_sees_no_scope_choice(front_desk):
    body = front_desk.get(LOOKUP).content.decode()
    form = re.search(r'<form id="lookup-form".*?</form>', body, flags=re.S).group(0)
    assert 'name="scope"' not in body
    assert "Whole chain" not in form
    assert 'name="phone"' in form


def test_a_manager_sees_this_location_chosen_by_default(manager):
    body = manager.get(LOOKUP).content.decode()
    assert "checked" in radio(body, "location")
    assert "checked" not in radio(body, "chain")
    assert "Whole chain" in body
    assert "Harbor Wellness" in body


def test_the_scope_choice_is_remembered_per_person_across_sessions(manager, client):
    search(manager, JAMES, "chain")
    assert StaffUser.objects.get(email="manager@sandbox.example").lookup_scope == "chain"
    later = sign_in(client, MANAGER).get(LOOKUP).content.decode()
    assert "checked" in radio(later, "chain")
    search(manager, JAMES, "location")
    assert StaffUser.objects.get(email="manager@sandbox.example").lookup_scope == "location"


def test_scope_chain_without_another_location_falls_back_to_the_location_with_a_note(
    front_desk, sandbox
):
    response = search(front_desk, JAMES, "chain")
    text = visible_text(response)
    assert response.status_code == 200
    assert "A whole-chain lookup is not open to you from Harbor Studio" in text
    assert "so this lookup is for Harbor Studio only" in text
    assert "788376" in text  # his memberships at the location (the client card follows)
    assert "Valid at" not in text
    assert "chain_clients" not in {call.endpoint for call in sandbox.calls}


def test_an_unknown_scope_is_refused_in_words(manager, sandbox):
    sandbox.calls.clear()
    text = visible_text(search(manager, JAMES, "everywhere"))
    assert "Choose “This location” or “Whole chain”." in text
    assert not sandbox.calls  # the lookup asked Altegio nothing


def test_a_lookup_without_a_scope_stays_at_the_location_and_keeps_the_choice(manager, sandbox):
    search(manager, LENA, "chain")
    sandbox.calls.clear()
    response = manager.post(LOOKUP, {"phone": JAMES}, headers=htmx_headers("results", LOOKUP))
    assert "788376" in visible_text(response)  # his memberships at the location
    assert "chain_clients" not in {call.endpoint for call in sandbox.calls}
    assert StaffUser.objects.get(email="manager@sandbox.example").lookup_scope == "chain"


# --- Grouping, de-duplication, rights ----------------------------------------------------------


def test_james_across_the_chain_shows_his_two_locations_current_first(manager):
    response = search(manager, JAMES)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<section id="results"')
    assert location_titles(body) == ["Harbor Studio", "Harbor North"]
    summary = "Whole chain Harbor Wellness: 9 memberships · 3 gift cards at 2 locations"
    assert summary in visible_text(response)
    assert "James Smith · Client #146915197" in group_text(body, HARBOR_STUDIO)
    assert "James Smith · Client #146915208" in group_text(body, HARBOR_NORTH)
    # Each group keeps the event check of the client card it holds.
    assert f'hx-get="/locations/{HARBOR_STUDIO}/clients/146915197/event-check/"' in body
    assert f'hx-get="/locations/{HARBOR_NORTH}/clients/146915208/event-check/"' in body


def test_from_harbor_north_harbor_north_comes_first(manager):
    body = search(manager, JAMES, url=NORTH_LOOKUP).content.decode()
    assert location_titles(body) == ["Harbor North", "Harbor Studio"]


def test_a_membership_back_from_two_locations_is_shown_once_with_both(manager):
    body = search(manager, JAMES).content.decode()
    assert body.count('aria-labelledby="membership-659878"') == 1
    assert body.count('aria-labelledby="gift-card-409740"') == 1
    card = re.search(r'<article [^>]*aria-labelledby="membership-659909".*?</article>', body, re.S)
    assert card, "James's Harbor North membership is missing"
    assert "Valid at Harbor Studio, Harbor North" in card.group(0)
    north = group_text(body, HARBOR_NORTH)
    assert "The same 12 memberships and gift cards came back from Harbor North" in north


def test_a_location_the_person_cannot_open_is_named_and_never_asked(manager, sandbox):
    text = visible_text(search(manager, JAMES))
    assert "Also a client at Harbor Marina: you have no rights there." in text
    assert HARBOR_MARINA not in m1_and_c1_locations(sandbox)
    assert m1_and_c1_locations(sandbox) == [
        HARBOR_STUDIO,
        HARBOR_STUDIO,
        HARBOR_NORTH,
        HARBOR_NORTH,
    ]
    assert not [call for call in sandbox.calls if call.location_id == HARBOR_MARINA]


def test_a_location_altegio_will_not_name_is_still_listed_by_number(manager, sandbox):
    sandbox.inject("locations", status=500)
    text = visible_text(search(manager, JAMES))
    assert "Also a client at location #720444: you have no rights there." in text
    assert "Harbor Studio" in text


def test_a_phone_known_only_at_another_location_is_found_across_the_chain(manager, sandbox):
    here_only = visible_text(search(manager, LENA, "location"))
    assert "No memberships or gift cards for +1 315-555-0190 at Harbor Studio" in here_only
    response = search(manager, LENA)
    text = visible_text(response)
    body = response.content.decode()
    assert "No client card with this phone at Harbor Studio" in text
    assert location_titles(body) == ["Harbor North"]
    assert "Lena Park" in text
    assert "Gym open access 3 months" in group_text(body, HARBOR_NORTH)
    assert "Gift card $100" in group_text(body, HARBOR_NORTH)


def test_a_phone_nowhere_in_the_chain_says_so_once(manager, sandbox):
    sandbox.calls.clear()
    response = search(manager, NOBODY)
    text = visible_text(response)
    assert response.status_code == 200
    assert "No client card with +1 315-555-0000 anywhere in Harbor Wellness." in text
    assert "Nobody found in the chain" in text
    # Altegio's documented answer is a 404 {"message": "Client not found"}: nobody, not a failure
    # (docs/altegio.md §4.4), asked again in the national form before saying so.
    searches = [call for call in sandbox.calls if call.endpoint == "chain_clients"]
    assert [call.status for call in searches] == [404, 404]
    assert "could not" not in text.lower()
    assert "national form" not in text  # it found no one, so it is not named


def test_the_national_form_retry_works_across_the_chain(manager, sandbox):
    url = f"/locations/{NEVSKY_CENTRAL}/clients/"
    text = visible_text(search(manager, IVAN_E164, url=url))
    assert "Иван Петров" in text
    assert "Found under the national form of the number (89167654321)" in text
    searches = [call for call in sandbox.calls if call.endpoint == "chain_clients"]
    assert [call.status for call in searches] == [404, 200]  # nobody under E.164, then him


def test_without_javascript_the_chain_lookup_renders_the_whole_page(manager):
    response = search(manager, JAMES, htmx=False)
    body = response.content.decode()
    assert "<html" in body
    assert location_titles(body) == ["Harbor Studio", "Harbor North"]
    assert "checked" in radio(body, "chain")


# --- Failures at one location, or of the chain search -----------------------------------------


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ({"kind": "timeout"}, "at Harbor North could not be read. Altegio is not answering"),
        ({"status": 403}, "You have no rights at Harbor North in Altegio."),
        (
            {"status": 402},
            "Harbor North could not be read. The Altegio licence of this location has expired.",
        ),
    ],
)
def test_a_failure_at_one_location_shows_the_others_and_names_it(manager, sandbox, fault, words):
    sandbox.inject("M1", location_id=HARBOR_NORTH, **fault)
    response = search(manager, JAMES)
    body = response.content.decode()
    assert response.status_code == 200
    assert words in group_text(body, HARBOR_NORTH)
    studio = group_text(body, HARBOR_STUDIO)
    assert "89999" in studio  # the brief's membership, still shown from Harbor Studio
    assert "Valid at" not in studio  # Harbor North said nothing, so nothing is "valid at" both
    assert "Also a client at Harbor Marina" in visible_text(response)


def test_a_failure_at_every_location_is_still_no_500(manager, sandbox):
    sandbox.inject("C1", status=500)
    response = search(manager, JAMES, htmx=False)
    assert response.status_code == 200
    assert visible_text(response).count("could not be read. Altegio is not answering") == 2


def test_a_chain_search_refused_by_altegio_says_so_without_a_retry(manager, sandbox):
    sandbox.inject("chain_clients", status=403)
    text = visible_text(search(manager, JAMES))
    assert "You have no rights in Harbor Wellness in Altegio." in text
    assert "Try again" not in text


def test_a_failed_chain_search_shows_its_error_in_the_results_region(manager, sandbox):
    sandbox.inject("chain_clients", status=503)
    response = search(manager, JAMES)
    text = visible_text(response)
    assert response.status_code == 200  # htmx swaps only 2xx; the full page keeps the status
    assert "The chain-wide lookup did not work." in text
    assert "Try again" in text
    assert search(manager, JAMES, htmx=False).status_code == 503


def test_an_ended_altegio_session_at_one_location_signs_the_person_out(manager, sandbox):
    sandbox.inject("M1", status=401, location_id=HARBOR_NORTH)
    response = search(manager, JAMES)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/")


# --- Concurrency, audit, quota -----------------------------------------------------------------


def test_every_location_is_asked_at_the_same_time(manager, sandbox):
    sandbox.set_latency(150, "M1")
    sandbox.set_latency(150, "C1")
    search(manager, JAMES)
    calls = [call for call in sandbox.calls if call.endpoint in ("M1", "C1")]
    assert sorted({call.location_id for call in calls}) == [HARBOR_STUDIO, HARBOR_NORTH]
    assert len(calls) == 4
    # All four were in flight together: none ended before the last one started.
    assert max(call.started for call in calls) < min(call.ended for call in calls)
    search_call = next(call for call in sandbox.calls if call.endpoint == "chain_clients")
    assert search_call.ended <= min(call.started for call in calls)


def test_a_chain_lookup_is_one_audit_entry_with_the_count_per_location(manager):
    search(manager, JAMES)
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1
    entry = entries[0]
    assert entry.kind == AuditEntry.Kind.CLIENT_LOOKUP
    assert entry.chain_id == HARBOR_CHAIN
    assert entry.location_id == HARBOR_STUDIO
    assert entry.place == "Harbor Studio · whole chain Harbor Wellness"
    assert entry.query == "Harbor Studio: 12; Harbor North: 12; no rights: Harbor Marina"
    assert entry.result_count == 12
    assert entry.outcome == "found"
    assert entry.phone_masked == "+1 *** ***-01-78"


def test_a_failure_at_one_location_is_in_the_audit_entry(manager, sandbox):
    sandbox.inject("C1", status=503, location_id=HARBOR_NORTH)
    search(manager, JAMES)
    entry = AuditEntry.objects.get()
    assert "Harbor North: failed" in entry.query
    assert entry.outcome == "found, some locations failed"


def test_a_chain_lookup_counts_once_against_the_lookup_limit(manager, settings):
    settings.LOOKUPS_PER_MINUTE = 2
    first = search(manager, JAMES)
    second = search(manager, LENA)
    third = search(manager, JAMES)
    assert "Lookup limit reached" not in visible_text(first)
    assert "Lookup limit reached" not in visible_text(second)
    assert "Lookup limit reached" in visible_text(third)
    assert third["Retry-After"]
