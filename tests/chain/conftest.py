"""Fixtures for the managers' chain pages: an empty cache, and a log of what went to Altegio."""

from collections.abc import Iterator

import httpx
import pytest
from django.core.cache import cache

from loyalty.sandbox import Sandbox
from tests.helpers import calls_to, htmx, text_of

__all__ = ["calls_to", "htmx", "text_of"]  # older tests import them from here


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
