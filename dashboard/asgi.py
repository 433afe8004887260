"""ASGI entry point, with a lifespan handler that closes Altegio connections at shutdown."""

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
django_application = get_asgi_application()

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    """Django for HTTP; lifespan events (which Django does not handle) close the Altegio client."""
    if scope["type"] != "lifespan":
        await django_application(scope, receive, send)
        return
    from loyalty.altegio import aclose_client

    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await aclose_client()
            await send({"type": "lifespan.shutdown.complete"})
            return
