"""Fault injection: error statuses, broken bodies, slow answers and network failures."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from .protocol import Reply, message_for

ENDPOINT_KEYS = (
    "auth",
    "locations",
    "location",
    "chains",
    "clients_search",
    "client",
    "chain_clients",
    *(f"M{number}" for number in range(1, 10)),
    *(f"C{number}" for number in range(1, 7)),
    "freeze",
    "unfreeze",
    "set_period",
    "set_balance",
    "activities",
    "activity",
    "client_visits",
    "loyalty_transactions",
    "loyalty_cards",
    "client_loyalty_cards",
)
# Kinds answered without a handler, kinds that rewrite the handler's answer, network failures.
REPLY_KINDS = frozenset({"success_false", "malformed", "html"})
REWRITE_KINDS = frozenset({"missing_fields", "wrong_types"})
NETWORK_KINDS = frozenset({"timeout", "connect"})
# The call is performed (a write takes effect), then the client sees a read timeout.
AFTER_KINDS = frozenset({"timeout_after"})
KINDS = REPLY_KINDS | REWRITE_KINDS | NETWORK_KINDS | AFTER_KINDS

# Fields a parser cannot do without; "missing_fields" removes them from every record.
REQUIRED_FIELDS = (
    "number",
    "status",
    "type",
    "balance",
    "balance_container",
    "title",
    "user_token",
    "attributes",
    "companies",
    "access",
    "name",
    "phone",
)
HTML_PAGE = (
    "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """One injected fault for an endpoint key, for `times` calls (None = until cleared)."""

    endpoint: str
    status: int | None = None
    kind: str | None = None
    delay_ms: int = 0
    times: int | None = None
    retry_after: int | None = None
    # Only calls about this location (query `company_id` or a `/company/{id}/…` path) play it.
    location_id: int | None = None

    def __post_init__(self) -> None:
        """Reject faults the sandbox would not know how to play."""
        if self.endpoint != "*" and self.endpoint not in ENDPOINT_KEYS:
            raise ValueError(f"unknown endpoint key {self.endpoint!r}")
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"bad HTTP status {self.status!r}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1")
        if self.delay_ms < 0:
            raise ValueError("delay_ms must not be negative")

    def to_json(self) -> dict[str, Any]:
        """The fault as the control endpoint shows it."""
        return asdict(self)

    def reply(self) -> Reply:
        """The answer for a status-only, success_false, malformed or html fault."""
        if self.kind == "html":
            status = self.status or 502
            page = HTML_PAGE.format(status=status).encode()
            return Reply(status, page, {"Content-Type": "text/html"})
        if self.kind == "malformed":
            # A truncated body, as when a proxy cuts the upstream answer short.
            return Reply(self.status or 200, b'{"success": true, "data": [{"id": 65')
        if self.kind == "success_false":
            meta = {"message": "An error occurred"}
            return Reply(self.status or 200, {"success": False, "data": None, "meta": meta})
        status = self.status or 500
        meta_out: dict[str, Any] = {"message": message_for(status)}
        if status == 422:
            meta_out["errors"] = {"[sandbox]": ["Injected validation error"]}
        headers = {}
        if status == 429 and self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        return Reply(status, {"success": False, "data": None, "meta": meta_out}, headers)


class FaultBook:
    """Injected faults in injection order; the oldest matching one plays first."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        # Sync views may call the sandbox from worker threads; keep the counters consistent.
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        """Queue a fault."""
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        """Forget every fault."""
        with self._lock:
            self._faults.clear()

    def active(self) -> list[Fault]:
        """The faults still queued."""
        with self._lock:
            return list(self._faults)

    def take(self, endpoint: str, location_id: int | None = None) -> Fault | None:
        """The fault for one call to `endpoint` about `location_id`, counted against `times`."""
        with self._lock:
            for fault in self._faults:
                if fault.endpoint in ("*", endpoint) and fault.location_id in (None, location_id):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times == 0:
                            self._faults.remove(fault)
                    return fault
        return None


def _envelope(body: Any) -> dict[str, Any] | None:
    """The envelope inside a body, including M3's one-element array form."""
    if isinstance(body, list) and body and isinstance(body[0], dict):
        body = body[0]
    return body if isinstance(body, dict) else None


def _records(body: Any) -> list[dict[str, Any]]:
    """The record objects under `data`."""
    envelope = _envelope(body)
    data = envelope.get("data") if envelope else None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return [record for record in data if isinstance(record, dict)]
    return []


def rewrite(kind: str, body: Any) -> Any:
    """Break a handler's answer the way `missing_fields` or `wrong_types` asks."""
    if kind == "missing_fields":
        for record in _records(body):
            for name in REQUIRED_FIELDS:
                record.pop(name, None)
        return body
    envelope = _envelope(body)
    data = envelope.get("data") if envelope is not None else []
    if envelope is None or data == []:  # nothing to mistype: an empty page stays one
        return body
    if not isinstance(data, list):
        envelope["data"] = "Sandbox: data arrives as a string"
        return body
    for record in _records(body):
        record.update({name: _mistyped(value) for name, value in record.items()})
    return body


def _mistyped(value: Any) -> Any:
    """An object as its title, a list as a comma string, a flag as "maybe"; the rest as it is."""
    if isinstance(value, dict):
        # Strings where objects are expected, e.g. "status": "Activated".
        return str(value.get("title", "object"))
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, bool):
        return "maybe"
    return value
