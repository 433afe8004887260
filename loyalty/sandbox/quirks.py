"""Switchable quirks of the real Altegio API ("variants"), for tests and demos of the dashboard.

Each quirk reproduces something the real API does (or may do) that the default sandbox does not:
a sign-in refused with a 2xx, a refused partner token, an expired licence (402), a page-size
cap, `meta.count` as the page length, and `timezone` as hours without `timezone_name`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .data import digits


def _status(value: Any) -> int:
    status = int(value)
    if not 200 <= status < 600:
        raise ValueError("auth_refusal_status must be an HTTP status")
    return status


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _ids(value: Any) -> frozenset[int]:
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError("expected a list of location ids")
    return frozenset(int(item) for item in value)


def _cap(value: Any) -> int:
    cap = int(value)
    if cap < 1:
        raise ValueError("page_size_cap must be at least 1")
    return cap


# name → parser that validates and normalises the value (ValueError/TypeError when unfit).
QUIRKS: Mapping[str, Callable[[Any], Any]] = {
    "auth_refusal_status": _status,
    "partner_token_refused": _flag,
    "licence_expired": _ids,
    "page_size_cap": _cap,
    "meta_count_is_page_length": _flag,
    "timezone_without_name": _flag,
}

WRONG_CREDENTIALS_MESSAGE = "Incorrect login or password"


def parse_quirk(name: str, value: Any) -> Any:
    """The quirk's value in its stored form; ValueError for an unknown name or unfit value."""
    if name not in QUIRKS:
        raise ValueError(f"unknown quirk {name!r}; known: {', '.join(sorted(QUIRKS))}")
    return QUIRKS[name](value)


def licence_message(location_id: int) -> str:
    """Altegio's words for a location whose licence has expired (docs/altegio.md §1.5)."""
    return f"Renew the licence in location {location_id}"


def mask_phone(phone: str) -> str:
    """A phone as Altegio shows it to staff without contact rights: '+1 315 ***-**-78'."""
    number = digits(phone)
    if len(number) < 7:
        return "*" * len(number)
    # Country code: 1 for NANP (+1), 7 for Russia (+7), a national "8 9…" trunk prefix as is.
    country = number[:1] if number[0] in "178" else number[:2]
    national = number[len(country) :]
    prefix = "8" if country == "8" else f"+{country}"
    hidden = "*" * max(0, len(national) - 5)
    grouped = "-".join(hidden[i : i + 3] for i in range(0, len(hidden), 3)) if hidden else ""
    return f"{prefix} {national[:3]} {grouped}-{national[-2:]}"
