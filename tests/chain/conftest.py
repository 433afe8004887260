"""Fixtures for the managers' chain pages: an empty cache."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache


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
