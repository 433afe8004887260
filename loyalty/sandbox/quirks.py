"""Switchable quirks of the real Altegio API ("variants"), for tests and demos of the dashboard.

By default the sandbox answers with Altegio's least: what the docs' examples and Altegio's own
fixtures show (tests/contract/golden/). Each quirk switches on something the real API does, or
is documented or known to do, that the default does not:

- richer answers: `rich_membership_rows` (M1-M3 rows embed the whole type, freeze rules and
  all, with every balance-line field and both `balance_string` and `goods_transaction_id`),
  `full_type_fields` (M6/M7 and C5/C6 with every field §2.4/§3.3 lists; C1/C2 types with
  `salon_ids`), `rich_event_memberships` (M8 attributes and type availability),
  `rich_locations` (/companies with Altegio's own extra fields and `timezone` in hours),
  `extra_access_keys` (/groups access with keys no doc lists);
- odd shapes: `odd_scalars` (ids, counts and money as text, flags as 1/0 or "1"/"0"),
  `m3_array_envelope` (M3 as an array holding one envelope, as its doc page prints it),
  `sdk_event_shape` (events with a local `date` and a Unix `timestamp`, as the YCLIENTS SDKs
  read them), `chain_client_not_found_empty` (no card in the chain: 200 with no clients instead
  of the documented 404), `timezone_without_name`, `meta_count_is_page_length`,
  `page_size_cap`;
- refusals: `auth_refusal_status` (a sign-in refused with a 2xx), `partner_token_refused`,
  `licence_expired` (402 at these locations).
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
    "rich_membership_rows": _flag,
    "full_type_fields": _flag,
    "rich_event_memberships": _flag,
    "rich_locations": _flag,
    "extra_access_keys": _flag,
    "odd_scalars": _flag,
    "m3_array_envelope": _flag,
    "sdk_event_shape": _flag,
    "chain_client_not_found_empty": _flag,
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
