"""Visit-history fixtures: async tests on asyncio, an empty cache, a staff member to audit."""

from collections.abc import AsyncIterator, Iterator

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.db import connections

from dashboard.accounts.models import StaffUser


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio, like the dashboard."""
    return "asyncio"


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> Iterator[None]:
    """Lookup counters live in the cache, which outlives a test: start and end with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
async def desk_user(transactional_db: None) -> AsyncIterator[StaffUser]:
    """A front-desk staff member whose lookups the audit log records."""
    user = await StaffUser.objects.acreate(username="desk", email="desk@example.com")
    yield user
    # The async ORM ran in asgiref's worker thread: close its connection before the database goes.
    await sync_to_async(connections.close_all)()
