"""Catalogue fixtures: the cache starts and ends empty (catalogues are cached there)."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.chain.conftest import upstream  # noqa: F401  (the log of calls to Altegio)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Cached catalogues outlive a test: start and end with an empty cache."""
    cache.clear()
    yield
    cache.clear()
