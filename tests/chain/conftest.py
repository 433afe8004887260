"""Fixtures for the managers' chain pages: an empty cache, and a log of what went to Altegio."""

import html
import re
from collections.abc import Iterator

import httpx
import pytest
from django.core.cache import cache
from django.http import HttpResponse

from loyalty.sandbox import Sandbox


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Summaries and catalogues live in the cache, which outlives a test: start and end empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio, like the dashboard."""
    return "asyncio"


@pytest.fixture
def upstream(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Every request the dashboard sends to the sandbox from now on, query string and all."""
    seen: list[httpx.Request] = []
    answer = sandbox.handle

    async def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return await answer(request)

    monkeypatch.setattr(sandbox, "handle", recording)
    return seen


def calls_to(requests: list[httpx.Request], suffix: str) -> list[httpx.Request]:
    """The recorded requests whose path ends with `suffix`."""
    return [request for request in requests if request.url.path.endswith(suffix)]


def htmx(target: str) -> dict[str, str]:
    """The headers htmx 2 sends for a request that swaps `#target`."""
    return {"HX-Request": "true", "HX-Target": target}


def text_of(response: HttpResponse) -> str:
    """The response as a person reads it: tags dropped, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()
