"""The built-in Altegio emulator: the same API, seeded demo data, faults and latency on demand.

Use it in-process with `httpx.AsyncClient(transport=SandboxTransport())`, or standalone with
`python -m loyalty.sandbox --port 8100`. Sign in with one of `DEMO_LOGINS`; try the phones in
`DEMO_PHONES` and the group events in `DEMO_EVENTS`.
"""

from __future__ import annotations

from .app import PARTNER_TOKEN, Call, Sandbox, get_sandbox
from .data import DEMO_EVENTS, DEMO_LOGINS, DEMO_PHONES
from .faults import ENDPOINT_KEYS, KINDS, Fault
from .transport import SandboxTransport

__all__ = [
    "DEMO_EVENTS",
    "DEMO_LOGINS",
    "DEMO_PHONES",
    "ENDPOINT_KEYS",
    "KINDS",
    "PARTNER_TOKEN",
    "Call",
    "Fault",
    "Sandbox",
    "SandboxTransport",
    "get_sandbox",
]
