"""Catalogue fixtures: the cache starts and ends empty (catalogues are cached there)."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Cached catalogues outlive a test: start and end with an empty cache."""
    cache.clear()
    yield
    cache.clear()
