"""A production start (DEBUG off) refuses a weak SECRET_KEY and a plain-http Altegio, saying why."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from dashboard.startup_checks import check_altegio_base_url, check_secret_key

STRONG_KEY = "operating-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


def start(**environment: str) -> subprocess.CompletedProcess[str]:
    """Load the settings as `make serve` would, in a process of their own."""
    env = {
        "PATH": "",
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "ALTEGIO_BASE_URL": "https://api.alteg.io/api/v1",
        "ALTEGIO_PARTNER_TOKEN": "partner",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", "import dashboard.settings"],
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        env=env,
        timeout=60,
    )


def test_a_production_start_with_strong_settings_goes_ahead():
    assert start().returncode == 0


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("dev-only-insecure-secret-key-do-not-use-in-production", "published default"),
        ("changeme", "published default"),
        ("django-insecure-" + "x1y2z3" * 10, "startproject"),
        ("short-but-random-Q8fz", "fewer than 50"),
        ("ab" * 40, "fewer than 5 different"),
    ],
)
def test_a_weak_or_default_secret_key_stops_a_production_start(key: str, why: str):
    started = start(SECRET_KEY=key)

    assert started.returncode != 0
    assert "SECRET_KEY is too weak for production" in started.stderr
    assert why in started.stderr


def test_a_plain_http_altegio_stops_a_production_start():
    started = start(ALTEGIO_BASE_URL="http://api.alteg.io/api/v1")

    assert started.returncode != 0
    assert "ALTEGIO_BASE_URL must be an https:// URL in production" in started.stderr


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8100/api/v1", "http://localhost:8100", "http://[::1]:8100"]
)
def test_plain_http_on_this_machine_is_allowed(url: str):
    check_altegio_base_url(url)
    assert start(ALTEGIO_BASE_URL=url).returncode == 0


def test_with_debug_on_a_development_key_is_fine():
    assert start(DEBUG="true", SECRET_KEY="dev", ALTEGIO_BASE_URL="sandbox").returncode == 0


@pytest.mark.parametrize("url", ["ftp://api.alteg.io", "api.alteg.io/api/v1", "http://10.0.0.5"])
def test_anything_but_https_elsewhere_is_refused(url: str):
    with pytest.raises(ImproperlyConfigured):
        check_altegio_base_url(url)


def test_a_long_random_key_passes():
    check_secret_key(STRONG_KEY)
