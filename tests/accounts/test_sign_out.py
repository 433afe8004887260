"""Signing out, and ending every session of one staff member from the command line."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from dashboard.accounts.models import StaffToken
from tests.helpers import FRONT_DESK, MANAGER, sign_in

pytestmark = pytest.mark.django_db


def reaches_the_dashboard(browser: Client) -> bool:
    """Whether the browser can still open a page behind sign-in."""
    response = browser.get("/audit/")
    return not (response.status_code == 302 and response["Location"].startswith("/accounts/"))


def test_signing_out_ends_the_session_and_forgets_the_token(front_desk):
    session_key = front_desk.cookies["sessionid"].value
    response = front_desk.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?signed_out=1"
    assert "You have signed out." in front_desk.get(response["Location"]).content.decode()
    assert not StaffToken.objects.exists()
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not reaches_the_dashboard(front_desk)


def test_the_old_session_cookie_opens_nothing_after_signing_out(front_desk):
    session_key = front_desk.cookies["sessionid"].value
    front_desk.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = session_key
    assert not reaches_the_dashboard(replay)


def test_signing_out_needs_a_post(front_desk):
    assert front_desk.get("/accounts/logout/").status_code == 405
    assert StaffToken.objects.exists()


def test_signing_out_is_csrf_protected(sandbox):
    browser = Client(enforce_csrf_checks=True)
    token = str(browser.get("/accounts/login/").context["csrf_token"])
    signed_in = browser.post("/accounts/login/", {**FRONT_DESK, "csrfmiddlewaretoken": token})
    assert signed_in.status_code == 302
    # A page on another site cannot sign the person out.
    assert browser.post("/accounts/logout/").status_code == 403
    assert StaffToken.objects.count() == 1


def test_the_command_ends_every_session_of_one_staff_member(sandbox, capsys):
    desk_browsers = [sign_in(Client(), FRONT_DESK), sign_in(Client(), FRONT_DESK)]
    manager = sign_in(Client(), MANAGER)
    call_command("end_staff_sessions", "frontdesk@sandbox.example")
    assert "Ended 2 sessions of Anna Brooks" in capsys.readouterr().out
    assert not any(reaches_the_dashboard(browser) for browser in desk_browsers)
    assert reaches_the_dashboard(manager)
    assert list(StaffToken.objects.values_list("user__email", flat=True)) == [
        "manager@sandbox.example"
    ]


@pytest.mark.parametrize("identifier", ["1001", "FrontDesk@Sandbox.example", "+1 315 555 0175"])
def test_the_command_finds_staff_by_altegio_id_email_or_phone(sandbox, identifier, capsys):
    browser = sign_in(Client(), FRONT_DESK)
    call_command("end_staff_sessions", identifier)
    assert "Ended 1 session of Anna Brooks" in capsys.readouterr().out
    assert not reaches_the_dashboard(browser)


def test_the_command_says_when_nobody_matches(sandbox):
    sign_in(Client(), FRONT_DESK)
    with pytest.raises(CommandError, match=r"No staff member matches 'someone@else\.example'"):
        call_command("end_staff_sessions", "someone@else.example")
    assert StaffToken.objects.count() == 1


def test_the_command_runs_from_manage_py():
    result = subprocess.run(
        [sys.executable, "manage.py", "end_staff_sessions", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=django_settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "End every session of one staff member" in result.stdout
