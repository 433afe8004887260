"""The header: who is signed in, where they work, the location switcher and the rights refresh."""

import re

import pytest
from django.test import Client

from dashboard.accounts.models import StaffUser
from tests.helpers import FRONT_DESK, HARBOR_NORTH, HARBOR_STUDIO, MANAGER, NEVSKY_CENTRAL, sign_in

pytestmark = pytest.mark.django_db


def switcher(page: str) -> str:
    """The header's location switcher."""
    match = re.search(r'<select id="location-switch".*?</select>', page, re.S)
    assert match, "the page has no location switcher"
    return match.group(0)


def selected_location(page: str) -> str:
    """The location the header's switcher shows as chosen."""
    match = re.search(r'<option value="(\d+)"\s+selected>', switcher(page))
    assert match, "no location is selected in the switcher"
    return match.group(1)


def rights_loads(sandbox) -> int:
    """How many times the person's rights were loaded from Altegio: once per chain list, each
    with the location list (paged until an empty page, so one or more calls) beside it."""
    endpoints = [call.endpoint for call in sandbox.calls]
    loads = endpoints.count("chains")
    assert loads == 0 or "locations" in endpoints
    return loads


def test_the_front_desk_sees_their_name_and_only_location(front_desk):
    page = front_desk.get("/audit/").content.decode()  # 403 for them, with the header
    assert "Anna Brooks" in page
    assert '<span class="location-name">Harbor Studio</span>' in page
    assert 'id="location-switch"' not in page
    assert "Sign out" in page


def test_a_manager_can_switch_between_their_locations(manager):
    page = manager.get("/audit/").content.decode()
    assert "Mark Turner" in page
    assert switcher(page).count("<option value=") == 5
    assert selected_location(page) == str(HARBOR_STUDIO)
    response = manager.post("/accounts/location/", {"location_id": HARBOR_NORTH})
    assert response["Location"] == f"/locations/{HARBOR_NORTH}/clients/"
    assert selected_location(manager.get("/audit/").content.decode()) == str(HARBOR_NORTH)


def test_the_last_chosen_location_is_remembered_in_the_next_session(manager, sandbox):
    manager.post("/accounts/location/", {"location_id": NEVSKY_CENTRAL})
    manager.post("/accounts/logout/")
    again = sign_in(Client(), MANAGER)
    assert again.get("/")["Location"] == f"/locations/{NEVSKY_CENTRAL}/clients/"


def test_opening_another_locations_page_shows_it_but_changes_nothing(manager):
    page = manager.get(f"/locations/{NEVSKY_CENTRAL}/membership-types/")
    assert page.status_code == 200
    # The header follows the page being viewed…
    assert selected_location(page.content.decode()) == str(NEVSKY_CENTRAL)
    # …but a GET (say, a link from another site) does not move the remembered location.
    assert selected_location(manager.get("/audit/").content.decode()) == str(HARBOR_STUDIO)
    assert manager.get("/")["Location"] == f"/locations/{HARBOR_STUDIO}/clients/"
    assert StaffUser.objects.get(altegio_user_id=1002).last_location_id is None


def test_switching_to_someone_elses_location_is_refused(front_desk):
    response = front_desk.post("/accounts/location/", {"location_id": HARBOR_NORTH})
    assert response.status_code == 403
    assert "not one of yours" in response.content.decode()
    assert front_desk.get("/")["Location"] == f"/locations/{HARBOR_STUDIO}/clients/"


def test_rights_load_once_within_the_reload_minutes_outside_the_audit_log(sandbox):
    browser = sign_in(Client(), MANAGER)
    assert rights_loads(sandbox) == 1
    for url in ("/", f"/locations/{HARBOR_NORTH}/me/", f"/locations/{HARBOR_NORTH}/clients/"):
        browser.get(url)
    assert rights_loads(sandbox) == 1


def test_the_audit_log_always_reloads_rights_first(manager, sandbox):
    sandbox.calls.clear()
    manager.get("/audit/")
    manager.get("/audit/")
    assert rights_loads(sandbox) == 2


def test_refresh_rights_reloads_them_and_returns_to_the_page(manager, sandbox):
    page = manager.get(f"/locations/{HARBOR_STUDIO}/clients/").content.decode()
    assert 'action="/accounts/refresh/"' in page
    sandbox.calls.clear()
    response = manager.post("/accounts/refresh/", {"next": "/audit/"})
    assert response["Location"] == "/audit/"
    assert rights_loads(sandbox) == 1


def test_home_sends_the_front_desk_to_their_lookup_page(front_desk):
    assert front_desk.get("/")["Location"] == f"/locations/{HARBOR_STUDIO}/clients/"


def test_the_front_desk_has_no_audit_link_and_a_manager_has(front_desk, manager):
    assert 'href="/audit/"' not in front_desk.get("/audit/").content.decode()
    assert 'href="/audit/"' in manager.get("/audit/").content.decode()


def test_signing_in_as_front_desk_lands_where_they_work(sandbox):
    browser = sign_in(Client(), FRONT_DESK)
    assert browser.get("/")["Location"] == f"/locations/{HARBOR_STUDIO}/clients/"
