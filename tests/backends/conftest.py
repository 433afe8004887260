"""Tests against real servers: each is marked `backends`, and skipped when its server is not named.

`.ci/run` probes 127.0.0.1 and runs `pytest -m backends` again with DATABASE_URL and/or REDIS_URL
exported for whichever of PostgreSQL and Redis answers.
"""

import os
from pathlib import Path

import pytest

from tests.helpers import redis_url

HERE = Path(__file__).parent


def postgres_url() -> str:
    """The PostgreSQL server under test, or '' when DATABASE_URL names another database."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


@pytest.hookimpl(tryfirst=True)  # before `-m backends` deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark this directory's tests `backends`; skip those whose server is not named."""
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.backends)
        if item.get_closest_marker("redis") and not redis_url():
            item.add_marker(
                pytest.mark.skip(reason="REDIS_URL is not set: no Redis server to test against")
            )
        if item.get_closest_marker("postgres") and not postgres_url():
            item.add_marker(
                pytest.mark.skip(
                    reason="DATABASE_URL does not name PostgreSQL: no server to test against"
                )
            )
