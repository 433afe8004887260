"""Figure 10: a write as the manager feels it, from the form's POST to the card read back."""

from __future__ import annotations

import statistics
import time
from html.parser import HTMLParser
from typing import Any

from .figures import (
    CHAIN,
    LOCATION,
    MANAGER,
    Plan,
    endpoint_counts,
    overlap_chain,
    password,
    timeline,
)
from .report import Figure, Goal
from .servers import Dashboard, SandboxServer
from .session import BenchError, StaffSession

LATENCY_MS = 400
# James Smith's membership that his type lets him freeze (the sandbox's demo of the freeze form).
MEMBERSHIP = 659883
# What a safe write needs in sequence at the most: read fresh, write, read back (the type's
# rules come from the cache, warmed by opening the form).
SEQUENTIAL_CALLS = 3
FROZEN_MARK = "Unfreeze"  # the card read back after a freeze offers to unfreeze it


class FormFields(HTMLParser):
    """The fields the first form of a fragment would send: its inputs, a day at its earliest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.action = ""
        self._forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note the form's address and each of its named inputs with its value."""
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._forms += 1
            if self._forms == 1:
                self.action = values.get("hx-post") or values.get("action", "")
        elif tag == "input" and self._forms == 1 and values.get("name"):
            # A day field gets its earliest day: the shortest freeze, the least of the allowance.
            self.fields[values["name"]] = values.get("min") or values.get("value", "")


def form_fields(html: str) -> tuple[str, dict[str, str]]:
    """The first form's address and the fields it would send as it stands."""
    parser = FormFields()
    parser.feed(html)
    return parser.action, parser.fields


def write_path(action: str, membership: int = MEMBERSHIP, chain: int = CHAIN) -> str:
    """The freeze or unfreeze address of a membership."""
    return f"/chains/{chain}/memberships/{membership}/{action}/"


async def send_form(
    session: StaffSession, action: str, membership: int = MEMBERSHIP
) -> tuple[float, str, dict[str, Any]]:
    """Open a lookup card's form as htmx does, then POST it; the POST's seconds and answer."""
    path = write_path(action, membership)
    query = f"?show=card&location_id={LOCATION}"
    opened = await session.get(path + query, htmx_target=f"freeze-box-{membership}")
    url, fields = form_fields(opened.text)
    if opened.status_code != 200 or "key" not in fields:
        raise BenchError(f"the {action} form answered {opened.status_code} without a form")
    sent = time.monotonic()
    answer = await session.post(url or path, fields, htmx_target=f"membership-card-{membership}")
    received = time.monotonic()
    if answer.status_code != 200:
        raise BenchError(f"the {action} POST answered {answer.status_code}")
    return received - sent, answer.text, {"sent": sent, "received": received}


async def figure_10(dashboard: Dashboard, sandbox: SandboxServer, plan: Plan) -> list[Figure]:
    """Median freeze, POST to the card read back, at 400 ms upstream ÷ three calls in a row."""
    session = StaffSession(dashboard.url)
    times: list[float] = []
    sequential: list[int] = []
    counts: list[int] = []
    phases: list[dict[str, float]] = []
    endpoints: dict[str, int] = {}
    try:
        await session.sign_in(MANAGER, password(MANAGER))
        sandbox.set_latency(LATENCY_MS)
        for _ in range(plan.write_rounds):
            sandbox.clear_calls()
            seconds, card, moments = await send_form(session, "freeze")
            calls = [call for call in sandbox.calls() if float(call["started"]) >= moments["sent"]]
            if FROZEN_MARK not in card:
                raise BenchError("the card after the freeze does not show it frozen")
            times.append(seconds)
            sequential.append(overlap_chain(calls))
            counts.append(len(calls))
            phases.append(timeline(calls, moments["sent"], moments["received"]))
            endpoints = endpoint_counts(calls)
            # Unfreeze it again (not timed), so every round freezes the same membership afresh.
            await send_form(session, "unfreeze")
    finally:
        await session.aclose()
    bound_ms = SEQUENTIAL_CALLS * LATENCY_MS
    median_ms = statistics.median(times) * 1000
    return [
        Figure(
            "10",
            f"freeze, POST to card read back ÷ {SEQUENTIAL_CALLS} × {LATENCY_MS} ms "
            f"({max(sequential)} calls in sequence)",
            median_ms / bound_ms,
            Goal("<=", 1.15),
            raw={
                "upstream_latency_ms": LATENCY_MS,
                "rounds": plan.write_rounds,
                "freeze_median_ms": round(median_ms, 1),
                "freeze_ms": [round(t * 1000, 1) for t in times],
                "bound_ms": bound_ms,
                "bound_rule": "read fresh, write, read back in sequence; the type from the cache",
                "sequential_upstream_calls": sequential,
                "upstream_calls": counts,
                "upstream_endpoints_last": endpoints,
                "timeline_median_ms": {
                    name: round(statistics.median(phase[name] for phase in phases), 1)
                    for name in phases[0]
                }
                if phases
                else {},
            },
        )
    ]
