"""Figure M reads the budget in use from a /metrics scrape as the dashboard writes it."""

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.metrics_core import Metric

from bench.metrics_scrape import budget_in_use
from loyalty.altegio.budget_usage import WindowUse
from loyalty.views.metrics import budget_gauges


class _Fixed:
    """The budget gauges as the dashboard's /metrics view writes them."""

    def __init__(self, metrics: list[Metric]) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[Metric]:
        yield from self._metrics


def test_the_budget_lines_of_a_scrape_are_read_per_window() -> None:
    registry = CollectorRegistry()
    windows = [
        WindowUse(seconds=1.0, used=4, limit=5),
        WindowUse(seconds=60.0, used=143, limit=200),
    ]
    registry.register(_Fixed(budget_gauges(windows)))
    text = generate_latest(registry).decode()

    assert budget_in_use(text) == {
        "calls_second": 4.0,
        "limit_second": 5.0,
        "calls_minute": 143.0,
        "limit_minute": 200.0,
    }


def test_a_scrape_without_the_budget_reads_as_nothing() -> None:
    assert budget_in_use("# HELP other\nother_total 3.0\n") == {}
