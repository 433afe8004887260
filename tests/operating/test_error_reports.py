"""The DEBUG 500 page (an error report too) never shows the sign-in password."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

# Built at run time: the DEBUG page quotes the source lines of each frame, this module's included.
PASSWORD = "-".join(["correct", "horse", "battery", "staple", "7"])


@override_settings(DEBUG=True)
def test_a_failure_during_sign_in_shows_no_password_on_the_debug_page(monkeypatch, sandbox):
    async def broken(request, form):
        password = request.POST["password"]  # a local variable of the failing frame, too
        raise RuntimeError(f"the shared store broke ({len(password)} characters typed)")

    monkeypatch.setattr("dashboard.accounts.views.attempt_sign_in", broken)
    client = Client(raise_request_exception=False)

    response = client.post(
        "/accounts/login/", {"username": "frontdesk@sandbox.example", "password": PASSWORD}
    )

    page = response.content.decode()
    assert response.status_code == 500
    assert "the shared store broke" in page  # it is the technical page
    assert PASSWORD not in page
    assert "frontdesk@sandbox.example" in page  # the rest of the POST is still there to read
