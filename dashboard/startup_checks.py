"""What a production start (DEBUG off) refuses, each with a message that says what to change."""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Values that were published somewhere (examples, templates, this project's own development key).
KNOWN_SECRET_KEYS = {
    "dev-only-insecure-secret-key-do-not-use-in-production",
    "changeme",
    "change-me",
    "secret",
    "secret-key",
    "your-secret-key",
    "insecure",
}
MIN_SECRET_LENGTH = 50
MIN_SECRET_CHARACTERS = 5


def check_secret_key(key: str) -> None:
    """ImproperlyConfigured for a default or weak SECRET_KEY (Django's bar: 50 chars, 5 kinds)."""
    why = ""
    if key.strip().casefold() in KNOWN_SECRET_KEYS:
        why = "it is a published default"
    elif key.startswith("django-insecure-"):
        why = "it is the development key Django's startproject writes"
    elif len(key) < MIN_SECRET_LENGTH:
        why = f"it has {len(key)} characters, fewer than {MIN_SECRET_LENGTH}"
    elif len(set(key)) < MIN_SECRET_CHARACTERS:
        why = f"it uses fewer than {MIN_SECRET_CHARACTERS} different characters"
    if why:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production: {why}. Set a long random value, e.g. the "
            "output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_altegio_base_url(url: str) -> None:
    """ImproperlyConfigured for an ALTEGIO_BASE_URL that would send tokens over plain HTTP."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname or ""):
        return  # an emulator or a tunnel on this machine: nothing leaves it
    raise ImproperlyConfigured(
        f"ALTEGIO_BASE_URL must be an https:// URL in production (got {parts.scheme or 'no'} "
        "scheme): the partner token and every user token travel with each request. Plain http "
        "is accepted only for a loopback address (127.0.0.1, ::1, localhost)."
    )
