"""The front desk against the real API: an expired licence (402) and staff without phone rights."""

import pytest
from django.test import Client

from loyalty.models import AuditEntry
from tests.helpers import (
    HARBOR_NORTH,
    HARBOR_STUDIO,
    htmx_headers,
    search_all,
    sign_in,
    visible_text,
)

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
LICENCE = "The Altegio licence of this location has expired"
SUPERVISOR = {"username": "supervisor@sandbox.example", "password": "supervisor-demo"}


@pytest.fixture
def expired(sandbox):
    sandbox.set_quirk("licence_expired", [HARBOR_STUDIO])
    return sandbox


def test_a_lookup_at_a_location_whose_licence_expired_says_so_with_altegios_words(manager, expired):
    response = manager.post(
        LOOKUP, {"phone": "+1 315 555 0178"}, headers=htmx_headers("results", LOOKUP)
    )

    text = visible_text(response)
    assert response.status_code == 200
    assert LICENCE in text
    assert f"Renew the licence in location {HARBOR_STUDIO}" in text
    assert "no rights" not in text
    assert "Try again" not in text  # asking again cannot renew a licence
    assert AuditEntry.objects.get().outcome == "Altegio licence expired"


def test_my_cards_at_a_location_whose_licence_expired_say_so(manager, expired):
    response = manager.get(f"/locations/{HARBOR_STUDIO}/me/")

    text = visible_text(response)
    assert LICENCE in text
    assert "no rights" not in text


def test_a_catalogue_at_a_location_whose_licence_expired_says_so(manager, expired):
    url = f"/locations/{HARBOR_STUDIO}/membership-types/"
    response = manager.get(url, headers=htmx_headers("types-results", url))

    text = visible_text(response)
    assert LICENCE in text
    assert "no rights" not in text


def test_other_locations_keep_working_while_one_licence_is_expired(manager, expired):
    url = f"/locations/{HARBOR_NORTH}/clients/"
    response = manager.post(url, {"phone": "+1 315 555 0178"}, headers=htmx_headers("results", url))

    assert LICENCE not in visible_text(response)


@pytest.fixture
def supervisor(db, sandbox) -> Client:
    return sign_in(Client(), SUPERVISOR)


def test_a_supervisor_without_phone_rights_still_finds_the_client_by_full_phone(supervisor):
    text = search_all(supervisor, "+1 315 555 0178")
    assert "788376" in text  # his memberships
    assert "James Smith" in text  # and his client card, whose phone Altegio masks
