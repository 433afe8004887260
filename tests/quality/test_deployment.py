"""Production settings: Django's deploy check, security headers, error pages, start-up guards."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from loyalty.altegio.logging import ScrubSecretsFilter

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Drop what tests/settings.py put in the environment: these runs read production defaults.
    test_only = {"DEBUG", "SECRET_KEY", "SECURE_COOKIES", "ALLOWED_HOSTS", "ALTEGIO_BASE_URL"}
    test_only.add("DJANGO_ALLOW_ASYNC_UNSAFE")  # set by the browser tests for their own thread
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="desk.example.com",
        DEBUG="false",
        ALTEGIO_BASE_URL="sandbox",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_start_up_stops_without_an_explicit_altegio_base_url_when_debug_is_off():
    result = _run_manage("check", DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "ALTEGIO_BASE_URL must be set when DEBUG is off" in result.stderr


def test_the_sandbox_is_allowed_in_production_when_named():
    result = _run_manage(
        "check", DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALTEGIO_BASE_URL="sandbox"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_stops_without_a_secret_key_when_debug_is_off():
    result = _run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_start_up_stops_for_a_real_altegio_url_without_a_partner_token():
    result = _run_manage(
        "check",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALTEGIO_BASE_URL="https://api.alteg.io",
        ALTEGIO_PARTNER_TOKEN="",
    )
    assert result.returncode != 0
    assert "ALTEGIO_PARTNER_TOKEN must be set" in result.stderr


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("https://api.alteg.io", "https://api.alteg.io/api/v1"),
        ("https://api.alteg.io/api/v1", "https://api.alteg.io/api/v1"),
        ("https://api.alteg.io/api/v1/", "https://api.alteg.io/api/v1"),
        ("sandbox", "sandbox"),
    ],
)
def test_altegio_base_url_works_with_or_without_the_api_suffix(given, used):
    from dashboard.settings import _altegio_base_url

    assert _altegio_base_url(given) == used


@pytest.mark.django_db
def test_sign_in_page_carries_the_security_headers(client: Client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_static_files_carry_the_same_security_headers_as_pages(client: Client):
    page = client.get("/accounts/login/")
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert static[header], header
    assert static["X-Content-Type-Options"] == page["X-Content-Type-Options"]
    assert static["X-Frame-Options"] == page["X-Frame-Options"] == "DENY"
    assert static["Referrer-Policy"] == page["Referrer-Policy"]
    assert "frame-ancestors 'none'" in static["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client: Client):
    body = client.get("/accounts/login/").content.decode()
    assert "style=" not in body
    for tag in body.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening, opening
        assert "nonce=" in opening, opening


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_SSL_REDIRECT=False)
@pytest.mark.django_db
def test_https_responses_carry_hsts(client: Client):
    response = client.get("/accounts/login/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_healthz_answers_without_sign_in_while_the_process_serves(client: Client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_gets_the_dashboards_404_with_an_error_id(front_desk: Client):
    response = front_desk.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Error id:" in response.content


def _boom(request):
    raise RuntimeError("kaboom")


# The project's own handlers, taken from its URLconf, with one route that crashes.
from dashboard.urls import handler500  # noqa: E402, F401

urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
# A random id, and the draw that once gave `5a1234567890`, which the log's phone redaction hid.
@pytest.mark.parametrize("drawn", [None, "5a1234567890"])
def test_a_crash_shows_a_calm_page_with_an_error_id_and_no_traceback(caplog, monkeypatch, drawn):
    import uuid

    from django.contrib.auth.decorators import login_not_required

    if drawn:
        monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(drawn + "0" * 20))

    login_not_required(_boom)
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Error id:" in body
    assert "kaboom" not in body
    assert "Traceback" not in body
    error_id = body.split("<code>")[1].split("</code>")[0]
    assert any(error_id in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    "url",
    [
        "/locations/720441/clients/",
        "/locations/720441/me/",
        "/locations/720441/membership-types/",
        "/chains/145071/memberships/",
        "/chains/145071/membership-types/",
        "/audit/",
    ],
)
def test_signed_in_pages_are_never_stored_by_browsers_or_proxies(manager: Client, url: str):
    response = manager.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_django_s_own_log_lines_are_scrubbed_of_phones_and_tokens():
    # The handlers that write somewhere (pytest adds its own capturing ones beside them).
    writers = [h for h in logging.getLogger("django").handlers if type(h) is logging.StreamHandler]
    assert writers
    assert all(any(isinstance(f, ScrubSecretsFilter) for f in h.filters) for h in writers)
