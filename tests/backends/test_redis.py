"""The rate limiter and the Django cache on a real Redis server (REDIS_URL)."""

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis import Redis

from loyalty.altegio.ratelimit import RedisRateLimiter
from tests.helpers import redis_url

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
PER_SECOND = 5
ALTEGIO_LIMITS = [(PER_SECOND, 1.0), (200, 60.0)]
GRANTS_PER_PROCESS = 6

# One worker process: wait for the starting signal, then take `count` slots from the shared
# limiter, really sleeping for each, and print the wall-clock time each slot was granted.
WORKER = """
import asyncio, json, sys, time
from redis import Redis

from loyalty.altegio import RedisRateLimiter
from loyalty.altegio.ratelimit import RedisRateLimiter

url, key, ready, go, count, windows = sys.argv[1:7]

async def main():
    limiter = RedisRateLimiter(url, [tuple(w) for w in json.loads(windows)], key=key)
    granted = []
    for _ in range(int(count)):
        await limiter.acquire()
        granted.append(time.time())
    await limiter.aclose()
    return granted

signals = Redis.from_url(url)
signals.rpush(ready, 1)
if signals.blpop([go], timeout=30) is None:
    sys.exit("no starting signal")
print(json.dumps(asyncio.run(main())))
"""


@pytest.fixture
def redis() -> Iterator[Redis]:
    """A plain client on the test Redis, for looking behind the code under test."""
    client = Redis.from_url(redis_url())
    yield client
    client.close()


@pytest.fixture
def scratch_key(redis: Redis) -> Iterator[str]:
    """A key of this test's own, deleted afterwards (with its `:ready`/`:go` helpers)."""
    key = f"loyaltydesk:test:{uuid.uuid4().hex}"
    yield key
    redis.delete(key, f"{key}:ready", f"{key}:go")


def run_async[T](work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `work()` on a fresh loop, in a thread of its own if this one already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


def assert_at_most(times: list[float], limit: int, seconds: float, slack: float) -> None:
    ordered = sorted(times)
    for first, last in zip(ordered, ordered[limit:], strict=False):
        assert last - first >= seconds - slack, (
            f"{limit + 1} grants within {last - first:.3f} s: {ordered}"
        )


def test_two_processes_sharing_the_redis_limiter_stay_within_five_a_second(
    redis: Redis, scratch_key: str
) -> None:
    ready, go = f"{scratch_key}:ready", f"{scratch_key}:go"
    args = [
        redis_url(),
        scratch_key,
        ready,
        go,
        str(GRANTS_PER_PROCESS),
        json.dumps(ALTEGIO_LIMITS),
    ]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 20
    while redis.llen(ready) < len(workers):
        assert time.monotonic() < deadline, "the worker processes did not start"
        assert all(worker.poll() is None for worker in workers), workers[0].stderr
        time.sleep(0.05)
    redis.rpush(go, *[1] * len(workers))  # both start at once

    grants: list[list[float]] = []
    for worker in workers:
        out, err = worker.communicate(timeout=30)
        assert worker.returncode == 0, err
        grants.append(json.loads(out))

    combined = [t for mine in grants for t in mine]
    assert [len(mine) for mine in grants] == [GRANTS_PER_PROCESS] * 2
    # Never more than 5 grants in any second, counting both processes together.
    assert_at_most(combined, PER_SECOND, 1.0, slack=0.05)
    # The slots booked in Redis obey the window exactly.
    slots = [float(slot) for slot in redis.lrange(scratch_key, 0, -1)]
    assert len(slots) == 2 * GRANTS_PER_PROCESS
    assert_at_most(slots, PER_SECOND, 1.0, slack=1e-6)
    # Alone, each process would be done within 1 s; sharing one budget, 12 grants take 2 s.
    assert max(combined) - min(combined) >= 2.0 - 0.05


def test_a_burst_in_one_process_is_queued_by_the_redis_limiter(scratch_key: str) -> None:
    async def reserve_burst() -> list[float]:
        limiter = RedisRateLimiter(redis_url(), ALTEGIO_LIMITS, key=scratch_key)
        try:
            return [await limiter.reserve() for _ in range(12)]
        finally:
            await limiter.aclose()

    waits = run_async(reserve_burst)

    assert waits[:5] == pytest.approx([0.0] * 5, abs=0.05)
    assert waits[5:10] == pytest.approx([1.0] * 5, abs=0.05)
    assert waits[10:] == pytest.approx([2.0] * 2, abs=0.05)


def test_the_django_cache_is_redis_when_redis_url_is_set() -> None:
    assert isinstance(caches["default"], RedisCache)


def test_a_value_cached_through_django_is_stored_in_redis(redis: Redis) -> None:
    cache = caches["default"]
    key = f"backends-test-{uuid.uuid4().hex}"
    try:
        cache.set(key, {"number": "788376", "visits_left": 8}, timeout=30)

        assert cache.get(key) == {"number": "788376", "visits_left": 8}
        assert redis.exists(cache.make_key(key)) == 1
        assert 0 < redis.ttl(cache.make_key(key)) <= 30
    finally:
        cache.delete(key)

    assert cache.get(key) is None
    assert redis.exists(cache.make_key(key)) == 0


def test_a_cache_counter_is_atomic_in_redis() -> None:
    cache = caches["default"]
    key = f"backends-counter-{uuid.uuid4().hex}"
    try:
        cache.set(key, 0, timeout=30)
        for _ in range(5):
            cache.incr(key)

        assert cache.get(key) == 5
    finally:
        cache.delete(key)


def test_a_value_cached_by_one_process_is_read_by_another() -> None:
    cache = caches["default"]
    key = f"backends-shared-{uuid.uuid4().hex}"
    reader = (
        "import django, sys; django.setup(); "
        "from django.core.cache import cache; print(cache.get(sys.argv[1]))"
    )
    try:
        cache.set(key, "Surf x10", timeout=30)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        read = subprocess.run(
            [sys.executable, "-c", reader, key],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    finally:
        cache.delete(key)

    assert read.stdout.strip() == "Surf x10"
