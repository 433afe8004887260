"""The shape of one answer: Altegio's least by default, richer shapes as named quirks (quirks.py).

The sandbox sets the quirks around each request (`shaped()`); the scalars below read them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Shape:
    """Which richer or odder shapes this request's answers take (each one a quirk)."""

    rich_membership_rows: bool = False
    full_type_fields: bool = False
    rich_locations: bool = False
    odd_scalars: bool = False
    extra_access_keys: bool = False


LEAST = Shape()  # Altegio's least: nothing richer than its examples and fixtures show
_SHAPE: ContextVar[Shape] = ContextVar("sandbox_shape", default=LEAST)


@contextlib.contextmanager
def shaped(quirks: Mapping[str, Any]) -> Iterator[None]:
    """Answer in the shape the switched-on quirks ask for, for the rest of this request."""
    token = _SHAPE.set(Shape(**{name: bool(quirks.get(name)) for name in Shape.__annotations__}))
    try:
        yield
    finally:
        _SHAPE.reset(token)


def current_shape() -> Shape:
    """The shape of this request's answers."""
    return _SHAPE.get()


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the local offset, as the API writes dates."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def flag(value: bool, key: int) -> bool | int | str:
    """A boolean; under `odd_scalars` 1/0 or "1"/"0" for some records, as the vendor may send."""
    if not current_shape().odd_scalars:
        return value
    if key % 10 == 7:
        return int(value)
    if key % 10 == 3:
        return "1" if value else "0"
    return value


def text(value: int | str) -> int | str:
    """A title or number as text; under `odd_scalars` as the record holds it (an int, at times).

    The brief's example sends `number` and `type.title` as numbers (docs/altegio.md §5 notes);
    every other example sends text.
    """
    return value if current_shape().odd_scalars else str(value)


def money(value: float, key: int) -> float | int | str:
    """An amount; under `odd_scalars` sometimes a decimal string like "6500.00"."""
    if current_shape().odd_scalars and key % 4 == 2:
        return f"{value:.2f}"
    return int(value) if float(value).is_integer() else value
