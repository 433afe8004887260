"""Honest waiting: the page asks whether Altegio's request limit is what it waits for."""

import pytest

from loyalty.altegio.ratelimit import LocalRateLimiter
from tests.helpers import LOOKUP

BUDGET = "/altegio/budget/"

pytestmark = pytest.mark.usefixtures("process_budget")  # the tests patch LocalRateLimiter


def test_the_lookup_page_names_the_waiting_words_and_where_to_ask(front_desk):
    body = front_desk.get(LOOKUP).content.decode()
    assert f'data-wait-url="{BUDGET}"' in body
    assert 'data-wait-limit="Waiting for a free slot in Altegio\'s request limit…"' in body
    assert 'data-wait-slow="Altegio is taking longer than usual…"' in body
    assert "<span data-busy-words>Asking Altegio…</span>" in body


def test_a_limiter_that_cannot_tell_means_altegio_is_slow_not_the_limit(front_desk, sandbox):
    sandbox.calls.clear()
    response = front_desk.get(BUDGET)
    assert response.status_code == 200
    assert response.json() == {"limit_busy": False, "wait_seconds": 0.0}
    assert "no-store" in response["Cache-Control"]
    assert sandbox.calls == []


def test_interactive_calls_queueing_for_a_slot_mean_the_limit_is_busy(
    front_desk, sandbox, monkeypatch
):
    async def wait(self: LocalRateLimiter) -> float:
        return 3.2

    # What the shared limiter answers while interactive calls queue for a slot.
    monkeypatch.setattr(LocalRateLimiter, "expected_wait", wait)
    sandbox.calls.clear()
    assert front_desk.get(BUDGET).json() == {"limit_busy": True, "wait_seconds": 3.2}
    assert sandbox.calls == []


def test_a_moment_in_the_queue_is_not_called_busy(front_desk, monkeypatch):
    async def wait(self: LocalRateLimiter) -> float:
        return 0.1

    monkeypatch.setattr(LocalRateLimiter, "expected_wait", wait)
    assert front_desk.get(BUDGET).json()["limit_busy"] is False


def test_the_budget_is_for_signed_in_staff_only(client, db):
    response = client.get(BUDGET)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
