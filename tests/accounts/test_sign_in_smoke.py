"""Signing in with the sandbox's demo logins."""

import pytest

from tests.helpers import FRONT_DESK, HARBOR_STUDIO, sign_in


@pytest.mark.django_db
def test_front_desk_lands_on_the_lookup_page_of_their_location(client, sandbox):
    sign_in(client, FRONT_DESK)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/locations/{HARBOR_STUDIO}/clients/"


@pytest.mark.django_db
def test_wrong_password_gets_one_clear_message(client, sandbox):
    response = client.post("/accounts/login/", {**FRONT_DESK, "password": "nope"})
    assert response.status_code == 401
    assert b"do not match an Altegio account" in response.content


@pytest.mark.django_db
def test_uptime_checks_may_send_head_to_the_sign_in_page(client):
    assert client.head("/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_a_failed_rights_load_offers_to_try_again(client, sandbox):
    sign_in(client, FRONT_DESK)
    session = client.session
    session.pop("staff.locations", None)
    session.save()
    sandbox.inject("locations", status=503, times=5)
    response = client.get(f"/locations/{HARBOR_STUDIO}/clients/")
    assert response.status_code == 503
    assert b"Try again" in response.content
