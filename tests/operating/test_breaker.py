"""The shared store's breaker: after a failure Redis is not asked again for REDIS_RETRY_SECONDS.

A clock of the test's own, so no test waits for the pause to pass.
"""

import asyncio

import pytest
from django.apps import apps
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from loyalty.altegio import SharedStoreUnavailable, redis_store
from tests.helpers import counted


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Redis:
    """A Redis call that fails while `down`, counting how often it was asked."""

    def __init__(self) -> None:
        self.down = True
        self.asked = 0

    def call(self) -> str:
        self.asked += 1
        if self.down:
            raise RedisConnectionError("Connection refused")
        return "PONG"

    async def acall(self) -> str:
        return self.call()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The process's breaker on a clock of the test's own, pausing 1 s as deployed."""
    ticking = Clock()
    monkeypatch.setattr(redis_store, "breaker", redis_store.Breaker(pause=1.0, clock=ticking))
    return ticking


def test_after_a_failure_redis_is_not_asked_until_the_retry_time_passes(clock: Clock):
    redis = Redis()
    errors = counted("loyaltydesk_shared_store_errors_total")
    with pytest.raises(SharedStoreUnavailable):
        redis_store.guarded(redis.call)
    assert redis.asked == 1

    redis.down = False  # answering again, but the breaker does not know yet
    clock.now += 0.9
    with pytest.raises(SharedStoreUnavailable):
        redis_store.guarded(redis.call)
    assert redis.asked == 1  # refused at once, without asking Redis

    clock.now += 0.2  # past REDIS_RETRY_SECONDS since the failure
    assert redis_store.guarded(redis.call) == "PONG"
    assert redis.asked == 2
    assert redis_store.guarded(redis.call) == "PONG"  # closed again: every call goes through
    assert redis.asked == 3
    assert counted("loyaltydesk_shared_store_errors_total") - errors == 1


def test_a_retry_that_fails_again_waits_the_retry_time_again(clock: Clock):
    redis = Redis()
    with pytest.raises(SharedStoreUnavailable):
        redis_store.guarded(redis.call)
    clock.now += 1.1
    with pytest.raises(SharedStoreUnavailable):
        redis_store.guarded(redis.call)  # tried again, and failed again
    assert redis.asked == 2  # one try per pause, not one per call

    clock.now += 0.5  # 0.5 s after the second failure: still open
    with pytest.raises(SharedStoreUnavailable):
        redis_store.guarded(redis.call)
    assert redis.asked == 2


def test_async_calls_share_the_breaker_and_a_timeout_opens_it_too(clock: Clock):
    redis = Redis()

    async def hung() -> str:
        raise RedisTimeoutError("Timeout reading from socket")

    with pytest.raises(SharedStoreUnavailable):
        asyncio.run(redis_store.aguarded(hung))
    with pytest.raises(SharedStoreUnavailable):
        asyncio.run(redis_store.aguarded(redis.acall))
    with pytest.raises(SharedStoreUnavailable):
        redis_store.guarded(redis.call)
    assert redis.asked == 0

    redis.down = False
    clock.now += 1.0
    assert asyncio.run(redis_store.aguarded(redis.acall)) == "PONG"


def test_the_retry_time_comes_from_redis_retry_seconds(settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(redis_store.breaker, "pause", redis_store.breaker.pause)  # restored after
    settings.REDIS_RETRY_SECONDS = 7.5

    apps.get_app_config("loyalty").ready()

    assert redis_store.breaker.pause == 7.5
