"""Tokens and phone numbers stay out of reprs, tracebacks and log lines."""

import io
import logging
from typing import Any

import pytest
from django.conf import settings

from loyalty.altegio import AltegioClient
from loyalty.altegio.logging import ScrubSecretsFilter, scrub
from loyalty.altegio.ratelimit import LocalRateLimiter

from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio


def test_the_client_repr_shows_the_base_url_but_not_the_partner_token(
    altegio: FakeAltegio,
) -> None:
    async def reprs(client: AltegioClient) -> tuple[str, str]:
        return repr(client), str(client)

    shown = altegio.run(reprs)

    assert shown[0] == "<AltegioClient https://api.alteg.io/api/v1/>"
    assert all(PARTNER_TOKEN not in text for text in shown)


def test_the_staff_members_client_repr_shows_no_token(altegio: FakeAltegio) -> None:
    async def reprs(client: AltegioClient) -> list[str]:
        api = client.as_user(USER_TOKEN)
        return [repr(api), str(api), repr(vars(api)["_client"]), f"{api!r} {[api]}"]

    for text in altegio.run(reprs):
        assert USER_TOKEN not in text
        assert PARTNER_TOKEN not in text


def test_the_client_with_a_limiter_shows_no_token_either(altegio: FakeAltegio) -> None:
    async def shown(client: AltegioClient) -> str:
        return repr(client)

    text = altegio.run(shown, limiter=LocalRateLimiter([(5, 1.0)]))

    assert PARTNER_TOKEN not in text


def test_no_token_sits_in_the_connection_pools_default_headers(altegio: FakeAltegio) -> None:
    async def default_headers(client: AltegioClient) -> str:
        return repr(vars(client)["_http"].headers)

    headers = altegio.run(default_headers)

    assert PARTNER_TOKEN not in headers
    assert "authorization" not in headers.lower()


# --- The logging filter ------------------------------------------------------------------------


def logged(message: str, *args: object) -> str:
    """What a handler with ScrubSecretsFilter writes for one record."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubSecretsFilter())
    logger = logging.getLogger("tests.altegio.secrets")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_the_authorization_header_is_scrubbed_from_log_lines() -> None:
    line = logged("sent Authorization: Bearer %s, User %s", PARTNER_TOKEN, USER_TOKEN)

    assert PARTNER_TOKEN not in line
    assert USER_TOKEN not in line
    assert "Bearer [redacted], User [redacted]" in line


@pytest.mark.parametrize(
    "message",
    [
        "login answered user_token=wec23fh8cDfFV4432fc352456",
        'body {"user_token": "wec23fh8cDfFV4432fc352456", "id": 1}',
        "token: wec23fh8cDfFV4432fc352456",
    ],
)
def test_a_user_token_in_any_spelling_is_scrubbed(message: str) -> None:
    line = logged(message)

    assert "wec23fh8cDfFV4432fc352456" not in line
    assert "[redacted]" in line


def test_a_password_is_scrubbed() -> None:
    line = logged('POST /auth {"login": "anna@example.com", "password": "hunter2!"}')

    assert "hunter2!" not in line
    assert "anna@example.com" in line


def test_a_phone_in_a_lookup_url_is_scrubbed_but_the_location_stays() -> None:
    line = logged(
        "GET %s",
        "https://api.alteg.io/api/v1/loyalty/abonements?company_id=720441&phone=13155550178",
    )

    assert "13155550178" not in line
    assert "company_id=720441" in line


@pytest.mark.parametrize("phone", ["+1 (315) 555-0178", "+13155550178", "13155550178"])
def test_phones_written_any_way_are_scrubbed_from_free_text(phone: str) -> None:
    line = logged("looked up client %s at the front desk", phone)

    assert phone not in line
    assert "[number]" in line


@pytest.mark.parametrize(
    "phone",
    [
        "315-555-0178",  # dashed, no country code
        "1-315-555-0178",
        "8 916 765-43-21",  # a Russian national form
        "%2B1%20315%20555%200178",  # URL-encoded, as a path or a form carries it
        "1+315+555+0178",  # a form-encoded space is a plus
        "%2B13155550178",
        "1%2D315%2D555%2D0178",
    ],
)
def test_url_encoded_and_dashed_phones_are_scrubbed(phone: str) -> None:
    line = logged("GET /locations/720441/clients/%s/", phone)

    assert "[number]" in line
    assert "0178" not in line
    assert "43-21" not in line
    assert "720441" in line


@pytest.mark.parametrize(
    "text", ["from 2026-12-31 to 2027-01-31", "at 23:59:59", "ids 720441 720442 720443", "10.1.2.3"]
)
def test_dates_times_addresses_and_id_lists_are_left_alone(text: str) -> None:
    assert scrub(text) == text


def test_a_record_without_secrets_is_left_as_it_was() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "membership %s has %d visits", ("788376", 8), None
    )

    assert ScrubSecretsFilter().filter(record) is True
    assert record.msg == "membership %s has %d visits"
    assert record.args == ("788376", 8)


def test_a_record_with_secrets_is_rewritten_and_still_logged() -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "failed with %s", (f"Bearer {PARTNER_TOKEN}",), None
    )

    assert ScrubSecretsFilter().filter(record) is True
    assert record.getMessage() == "failed with Bearer [redacted]"


def test_scrub_is_idempotent() -> None:
    once = scrub(f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN} phone=13155550178")

    assert scrub(once) == once


def test_the_console_log_handler_uses_the_scrubbing_filter() -> None:
    logging_config: dict[str, Any] = settings.LOGGING

    assert logging_config["filters"]["scrub"]["()"] == "loyalty.altegio.logging.ScrubSecretsFilter"
    assert "scrub" in logging_config["handlers"]["console"]["filters"]
    assert logging_config["loggers"]["httpx"]["level"] == "WARNING"  # it logs full URLs
