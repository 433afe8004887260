"""The client as Django settings build it: base URL, partner token, timeout and limiter."""

import httpx
import respx
from django.test import override_settings

from loyalty import altegio
from loyalty.altegio import build_client, get_client
from loyalty.altegio.memberships import list_client_memberships
from loyalty.altegio.ratelimit import LocalRateLimiter, RedisRateLimiter, windows_for
from loyalty.sandbox import get_sandbox

from . import payloads
from .fake import PARTNER_TOKEN, USER_TOKEN, run_async

REAL_API = {
    "ALTEGIO_SANDBOX": False,
    "ALTEGIO_TRANSPORT": "",
    "ALTEGIO_BASE_URL": "https://api.alteg.io/api/v1",
    "ALTEGIO_PARTNER_TOKEN": PARTNER_TOKEN,
    "ALTEGIO_TIMEOUT": 3.0,
    "ALTEGIO_RATE_LIMIT": 0,
    "ALTEGIO_RATE_LIMIT_PER_MINUTE": 0,
    "REDIS_URL": "",
}


@override_settings(**REAL_API)
def test_a_real_base_url_gets_the_configured_partner_token_and_timeout() -> None:
    async def lookup() -> tuple[list, httpx.Request]:
        client = build_client()
        try:
            with respx.mock(assert_all_called=True) as mock:
                route = mock.get("https://api.alteg.io/api/v1/loyalty/abonements").respond(
                    json=payloads.CLIENT_MEMBERSHIPS
                )
                found = await list_client_memberships(
                    client.as_user(USER_TOKEN), location_id=720441, phone_digits="13155550178"
                )
                return found, route.calls.last.request
        finally:
            await client.aclose()

    found, request = run_async(lookup)

    assert [m.number for m in found] == ["788376"]
    assert request.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"
    assert request.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}


def test_the_sandbox_setting_answers_from_the_built_in_emulator() -> None:
    # The test settings run with ALTEGIO_BASE_URL=sandbox: the client is handed its transport.
    async def shown() -> tuple[str, list]:
        client = build_client()
        try:
            found = await list_client_memberships(
                client.as_user(get_sandbox().issue_token("frontdesk@sandbox.example")),
                location_id=720441,
                phone_digits="13155550178",
            )
            return repr(client), found
        finally:
            await client.aclose()

    shown_repr, found = run_async(shown)
    assert shown_repr == "<AltegioClient https://sandbox.altegio.invalid/api/v1/>"
    assert "788376" in [m.number for m in found]


def test_each_event_loop_gets_its_own_client_and_keeps_it() -> None:
    async def twice() -> tuple[object, object]:
        first, second = get_client(), get_client()
        await altegio.aclose_client()
        return first, second

    first, second = run_async(twice)
    other, _ = run_async(twice)

    assert first is second
    assert other is not first


@override_settings(REDIS_URL="", ALTEGIO_RATE_LIMIT=5.0, ALTEGIO_RATE_LIMIT_PER_MINUTE=200)
def test_without_redis_the_limiter_is_shared_by_the_whole_process() -> None:
    first, second = altegio.build_limiter(), altegio.build_limiter()

    assert isinstance(first, LocalRateLimiter)
    assert first is second
    assert first.windows == windows_for(5, 200) == [(5, 1.0), (200, 60.0)]


@override_settings(REDIS_URL="", ALTEGIO_RATE_LIMIT=2.0, ALTEGIO_RATE_LIMIT_PER_MINUTE=100)
def test_a_changed_rate_limit_setting_gets_a_new_limiter() -> None:
    limiter = altegio.build_limiter()
    assert isinstance(limiter, LocalRateLimiter)
    assert limiter.windows == [(2, 1.0), (100, 60.0)]


@override_settings(
    REDIS_URL="redis://127.0.0.1:6379/15", ALTEGIO_RATE_LIMIT=5.0, ALTEGIO_RATE_LIMIT_PER_MINUTE=200
)
def test_with_redis_the_limiter_is_shared_through_redis() -> None:
    async def built() -> RedisRateLimiter:
        limiter = altegio.build_limiter()
        assert isinstance(limiter, RedisRateLimiter)
        await limiter.aclose()  # connects lazily: nothing was opened
        return limiter

    limiter = run_async(built)

    assert limiter.windows == [(5, 1.0), (200, 60.0)]
    assert limiter.key == "loyaltydesk:altegio:ratelimit"
