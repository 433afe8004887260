"""An httpx transport that answers from an in-process `Sandbox` instead of the network."""

from __future__ import annotations

import httpx

from .app import Sandbox, get_sandbox


class SandboxTransport(httpx.AsyncBaseTransport):
    """Route an `httpx.AsyncClient` to a sandbox; injected network faults raise httpx errors."""

    def __init__(self, sandbox: Sandbox | None = None) -> None:
        self.sandbox = sandbox if sandbox is not None else get_sandbox()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer the request; latency is awaited with `asyncio.sleep` inside the sandbox."""
        return await self.sandbox.handle(request)
