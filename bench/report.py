"""Figures, their goals, the printed table and `bench/results/latest.json`."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
# The deployments a figure runs against, by the suffix its key carries in the table.
SHAPES = {
    "1w": "make serve's default: one worker, no Redis",
    "2w": "production shape: REDIS_URL, two workers",
    "2i": "production shape: two instances (launchers) on one Redis and REDIS_KEY_PREFIX, "
    "two workers each",
}


@dataclass(frozen=True)
class Goal:
    """A bound a figure must meet: `value <= limit` or `value >= limit` (`<` and `>` too)."""

    op: str
    limit: float
    unit: str = ""

    def met(self, value: float) -> bool:
        """Whether the value meets the goal (NaN never does)."""
        if math.isnan(value):
            return False
        return {
            "<=": value <= self.limit,
            "<": value < self.limit,
            ">=": value >= self.limit,
            ">": value > self.limit,
        }[self.op]

    def __str__(self) -> str:
        symbol = {"<=": "≤", ">=": "≥"}.get(self.op, self.op)
        return f"{symbol} {fmt(self.limit)}{self.unit}"


@dataclass
class Figure:
    """One measured ratio (or count), its goal and the raw numbers behind it."""

    key: str
    name: str
    value: float
    goal: Goal | None
    unit: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    # The deployment it ran against: SHAPES' keys (one worker without Redis unless said).
    shape: str = "1w"
    skipped: str = ""  # why it did not run (the production shape without Redis)

    @property
    def passed(self) -> bool | None:
        """True/False against the goal; None for a figure reported without one."""
        if self.error is not None:
            return False
        if self.skipped:
            return None
        return None if self.goal is None else self.goal.met(self.value)

    def to_json(self) -> dict[str, Any]:
        """The figure as the results file stores it."""
        return {
            "key": self.key,
            "name": self.name,
            "shape": SHAPES.get(self.shape, self.shape),
            "value": None if math.isnan(self.value) else round(self.value, 4),
            "unit": self.unit,
            "goal": None
            if self.goal is None
            else {"op": self.goal.op, "limit": self.goal.limit, "text": str(self.goal)},
            "passed": self.passed,
            "error": self.error,
            "skipped": self.skipped or None,
            "raw": self.raw,
        }


def fmt(value: float) -> str:
    """A short human rendering of a number."""
    if math.isnan(value):
        return "n/a"
    if value == int(value) and (abs(value) >= 1 or value == 0):
        return f"{int(value)}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def figure_order(figure: Figure) -> tuple[int, str, int]:
    """Table order: by number (10 after 9), then letter, one-worker shape before the others."""
    found = re.match(r"(\d+)(.*)", figure.key)
    number, rest = (int(found.group(1)), found.group(2)) if found else (0, figure.key)
    shape = list(SHAPES).index(figure.shape) if figure.shape in SHAPES else len(SHAPES)
    return number, rest.split("@")[0], shape


def table(figures: list[Figure]) -> str:
    """The figures as a plain-text table (a key's `@2w` or `@2i` names the production shape)."""
    rows = [("#", "figure", "value", "goal", "result")]
    for figure in sorted(figures, key=figure_order):
        verdict = (
            "ERROR"
            if figure.error
            else "skipped"
            if figure.skipped
            else {True: "pass", False: "FAIL", None: "info"}[figure.passed]
        )
        goal = str(figure.goal) if figure.goal else "—"
        rows.append((figure.key, figure.name, fmt(figure.value) + figure.unit, goal, verdict))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    memory = psutil.virtual_memory().total
    return {
        "cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory_gib": round(memory / 2**30, 1),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def write_results(
    figures: list[Figure], *, started: datetime, settings: dict[str, Any], path: Path = RESULTS
) -> Path:
    """Write the results file atomically and return its path."""
    finished = datetime.now(UTC)
    document = {
        "timestamp": finished.isoformat(timespec="seconds"),
        "duration_seconds": round((finished - started).total_seconds(), 1),
        "all_passed": all(figure.passed is not False for figure in figures),
        "machine": machine(),
        "settings": settings,
        "figures": [figure.to_json() for figure in figures],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    temporary.replace(path)
    return path
