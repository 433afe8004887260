"""Each user of Redis on a redis-server of the test's own: budget, quota, cache and sessions.

With Redis stopped the budget fails closed (no call reaches Altegio), the cache says so in its own
error, and a session lives on in the database; the quota counts a sliding minute on Redis's clock.
"""

import asyncio
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from redis import Redis

from dashboard.shared_cache import SessionStore
from loyalty.altegio import AltegioClient, RedisRateLimiter, SharedStoreUnavailable, redis_store
from loyalty.altegio.memberships import list_client_memberships
from loyalty.services.failures import failure_words
from loyalty.services.quota import WINDOW_SECONDS, take_lookup
from tests.helpers import FRONT_DESK, JAMES, MANAGER, search, sign_in, visible_text

from .redis_server import RedisServer, needs_redis_server, redis_server

pytestmark = needs_redis_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as started:
        yield started


@pytest.fixture
def redis(server: RedisServer) -> Iterator[RedisServer]:
    """The module's Redis, answering again after each test (and the breaker closed)."""
    redis_store.breaker.succeeded()
    yield server
    server.resume()
    if not server.answers():
        server.stop()
        server.start()
    redis_store.breaker.succeeded()


@pytest.fixture
def on_redis(redis: RedisServer, settings) -> RedisServer:
    """Settings of a deployment with REDIS_URL: the cache and sessions on this Redis.

    These tests stop Redis (refused at once) and never hang it, so a wait far above the deployed
    0.25 s keeps a busy machine from timing out the sign-in that runs while Redis still answers.
    """
    settings.REDIS_TIMEOUT = 5.0
    settings.REDIS_URL = redis.url
    settings.REDIS_KEY_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "dashboard.shared_cache.GuardedRedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": settings.REDIS_KEY_PREFIX,
            "OPTIONS": {"TIMEOUT_SECONDS": settings.REDIS_TIMEOUT},
        }
    }
    settings.SESSION_ENGINE = "dashboard.shared_cache"
    return redis


def deployed_timeout(settings) -> None:
    """REDIS_TIMEOUT as deployed (0.25 s) for the cache, sessions, quota and budget from now on."""
    settings.REDIS_TIMEOUT = 0.25
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "OPTIONS": {"TIMEOUT_SECONDS": 0.25}}
    }


@pytest.mark.django_db
def test_with_redis_stopped_a_front_desk_lookup_says_so_within_about_a_second(
    on_redis: RedisServer, sandbox, settings
):
    desk = sign_in(Client(), FRONT_DESK)  # while Redis answers, with on_redis's longer wait
    on_redis.stop()
    deployed_timeout(settings)
    calls = len(sandbox.calls)

    started = time.monotonic()
    answer = search(desk, JAMES)
    seconds = time.monotonic() - started

    assert answer.status_code == 200
    assert "HX-Redirect" not in answer
    assert "cannot reach its shared store, so lookups are paused" in visible_text(answer)
    assert len(sandbox.calls) == calls
    # A stopped Redis refuses the connection at once (the lead measured 0.16 s on a quiet
    # machine); 3 s leaves a busy two-core machine room and still fails a page that waits.
    assert seconds < 3.0, seconds


def test_with_redis_stopped_the_budget_refuses_and_altegio_is_never_called(redis: RedisServer):
    sent: list[httpx.Request] = []

    def altegio(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"success": True, "data": [], "meta": {}})

    async def look_up() -> object:
        client = AltegioClient(
            base_url="https://api.example.test/api/v1",
            partner_token="partner",
            limiter=RedisRateLimiter(redis.url, [(5, 1.0), (200, 60.0)], key=uuid.uuid4().hex),
            transport=httpx.MockTransport(altegio),
        )
        try:
            user = client.as_user("user-token")
            return await list_client_memberships(user, location_id=1, phone_digits="13155550178")
        finally:
            await client.aclose()

    assert asyncio.run(look_up()) == []
    redis.stop()
    with pytest.raises(SharedStoreUnavailable) as refused:
        asyncio.run(look_up())

    assert len(sent) == 1  # only the call made while Redis answered
    assert "lookups are paused to protect Altegio's request limit" in failure_words(refused.value)


def test_in_redis_a_started_lookups_later_call_is_booked_ahead_of_the_queue(redis: RedisServer):
    async def book() -> tuple[list[float], float]:
        limiter = RedisRateLimiter(redis.url, [(5, 1.0), (200, 60.0)], key=uuid.uuid4().hex)
        try:
            queued = [await limiter.reserve() for _ in range(15)]  # now, in 1 s, in 2 s
            return queued, await limiter.reserve(first=True)
        finally:
            await limiter.aclose()

    queued, finishing = asyncio.run(book())

    assert queued[-1] == pytest.approx(2.0, abs=0.2)
    assert finishing == pytest.approx(1.0, abs=0.2)  # the first slot the calls sent leave


def test_with_redis_stopped_the_cache_raises_its_own_clear_error(on_redis: RedisServer):
    cache = caches["default"]
    cache.set("catalogue", ["Yoga 10"], 30)
    assert cache.get("catalogue") == ["Yoga 10"]

    on_redis.stop()
    with pytest.raises(SharedStoreUnavailable):
        cache.get("catalogue")
    on_redis.start()
    redis_store.breaker.succeeded()

    assert cache.get("catalogue") is None  # a fresh Redis: empty, and answering again


@pytest.mark.django_db
def test_a_session_outlives_a_redis_outage_and_a_restart(on_redis: RedisServer):
    session = SessionStore()
    session["staff.location_id"] = 720441
    session.save()
    key = session.session_key

    on_redis.stop()
    during = SessionStore(key)
    assert during["staff.location_id"] == 720441  # read from the database
    during["staff.seen"] = 1.0
    during.save()  # written to the database; the cache copy is skipped
    on_redis.start()
    redis_store.breaker.succeeded()
    after = SessionStore(key)

    assert Session.objects.filter(session_key=key).exists()
    assert after["staff.location_id"] == 720441
    assert after["staff.seen"] == 1.0


def _quota_key(settings, user_id: int) -> str:
    return f"{settings.REDIS_KEY_PREFIX}:lookups:{user_id}"


def _lookups_made(redis: RedisServer, key: str, *, seconds_ago: float, count: int) -> None:
    """Record `count` lookups made `seconds_ago` by Redis's own clock."""
    client = Redis.from_url(redis.url)
    try:
        now_seconds, now_micros = client.time()
        at = now_seconds + now_micros / 1e6 - seconds_ago
        client.zadd(key, {f"earlier-{n}": at for n in range(count)})
    finally:
        client.close()


@pytest.mark.parametrize("taken_at", [55.0, 1.0])
def test_the_quota_in_redis_refuses_while_the_last_sixty_seconds_hold_the_limit(
    on_redis: RedisServer, settings, taken_at: float
):
    # 30 lookups 55 s (or 1 s) ago: wherever a clock minute began, a 31st must wait until the
    # first of them is 60 s old.
    _lookups_made(on_redis, _quota_key(settings, 7), seconds_ago=taken_at, count=30)

    wait = asyncio.run(take_lookup(user_id=7, limit=30))

    assert WINDOW_SECONDS - taken_at - 1 < wait <= WINDOW_SECONDS - taken_at


def test_the_quota_in_redis_forgets_lookups_older_than_a_minute(on_redis: RedisServer, settings):
    _lookups_made(on_redis, _quota_key(settings, 8), seconds_ago=61, count=30)

    assert asyncio.run(take_lookup(user_id=8, limit=30)) == 0.0


def test_with_redis_stopped_the_quota_fails_closed(on_redis: RedisServer):
    on_redis.stop()
    with pytest.raises(SharedStoreUnavailable):
        asyncio.run(take_lookup(user_id=9, limit=30))


MANAGER_PAGES = [
    "/locations/720441/clients/",
    "/locations/720441/me/",
    "/locations/720441/membership-types/",
    "/locations/720441/gift-card-types/",
    "/chains/145071/memberships/",
    "/chains/145071/memberships/summary/",
    "/chains/145071/membership-types/",
    "/chains/145071/gift-card-types/",
    "/audit/",
    "/altegio/budget/",
]


# The lookup form needs no Altegio call; every other page does (the audit log reloads rights).
WITHOUT_ALTEGIO = {"/locations/720441/clients/"}


@pytest.mark.django_db
@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_with_redis_stopped_no_page_fails_or_signs_anyone_out(
    on_redis: RedisServer, sandbox, settings, page
):
    settings.ALTEGIO_RATE_LIMIT, settings.ALTEGIO_RATE_LIMIT_PER_MINUTE = 5, 200  # as deployed
    manager = sign_in(Client(), MANAGER)
    on_redis.stop()
    calls = len(sandbox.calls)

    response = manager.get(page)

    assert "Location" not in response  # no bounce to sign-in
    if page in WITHOUT_ALTEGIO:
        assert response.status_code == 200
    else:
        assert response.status_code == 503
        assert "cannot reach its shared store" in visible_text(response)
    assert len(sandbox.calls) == calls  # Altegio is never asked without the budget
