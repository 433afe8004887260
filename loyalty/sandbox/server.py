"""The sandbox as a standalone HTTP server: a tiny ASGI adapter served by uvicorn."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

from .app import Sandbox

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# How long an injected timeout holds the connection when the client never gives up.
TIMEOUT_HOLD_SECONDS = 60.0


class SandboxASGI:
    """An ASGI application that hands every HTTP request to a `Sandbox`."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = httpx.Request(
            scope["method"],
            httpx.URL(
                scheme=scope.get("scheme", "http"),
                host=(scope.get("server") or ("127.0.0.1", 80))[0],
                port=(scope.get("server") or ("127.0.0.1", 80))[1],
                path=scope["path"],
                query=scope.get("query_string", b""),
            ),
            headers=[(name, value) for name, value in scope["headers"]],
            content=body,
        )
        try:
            response = await self.sandbox.handle(request)
        except httpx.TimeoutException:
            await self._hold(receive, send)
            return
        except httpx.TransportError:
            await self._drop(send)
            return
        headers = [
            (name.lower(), value)
            for name, value in response.headers.raw
            if name.lower() not in (b"content-length", b"transfer-encoding")
        ]
        headers.append((b"content-length", str(len(response.content)).encode()))
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": headers}
        )
        await send({"type": "http.response.body", "body": response.content})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Build the seeded data at startup so the first request is not slow."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                _ = self.sandbox.data
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _hold(self, receive: Receive, send: Send) -> None:
        """An injected timeout: say nothing until the client hangs up (or a long while)."""
        try:
            async with asyncio.timeout(TIMEOUT_HOLD_SECONDS):
                while (await receive())["type"] != "http.disconnect":
                    pass
        except TimeoutError:
            await self._error_504(send)

    @staticmethod
    async def _error_504(send: Send) -> None:
        """Give up holding the connection after all."""
        await send(
            {
                "type": "http.response.start",
                "status": 504,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"7")],
            }
        )
        await send({"type": "http.response.body", "body": b"timeout"})

    @staticmethod
    async def _drop(send: Send) -> None:
        """An injected network failure: promise a body, send part of it, hang up."""
        # ASGI cannot refuse a connection. Returning mid-body makes uvicorn close the socket, so
        # the client sees a transport error (httpx.RemoteProtocolError) instead of an answer.
        start = {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
        }
        await send(start)
        await send({"type": "http.response.body", "body": b'{"success": tr', "more_body": True})


def serve(
    host: str = "127.0.0.1", port: int = 8100, latency_ms: int = 0, log_level: str = "warning"
) -> None:
    """Run the standalone sandbox until interrupted."""
    import uvicorn

    app = SandboxASGI(Sandbox(latency_ms=latency_ms))
    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, lifespan="on", access_log=False
    )
    uvicorn.Server(config).run()
