"""The sandbox's own control endpoints (`/__sandbox/…`): faults, revocation, latency, the call
log, quirks and reset. Each calls the same Python method that tests use (app.py)."""

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import Any, Protocol

from .faults import Fault
from .protocol import Reply


class Controlled(Protocol):
    """What the control endpoints steer: the sandbox (app.Sandbox)."""

    calls: list[Any]

    def inject(
        self,
        endpoint: str,
        *,
        status: int | None = None,
        kind: str | None = None,
        delay_ms: int = 0,
        times: int | None = None,
        retry_after: int | None = None,
        location_id: int | None = None,
    ) -> Fault: ...

    @property
    def faults(self) -> list[Fault]: ...

    def clear_faults(self) -> None: ...

    def revoke(self, *, login: str | None = None, user_token: str | None = None) -> int: ...

    def set_latency(self, ms: int, endpoint: str = "*") -> None: ...

    @property
    def latency(self) -> dict[str, int]: ...

    def set_quirk(self, name: str, value: object) -> None: ...

    @property
    def quirks(self) -> Mapping[str, Any]: ...

    def reset(self) -> None: ...


type Control = Callable[[Controlled, dict[str, Any]], Reply]


def _add_fault(box: Controlled, payload: dict[str, Any]) -> Reply:
    fault = box.inject(
        str(payload.get("endpoint", "*")),
        status=optional_int(payload.get("status")),
        kind=payload.get("kind"),
        delay_ms=optional_int(payload.get("delay_ms")) or 0,
        times=optional_int(payload.get("times")),
        retry_after=optional_int(payload.get("retry_after")),
        location_id=optional_int(payload.get("location_id")),
    )
    return Reply(201, {"ok": True, "fault": fault.to_json()})


def _list_faults(box: Controlled, payload: dict[str, Any]) -> Reply:
    return Reply(200, {"faults": [fault.to_json() for fault in box.faults]})


def _clear_faults(box: Controlled, payload: dict[str, Any]) -> Reply:
    box.clear_faults()
    return Reply(200, {"ok": True})


def _revoke(box: Controlled, payload: dict[str, Any]) -> Reply:
    if "user_token" in payload:
        revoked = box.revoke(user_token=str(payload["user_token"]))
    elif "login" in payload:
        revoked = box.revoke(login=str(payload["login"]))
    else:
        return Reply(400, {"ok": False, "error": "give login or user_token"})
    return Reply(200, {"ok": True, "revoked": revoked})


def _set_latency(box: Controlled, payload: dict[str, Any]) -> Reply:
    box.set_latency(optional_int(payload.get("ms")) or 0, str(payload.get("endpoint", "*")))
    return Reply(200, {"ok": True, "latency": dict(box.latency)})


def _list_calls(box: Controlled, payload: dict[str, Any]) -> Reply:
    calls = [asdict(call) for call in list(box.calls)]
    return Reply(200, {"count": len(calls), "calls": calls})


def _clear_calls(box: Controlled, payload: dict[str, Any]) -> Reply:
    box.calls.clear()
    return Reply(200, {"ok": True})


def _set_quirk(box: Controlled, payload: dict[str, Any]) -> Reply:
    box.set_quirk(str(payload.get("name", "")), payload.get("value"))
    return Reply(200, {"ok": True, "quirks": jsonable(box.quirks)})


def _list_quirks(box: Controlled, payload: dict[str, Any]) -> Reply:
    return Reply(200, {"quirks": jsonable(box.quirks)})


def _reset(box: Controlled, payload: dict[str, Any]) -> Reply:
    box.reset()
    return Reply(200, {"ok": True})


CONTROLS: dict[tuple[str, str], Control] = {
    ("faults", "POST"): _add_fault,
    ("faults", "GET"): _list_faults,
    ("faults", "DELETE"): _clear_faults,
    ("revoke", "POST"): _revoke,
    ("latency", "POST"): _set_latency,
    ("calls", "GET"): _list_calls,
    ("calls", "DELETE"): _clear_calls,
    ("quirks", "POST"): _set_quirk,
    ("quirks", "GET"): _list_quirks,
    ("reset", "POST"): _reset,
}


def control(box: Controlled, name: str, method: str, body: bytes) -> Reply:
    """Answer one control request: `name` is the path after the control prefix."""
    try:
        payload: Any = json.loads(body) if body.strip() else {}
    except ValueError:
        return Reply(400, {"ok": False, "error": "invalid JSON"})
    if not isinstance(payload, dict):
        return Reply(400, {"ok": False, "error": "expected a JSON object"})
    handler = CONTROLS.get((name, method))
    if handler is None:
        return Reply(404, {"ok": False, "error": f"no control endpoint {method} {name}"})
    try:
        return handler(box, payload)
    except (TypeError, ValueError) as error:
        return Reply(400, {"ok": False, "error": str(error)})


def jsonable(quirks: Mapping[str, Any]) -> dict[str, Any]:
    """Quirks as JSON (sets of location ids as sorted lists)."""
    return {
        name: sorted(value) if isinstance(value, frozenset) else value
        for name, value in quirks.items()
    }


def optional_int(value: Any) -> int | None:
    """An int from a JSON value that may be null, a number or a numeric string."""
    if value is None or value == "":
        return None
    return int(value)
