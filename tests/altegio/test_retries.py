"""GETs are tried again on transient failures, within a time budget; writes never are."""

import httpx
import pytest

from loyalty.altegio import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioForbidden,
    AltegioInvalid,
    AltegioNotFound,
    AltegioRateLimited,
    AltegioTimeout,
    AltegioUnavailable,
    RetryPolicy,
)
from loyalty.altegio.clients import search_clients_by_phone
from loyalty.altegio.memberships import list_client_memberships
from loyalty.altegio.ratelimit import Grant, Priority

from . import payloads
from .fake import USER_TOKEN, FakeAltegio


def lookup(altegio: FakeAltegio, retry: RetryPolicy | None = None, **client_options: object):
    """M1, a GET, through a client with the given retry policy."""
    if retry is not None:
        client_options["retry"] = retry
    return altegio.run(
        lambda client: list_client_memberships(
            client.as_user(USER_TOKEN), location_id=720441, phone_digits="13155550178"
        ),
        **client_options,
    )


def test_a_get_that_meets_a_503_is_tried_again_and_succeeds(altegio: FakeAltegio) -> None:
    altegio.answer(status=503).answer(payloads.CLIENT_MEMBERSHIPS)

    [membership] = lookup(altegio)

    assert membership.number == "788376"
    assert len(altegio.requests) == 2
    assert len(altegio.sleeps) == 1
    assert 0.125 <= altegio.sleeps[0] <= 0.25  # backoff 0.25 with full jitter over its top half


def test_a_get_that_keeps_failing_is_tried_three_times_then_gives_up(altegio: FakeAltegio) -> None:
    altegio.answer(status=502)

    with pytest.raises(AltegioUnavailable) as caught:
        lookup(altegio)

    assert caught.value.status == 502
    assert len(altegio.requests) == 3
    assert len(altegio.sleeps) == 2


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
    ],
)
def test_a_get_that_meets_a_transport_failure_is_tried_again(
    altegio: FakeAltegio, error: Exception
) -> None:
    altegio.fail(error).answer(payloads.CLIENT_MEMBERSHIPS)

    assert len(lookup(altegio)) == 1
    assert len(altegio.requests) == 2


def test_a_get_that_keeps_timing_out_ends_as_a_timeout(altegio: FakeAltegio) -> None:
    altegio.fail(httpx.ReadTimeout("timed out"))

    with pytest.raises(AltegioTimeout):
        lookup(altegio)

    assert len(altegio.requests) == 3


def test_the_number_of_attempts_follows_the_policy(altegio: FakeAltegio) -> None:
    altegio.answer(status=500)

    with pytest.raises(AltegioUnavailable):
        lookup(altegio, RetryPolicy(attempts=5, budget=100.0))

    assert len(altegio.requests) == 5


def test_backoff_doubles_up_to_its_ceiling(
    altegio: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loyalty.altegio.http.random.uniform", lambda low, high: high)
    altegio.answer(status=500)

    with pytest.raises(AltegioUnavailable):
        lookup(altegio, RetryPolicy(attempts=6, backoff=0.25, max_backoff=2.0, budget=100.0))

    assert altegio.sleeps == [0.25, 0.5, 1.0, 2.0, 2.0]


def test_backoff_jitter_never_waits_less_than_half_the_step(
    altegio: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loyalty.altegio.http.random.uniform", lambda low, high: low)
    altegio.answer(status=500)

    with pytest.raises(AltegioUnavailable):
        lookup(altegio, RetryPolicy(attempts=4, backoff=1.0, max_backoff=8.0, budget=100.0))

    assert altegio.sleeps == [0.5, 1.0, 2.0]


def test_a_429_with_retry_after_waits_exactly_that_long(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "3"}).answer(payloads.CLIENT_MEMBERSHIPS)

    assert len(lookup(altegio)) == 1
    assert altegio.sleeps == [3.0]
    assert len(altegio.requests) == 2


def test_a_429_without_retry_after_backs_off_like_a_server_error(altegio: FakeAltegio) -> None:
    altegio.answer(status=429).answer(payloads.CLIENT_MEMBERSHIPS)

    assert len(lookup(altegio)) == 1
    assert len(altegio.sleeps) == 1
    assert 0.125 <= altegio.sleeps[0] <= 0.25


def test_a_retry_after_beyond_the_budget_gives_up_at_once(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "30"})

    with pytest.raises(AltegioRateLimited) as caught:
        lookup(altegio, RetryPolicy(attempts=3, budget=10.0))

    assert caught.value.retry_after == 30.0
    assert altegio.sleeps == []
    assert len(altegio.requests) == 1


def test_retries_stop_when_the_next_wait_would_pass_the_budget(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "0.6"})

    with pytest.raises(AltegioRateLimited):
        lookup(altegio, RetryPolicy(attempts=10, budget=1.0))

    assert altegio.sleeps == [0.6]
    assert len(altegio.requests) == 2


def test_the_budget_counts_time_spent_waiting_for_answers_too(altegio: FakeAltegio) -> None:
    def slow_failure(request: httpx.Request) -> httpx.Response:
        altegio.clock.now += 4.0  # each attempt takes 4 s before Altegio fails
        return httpx.Response(503)

    altegio.answers.append(slow_failure)

    with pytest.raises(AltegioUnavailable):
        lookup(altegio, RetryPolicy(attempts=10, backoff=0.25, budget=10.0))

    # Tries start at 0, ~4.2 and ~8.5 s; after the third fails at ~12.5 s the budget is spent.
    assert len(altegio.requests) == 3


def test_the_default_budget_grows_with_a_long_timeout(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "45"}).answer(payloads.CLIENT_MEMBERSHIPS)

    memberships = altegio.run(
        lambda client: list_client_memberships(
            client.as_user(USER_TOKEN), location_id=720441, phone_digits="13155550178"
        ),
        retry=None,  # the client's own default: a budget of twice the timeout, 10 s at least
        timeout=30.0,
    )

    assert len(memberships) == 1
    assert altegio.sleeps == [45.0]


@pytest.mark.parametrize(
    ("status", "payload", "error"),
    [
        (401, payloads.AUTH_NEEDED, AltegioAuthError),
        (403, payloads.ACCESS_DENIED, AltegioForbidden),
        (404, payloads.EVENT_NOT_FOUND, AltegioNotFound),
        (422, payloads.INVALID_ARCHIVED, AltegioInvalid),
        (400, payloads.INVALID_FILTER, AltegioInvalid),
        (200, payloads.ACCESS_DENIED, AltegioBadResponse),
    ],
)
def test_a_get_refused_for_a_reason_that_will_not_change_is_not_tried_again(
    altegio: FakeAltegio, status: int, payload: object, error: type[Exception]
) -> None:
    altegio.answer(payload, status=status).answer(payloads.CLIENT_MEMBERSHIPS)

    with pytest.raises(error):
        lookup(altegio)

    assert len(altegio.requests) == 1
    assert altegio.sleeps == []


@pytest.mark.parametrize(
    "first",
    [
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("timed out"),
    ],
)
def test_a_post_is_sent_once_whatever_happens(
    altegio: FakeAltegio, first: httpx.Response | Exception
) -> None:
    altegio.answers += [first, httpx.Response(200, json=payloads.CLIENT_SEARCH)]

    with pytest.raises(AltegioUnavailable):
        altegio.call(search_clients_by_phone, location_id=720441, phone_digits="13155550178")

    assert len(altegio.requests) == 1
    assert altegio.sleeps == []


def test_every_retry_waits_its_turn_at_the_rate_limiter(altegio: FakeAltegio) -> None:
    class CountingLimiter:
        calls = 0

        async def acquire(self, priority: Priority = Priority.INTERACTIVE) -> Grant:
            self.calls += 1
            return Grant()

        async def expected_wait(self) -> float:
            return 0.0

    limiter = CountingLimiter()
    altegio.answer(status=503).answer(status=503).answer(payloads.CLIENT_MEMBERSHIPS)

    lookup(altegio, limiter=limiter)

    assert limiter.calls == len(altegio.requests) == 3
