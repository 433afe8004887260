"""Figure M: the request budget in use as an operator sees it, scraped from `/metrics` under load.

The dashboard runs with a `METRICS_TOKEN` of the run's own (servers.dashboard_env); right after
figure 3's desks (and the export) this scrapes `/metrics` once, as Prometheus would, and reports
the calls in the last minute against the limit, with the budget lines as sent (docs/operating.md).
"""

from __future__ import annotations

import re

import httpx

from .report import Figure
from .servers import METRICS_TOKEN, Dashboard

BUDGET_LINE = re.compile(
    r'^loyaltydesk_altegio_budget_(calls|limit)\{window="(\w+)"\} ([0-9.e+]+)$'
)


def budget_in_use(text: str) -> dict[str, float]:
    """`{"calls_minute": 143.0, "limit_minute": 200.0, ...}` from a scrape's text."""
    found: dict[str, float] = {}
    for line in text.splitlines():
        match = BUDGET_LINE.match(line.strip())
        if match:
            found[f"{match.group(1)}_{match.group(2)}"] = float(match.group(3))
    return found


async def figure_m(dashboard: Dashboard) -> list[Figure]:
    """One scrape: Altegio calls in the last minute (reported without a goal), its lines as raw."""
    async with httpx.AsyncClient(timeout=10) as client:
        answer = await client.get(
            f"{dashboard.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        )
    answer.raise_for_status()
    budget = budget_in_use(answer.text)
    if "calls_minute" not in budget:
        raise ValueError("the scrape holds no loyaltydesk_altegio_budget_calls line")
    return [
        Figure(
            key="M",
            name="/metrics after figure 3's load: Altegio calls in the last minute (budget in use)",
            value=budget["calls_minute"],
            goal=None,
            unit="calls",
            raw=budget,
        )
    ]
