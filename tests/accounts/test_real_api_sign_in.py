"""Sign-in against the real API: 2xx refusals, a refused partner token, login spellings."""

import logging
import sys

import httpx
import pytest
from asgiref.sync import async_to_sync
from django.contrib.sessions.models import Session
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter

from dashboard.accounts import views
from dashboard.accounts.models import StaffToken
from dashboard.accounts.signin import MISCONFIGURED, WRONG_CREDENTIALS
from loyalty.altegio import AltegioClient
from loyalty.sandbox import Sandbox
from tests.helpers import FRONT_DESK, MANAGER, sign_in

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts"
MANAGER_PHONE = "+13155550176"


@pytest.fixture(autouse=True)
def _three_tries(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3


def attempt(username: str, password: str = "wrong", address: str = "203.0.113.7"):  # noqa: S107
    """One sign-in attempt from `address` by a fresh browser."""
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def auth_calls(sandbox: Sandbox) -> int:
    return sum(call.endpoint == "auth" for call in sandbox.calls)


def test_a_2xx_refusal_says_wrong_credentials_and_counts_toward_the_lockout(sandbox):
    sandbox.set_quirk("auth_refusal_status", 200)

    first = attempt(FRONT_DESK["username"], address="203.0.113.1")
    attempt(FRONT_DESK["username"], address="203.0.113.2")
    third = attempt(FRONT_DESK["username"], address="203.0.113.3")

    assert first.status_code == 401
    assert WRONG_CREDENTIALS in first.content.decode()
    assert "Could not sign in" not in first.content.decode()
    assert third.status_code == 429
    assert LOCKED in third.content.decode()


def test_a_refused_partner_token_blames_the_deployment_not_the_person(sandbox, caplog):
    sandbox.set_quirk("partner_token_refused", True)

    with caplog.at_level(logging.ERROR):
        responses = [attempt(MANAGER["username"], MANAGER["password"]) for _ in range(4)]

    for response in responses:
        page = response.content.decode()
        assert response.status_code == 503
        assert MISCONFIGURED in page
        assert WRONG_CREDENTIALS not in page
        assert LOCKED not in page  # never counted toward the lockout
    assert any(
        record.levelno == logging.ERROR and "partner token" in record.getMessage()
        for record in caplog.records
    )
    sandbox.set_quirk("partner_token_refused", None)
    assert attempt(MANAGER["username"], MANAGER["password"]).status_code == 302


@pytest.mark.parametrize(
    "spelling",
    ["+1 315 555 0176", "tel:+13155550176", "(315) 555-0176", "13155550176", "+1-315-555-0176"],
)
def test_a_locked_phone_login_stays_locked_however_it_is_typed(sandbox, spelling):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        attempt(MANAGER_PHONE, address=address)
    calls = auth_calls(sandbox)

    response = attempt(spelling, MANAGER["password"], address="198.51.100.9")

    assert response.status_code == 429
    assert auth_calls(sandbox) == calls


def test_a_locked_email_login_stays_locked_in_any_case(sandbox):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        attempt("Manager@Sandbox.Example", address=address)

    assert (
        attempt(" MANAGER@sandbox.example ", MANAGER["password"], "198.51.100.9").status_code == 429
    )


@pytest.mark.parametrize("typed", ["+1 315 555 0176 z", "manager", "hello world", "@@", "12"])
def test_a_login_that_is_neither_a_phone_nor_an_email_is_refused_before_altegio(sandbox, typed):
    response = attempt(typed, MANAGER["password"])

    page = response.content.decode()
    assert response.status_code == 200
    assert "Type the phone number or e-mail you sign in to Altegio with" in page
    assert auth_calls(sandbox) == 0


def test_a_phone_login_signs_in_whatever_the_spelling(sandbox):
    assert attempt("tel:+1 (315) 555-0176", MANAGER["password"]).status_code == 302
    assert attempt("315 555 0176", MANAGER["password"]).status_code == 302


def test_signing_in_as_someone_else_binds_the_token_to_the_new_session_key(sandbox):
    browser = sign_in(Client(), FRONT_DESK)
    first_key = browser.cookies["sessionid"].value

    sign_in(browser, MANAGER)

    new_key = browser.cookies["sessionid"].value
    assert new_key
    assert new_key != first_key
    assert list(StaffToken.objects.values_list("session_key", flat=True)) == [new_key]
    assert not StaffToken.objects.filter(session_key="").exists()
    assert Session.objects.filter(session_key=new_key).exists()
    browser.post("/accounts/logout/")
    assert not StaffToken.objects.exists()  # sign-out deletes the live token


def test_the_password_is_hidden_from_error_reports(sandbox, rf):
    request = rf.post("/accounts/login/", {"username": "not a login", "password": "s3cret!"})

    async_to_sync(views.sign_in)(request)

    assert request.sensitive_post_parameters == ("password",)
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["password"] != "s3cret!"
    assert cleaned["username"] == "not a login"


def test_the_authorization_header_is_hidden_from_error_reports(rf):
    def crash(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom")

    client = AltegioClient(
        base_url="https://api.alteg.io/api/v1",
        partner_token="partner-secret-1",
        transport=httpx.MockTransport(crash),
    )
    try:
        async_to_sync(client.as_user("user-secret-2").get)("groups")
    except RuntimeError:
        traceback = sys.exc_info()[2]
    frames = []
    while traceback is not None:
        frames.append(traceback.tb_frame)
        traceback = traceback.tb_next
    send = next(frame for frame in frames if frame.f_code.co_name == "_send")

    shown = dict(SafeExceptionReporterFilter().get_traceback_frame_variables(rf.get("/"), send))

    assert "partner-secret-1" not in str(shown["authorization"])
    assert "user-secret-2" not in str(shown["authorization"])
