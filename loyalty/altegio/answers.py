"""Reading one answer from Altegio: its status and envelope, mapped to data or to an error.

Reference: docs/altegio.md §1.4–§1.5 (envelope, errors), §6.1 (how the client maps them).
"""

import email.utils
import json
import time
from dataclasses import dataclass
from typing import Any, TypedDict

import httpx

from .errors import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioError,
    AltegioForbidden,
    AltegioInvalid,
    AltegioLicenceExpired,
    AltegioNotFound,
    AltegioRateLimited,
    AltegioRefused,
    AltegioUnavailable,
)


@dataclass(frozen=True)
class Envelope:
    """The `data` and `meta` of an answer, after the `success` check."""

    data: Any
    meta: dict[str, Any]
    included: tuple[Any, ...] = ()


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:  # an HTTP date; anything unreadable counts as no Retry-After at all
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _meta(body: Any) -> dict[str, Any]:
    meta = body.get("meta") if isinstance(body, dict) else None
    return meta if isinstance(meta, dict) else {}


def _api_message(body: Any, meta: dict[str, Any]) -> str | None:
    """Altegio's own words: `meta.message`, else a bare top-level `message`.

    The chain client search documents its 404 as `{"message": "Client not found"}`, without the
    usual envelope (docs/altegio.md §4.4).
    """
    for source in (meta, body if isinstance(body, dict) else {}):
        message = source.get("message")
        if isinstance(message, str) and message:
            return message
    return None


class _Details(TypedDict):
    status: int
    api_message: str | None
    errors: dict[str, Any] | None


STATUS_ERRORS: dict[int, type[AltegioError]] = {
    400: AltegioInvalid,
    401: AltegioAuthError,
    # docs/altegio.md §1.5: "renew the licence in location {id}"; no rights question at all.
    402: AltegioLicenceExpired,
    403: AltegioForbidden,
    404: AltegioNotFound,
    409: AltegioInvalid,
    422: AltegioInvalid,
}


def read_answer(response: httpx.Response) -> Envelope:
    """Map one response to an Envelope or to the matching AltegioError."""
    status = response.status_code
    body = _unwrapped(_body(response))
    meta = _meta(body)
    errors = meta.get("errors") if isinstance(meta.get("errors"), dict) else None
    details: _Details = {
        "status": status,
        "api_message": _api_message(body, meta),
        "errors": errors,
    }
    _raise_for_status(response, details)
    if body is None and not response.content.strip():
        # Some writes answer 2xx with no body (docs/altegio.md §2.6).
        return Envelope(data=None, meta={})
    if not isinstance(body, dict):
        raise AltegioBadResponse(**details)
    if body.get("success") is False:
        raise AltegioRefused(**details)
    # JSON:API answers (M8/M9) come without `success` and carry related objects in `included`.
    included = body.get("included")
    return Envelope(
        data=body.get("data"),
        meta=meta,
        included=tuple(included) if isinstance(included, list) else (),
    )


def _raise_for_status(response: httpx.Response, details: "_Details") -> None:
    """The error an HTTP status other than 2xx means."""
    status = details["status"]
    if status in STATUS_ERRORS:
        raise STATUS_ERRORS[status](**details)
    if status == 429:
        raise AltegioRateLimited(retry_after=_retry_after(response), **details)
    if status >= 500:
        raise AltegioUnavailable(**details)
    if not 200 <= status < 300:
        raise AltegioError(**details)


def _unwrapped(body: Any) -> Any:
    """The chain membership list is documented as an array holding one envelope (§5 notes)."""
    one = body[0] if isinstance(body, list) and len(body) == 1 else None
    return one if isinstance(one, dict) and "success" in one else body
