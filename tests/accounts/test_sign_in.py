"""Signing in with an Altegio login: the local user, the session and the server-side token."""

from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from dashboard.accounts.models import StaffToken, StaffUser
from dashboard.accounts.tokens import fernet
from dashboard.accounts.views import WRONG_CREDENTIALS
from tests.helpers import FRONT_DESK, HARBOR_STUDIO, MANAGER, sign_in

pytestmark = pytest.mark.django_db


def test_sign_in_page_shows_the_demo_logins_in_sandbox_mode(client, sandbox):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert "csrfmiddlewaretoken" in page
    assert "frontdesk@sandbox.example" in page
    assert "manager-demo" in page


def _without_sandbox_hints() -> list[dict[str, Any]]:
    """The template settings of a real-Altegio deployment: no sandbox context processor."""
    engine: dict[str, Any] = settings.TEMPLATES[0]
    processors = [p for p in engine["OPTIONS"]["context_processors"] if "sandbox" not in p]
    return [{**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}]


@override_settings(ALTEGIO_SANDBOX=False, TEMPLATES=_without_sandbox_hints())
def test_sign_in_page_hides_the_demo_logins_against_a_real_altegio(client, sandbox):
    page = client.get("/accounts/login/").content.decode()
    assert "frontdesk@sandbox.example" not in page
    assert "Sandbox demo logins" not in page


def test_signing_in_mirrors_the_altegio_user_locally(client, sandbox):
    sign_in(client, FRONT_DESK)
    user = StaffUser.objects.get(altegio_user_id=1001)
    assert user.first_name == "Anna Brooks"
    assert user.email == "frontdesk@sandbox.example"
    assert user.phone == "+13155550175"
    assert not user.has_usable_password()


def test_signing_in_again_updates_the_same_local_user(client, sandbox):
    sign_in(client, FRONT_DESK)
    StaffUser.objects.filter(altegio_user_id=1001).update(first_name="Old name")
    sign_in(Client(), FRONT_DESK)
    assert StaffUser.objects.filter(altegio_user_id=1001).count() == 1
    assert StaffUser.objects.get(altegio_user_id=1001).first_name == "Anna Brooks"


def test_signing_in_starts_a_new_session_key(client, sandbox):
    before = client.session
    before["visited"] = True
    before.save()
    client.cookies["sessionid"] = before.session_key
    sign_in(client, FRONT_DESK)
    assert client.cookies["sessionid"].value != before.session_key
    assert not Session.objects.filter(session_key=before.session_key).exists()


def test_the_user_token_is_kept_encrypted_for_this_session_only(client, sandbox):
    sign_in(client, FRONT_DESK)
    row = StaffToken.objects.get()
    assert row.session_key == client.cookies["sessionid"].value
    token = fernet().decrypt(bytes(row.ciphertext)).decode()
    assert sandbox.revoke(user_token=token) == 1  # it is the token Altegio issued
    assert token.encode() not in bytes(row.ciphertext)
    assert token not in str(client.session.items())


def test_each_browser_gets_its_own_token(sandbox):
    sign_in(Client(), FRONT_DESK)
    sign_in(Client(), FRONT_DESK)
    rows = list(StaffToken.objects.all())
    assert len(rows) == 2
    assert len({fernet().decrypt(bytes(row.ciphertext)) for row in rows}) == 2


def test_signing_in_returns_to_the_page_they_asked_for(client, sandbox):
    response = client.post(
        "/accounts/login/?next=/audit/%3Fphone%3D1", {**MANAGER, "next": "/audit/?phone=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/audit/?phone=1"


def test_a_next_pointing_to_another_site_is_ignored(client, sandbox):
    response = client.post("/accounts/login/", {**FRONT_DESK, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_unknown_login_gets_the_same_message_as_a_wrong_password(client, sandbox):
    wrong_password = client.post("/accounts/login/", {**FRONT_DESK, "password": "nope"})
    unknown_login = client.post(
        "/accounts/login/", {"username": "nobody@sandbox.example", "password": "nope"}
    )
    assert wrong_password.status_code == unknown_login.status_code == 401
    assert WRONG_CREDENTIALS in wrong_password.content.decode()
    assert WRONG_CREDENTIALS in unknown_login.content.decode()


def test_a_wrong_password_keeps_the_login_but_not_the_password(client, sandbox):
    page = client.post("/accounts/login/", {**FRONT_DESK, "password": "s3cret-typo"})
    assert b"frontdesk@sandbox.example" in page.content
    assert b"s3cret-typo" not in page.content


def test_altegio_being_down_is_not_called_a_wrong_password(client, sandbox):
    sandbox.inject("auth", status=503, times=1)
    response = client.post("/accounts/login/", FRONT_DESK)
    assert response.status_code == 503
    page = response.content.decode()
    assert "Could not sign in" in page
    assert WRONG_CREDENTIALS not in page


def test_sign_in_is_csrf_protected(sandbox):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/accounts/login/", FRONT_DESK).status_code == 403
    assert not StaffToken.objects.exists()


def test_a_signed_in_person_opening_sign_in_goes_to_their_page(front_desk):
    response = front_desk.get("/accounts/login/")
    assert response.status_code == 302
    assert front_desk.get(response["Location"])["Location"] == (
        f"/locations/{HARBOR_STUDIO}/clients/"
    )
