"""Front-desk fixtures: every test starts with a fresh lookup allowance."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.helpers import htmx_headers, visible_text

__all__ = ["htmx_headers", "visible_text"]  # older tests import them from here


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> Iterator[None]:
    """Lookup counters live in the cache, which outlives a test: start and end with it empty."""
    cache.clear()
    yield
    cache.clear()
