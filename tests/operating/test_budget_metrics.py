"""The request budget on /metrics: calls per second and minute, and the waits of bulk work.

The process's limiter runs on a clock of the test's own (its waits move that clock), so "the last
second" is exactly what the test says, however busy the machine is.
"""

import asyncio

import pytest
from django.test import Client

import loyalty.altegio
from loyalty.altegio import LocalRateLimiter, build_limiter
from tests.helpers import JAMES, MANAGER, SUMMARY, counted, search, sign_in, summarise

from .prometheus import metric

pytestmark = pytest.mark.django_db

TOKEN = "budget-metrics-token"


class Clock:
    """Seconds that pass only when the test (or a wait for the budget) moves them."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds


@pytest.fixture
def clock(settings, monkeypatch: pytest.MonkeyPatch, process_budget: None) -> Clock:
    """The budget as deployed but wide enough that a lookup never waits, on the test's clock."""
    settings.ALTEGIO_RATE_LIMIT, settings.ALTEGIO_RATE_LIMIT_PER_MINUTE = 50, 1000
    settings.METRICS_TOKEN = TOKEN
    ticking = Clock()
    shape = build_limiter()
    assert isinstance(shape, LocalRateLimiter)
    limiter = LocalRateLimiter(
        shape.windows, policy=shape.policy, clock=ticking, sleep=ticking.sleep
    )
    monkeypatch.setattr(loyalty.altegio, "_local_limiter", limiter)
    return ticking


def scrape() -> str:
    return Client(headers={"Authorization": f"Bearer {TOKEN}"}).get("/metrics").content.decode()


def test_the_calls_of_a_lookup_show_in_the_last_second_and_minute(sandbox, clock: Clock):
    manager = sign_in(Client(), MANAGER)
    clock.now += 2  # the sign-in's calls are older than a second
    quiet = scrape()
    calls = len(sandbox.calls)

    search(manager, JAMES)
    made = len(sandbox.calls) - calls
    busy = scrape()
    clock.now += 1.5
    later = scrape()

    budget = "loyaltydesk_altegio_budget_calls"
    assert made >= 1
    assert metric(quiet, budget, window="second") == 0
    assert metric(busy, budget, window="second") == made
    assert metric(busy, budget, window="minute") == metric(quiet, budget, window="minute") + made
    assert metric(later, budget, window="second") == 0  # a second later they have left it
    assert metric(later, budget, window="minute") == metric(busy, budget, window="minute")
    assert metric(busy, "loyaltydesk_altegio_budget_limit", window="second") == 50


def test_a_chain_summary_waits_for_the_budget_as_bulk_work(sandbox, clock: Clock):
    manager = sign_in(Client(), MANAGER)
    manager.get(SUMMARY)  # the page; its walk is polled below
    waits = "loyaltydesk_altegio_budget_wait_seconds_count"
    bulk, interactive = counted(waits, priority="bulk"), counted(waits, priority="interactive")
    calls = len(sandbox.calls)

    summarise(manager, {})
    walked = [call for call in sandbox.calls[calls:] if call.endpoint == "M3"]

    assert walked
    assert counted(waits, priority="bulk") - bulk == len(walked)
    assert counted(waits, priority="interactive") - interactive == (
        len(sandbox.calls) - calls - len(walked)
    )
