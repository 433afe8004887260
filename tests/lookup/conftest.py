"""Front-desk fixtures: every test starts with a fresh lookup allowance."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> Iterator[None]:
    """Lookup counters live in the cache, which outlives a test: start and end with it empty."""
    cache.clear()
    yield
    cache.clear()
