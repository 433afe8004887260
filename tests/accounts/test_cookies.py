"""Sessions live on the server; the cookies that point at them are HttpOnly, Lax and Secure."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client

from tests.helpers import FRONT_DESK

pytestmark = pytest.mark.django_db


def test_sessions_live_on_the_server_never_in_signed_cookies(front_desk):
    # In the database; with Redis, in the database and cached in Redis (dashboard.shared_cache).
    assert django_settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "dashboard.shared_cache",
    }
    cookie = front_desk.cookies["sessionid"].value
    # The cookie is an opaque key; what it points at is on the server.
    assert ":" not in cookie
    assert len(cookie) == 32
    assert Session.objects.filter(session_key=cookie).exists()


def test_session_and_csrf_cookies_are_http_only_and_same_site_lax(sandbox):
    response = Client().post("/accounts/login/", FRONT_DESK)
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


def test_cookies_are_secure_when_the_settings_say_so(sandbox, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = Client().post("/accounts/login/", FRONT_DESK, secure=True)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.parametrize(
    ("environment", "secure"),
    [({}, True), ({"SECURE_COOKIES": "false"}, False), ({"SECURE_COOKIES": "true"}, True)],
)
def test_cookies_are_secure_unless_secure_cookies_is_false(environment, secure):
    script = (
        "from dashboard import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY,"
        " s.LANGUAGE_COOKIE_SAMESITE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
        env={
            "PATH": "",
            "SECRET_KEY": "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
            "ALTEGIO_BASE_URL": "sandbox",
            **environment,
        },
    )
    # The language cookie carries the session cookie's flags.
    assert result.stdout.split() == [
        str(secure),
        str(secure),
        "True",
        "Lax",
        str(secure),
        "True",
        "Lax",
    ]


def test_the_language_cookie_has_the_session_cookies_flags(sandbox, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = Client().post("/i18n/setlang/", {"language": "ru", "next": "/"}, secure=True)
    cookie = response.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ru"
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")
