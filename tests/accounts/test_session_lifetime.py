"""Sessions end after the idle timeout, after the absolute lifetime, and when Altegio says 401."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from dashboard.accounts.models import StaffToken
from tests.helpers import FRONT_DESK, HARBOR_STUDIO, MANAGER, htmx_headers, sign_in

pytestmark = pytest.mark.django_db

AUDIT = "/audit/?phone=%2B1+315+555+0178"
IDLE_MESSAGE = "Your session timed out after 30 minutes of inactivity"
ENDED_MESSAGE = "Your Altegio session has ended, please sign in again"
PAGE = f"http://testserver/locations/{HARBOR_STUDIO}/clients/"


def query_of(url: str) -> dict[str, str]:
    """The query parameters of a redirect target."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def manager_at(clock, sandbox) -> Client:
    """The manager, signed in after the session clock was installed."""
    return sign_in(Client(), MANAGER)


def test_a_session_used_now_and_then_stays_open(manager_at, clock):
    for _ in range(6):
        clock.advance(minutes=29)
        assert manager_at.get("/audit/").status_code == 200


def test_an_idle_session_ends_with_the_timeout_message_and_returns_to_the_page(
    manager_at, clock, settings
):
    settings.SESSION_IDLE_MINUTES = 30
    clock.advance(minutes=32)
    response = manager_at.get(AUDIT)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/accounts/login/"
    assert query_of(response["Location"]) == {"next": AUDIT, "idle": "1"}
    assert not StaffToken.objects.exists()
    page = manager_at.get(response["Location"]).content.decode()
    assert IDLE_MESSAGE in page
    back = manager_at.post(response["Location"], {**MANAGER, "next": AUDIT})
    assert back["Location"] == AUDIT


def test_the_session_lives_no_longer_than_the_maximum_however_busy(manager_at, clock, settings):
    settings.SESSION_MAX_HOURS = 12
    for _ in range(12 * 3):
        clock.advance(minutes=20)
        assert manager_at.get("/audit/").status_code == 200
    clock.advance(minutes=20)
    response = manager_at.get("/audit/")
    assert response.status_code == 302
    assert query_of(response["Location"]) == {"next": "/audit/", "expired": "1"}
    assert ENDED_MESSAGE in manager_at.get(response["Location"]).content.decode()
    assert not StaffToken.objects.exists()


def test_an_idle_htmx_request_sends_the_whole_page_to_sign_in(manager_at, clock):
    clock.advance(hours=1)
    response = manager_at.get(
        "/audit/?page=2",
        headers=htmx_headers("audit-results", AUDIT),
    )
    assert response.status_code == 200
    target = response["HX-Redirect"]
    assert urlsplit(target).path == "/accounts/login/"
    assert query_of(target) == {"next": AUDIT, "idle": "1"}
    assert b"audit-results" not in response.content


def test_a_revoked_altegio_token_ends_the_session_with_the_message(front_desk, sandbox):
    sandbox.revoke(login=FRONT_DESK["username"])
    response = front_desk.post("/accounts/refresh/", {"next": f"/locations/{HARBOR_STUDIO}/me/"})
    assert response.status_code == 302
    assert query_of(response["Location"]) == {
        "next": f"/locations/{HARBOR_STUDIO}/me/",
        "expired": "1",
    }
    assert not StaffToken.objects.exists()
    assert ENDED_MESSAGE in front_desk.get(response["Location"]).content.decode()
    # The old session is gone: nothing opens without signing in again.
    assert front_desk.get("/").status_code == 302
    assert front_desk.get("/")["Location"].startswith("/accounts/login/")


def test_after_a_revoked_token_signing_in_again_returns_to_the_page(front_desk, sandbox):
    sandbox.revoke(login=FRONT_DESK["username"])
    to_sign_in = front_desk.post("/accounts/refresh/", {"next": f"/locations/{HARBOR_STUDIO}/me/"})
    next_page = query_of(to_sign_in["Location"])["next"]
    response = front_desk.post(to_sign_in["Location"], {**FRONT_DESK, "next": next_page})
    assert response["Location"] == f"/locations/{HARBOR_STUDIO}/me/"
    assert front_desk.get(response["Location"]).status_code == 200


def test_no_cache_keeps_the_way_back_to_sign_in_either(front_desk, sandbox):
    sandbox.revoke(login=FRONT_DESK["username"])
    response = front_desk.get(f"/locations/{HARBOR_STUDIO}/me/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_a_revoked_token_in_an_htmx_request_redirects_the_whole_page(front_desk, sandbox):
    sandbox.revoke(login=FRONT_DESK["username"])
    response = front_desk.post("/accounts/refresh/", headers=htmx_headers(current_url=PAGE))
    assert response.status_code == 200
    assert query_of(response["HX-Redirect"]) == {
        "next": f"/locations/{HARBOR_STUDIO}/clients/",
        "expired": "1",
    }
    assert not StaffToken.objects.exists()


def test_the_sandbox_end_token_tool_shows_what_a_revoked_token_does(front_desk, sandbox):
    response = front_desk.post("/sandbox/end-token/", {"next": "/"})
    assert response.status_code == 302
    refresh = front_desk.post("/accounts/refresh/", {"next": "/"})
    assert query_of(refresh["Location"])["expired"] == "1"


def test_an_anonymous_htmx_request_redirects_the_whole_page_to_sign_in(client, sandbox):
    response = client.get(
        f"/locations/{HARBOR_STUDIO}/clients/",
        headers=htmx_headers(current_url=PAGE),
    )
    assert response.status_code == 200
    assert query_of(response["HX-Redirect"]) == {"next": f"/locations/{HARBOR_STUDIO}/clients/"}


def test_a_session_whose_token_is_gone_goes_back_to_sign_in(front_desk):
    StaffToken.objects.all().delete()
    response = front_desk.get("/audit/")
    assert response.status_code == 302
    assert query_of(response["Location"]) == {"next": "/audit/", "expired": "1"}
