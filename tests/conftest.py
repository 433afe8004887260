"""Shared fixtures: the in-process sandbox, and staff signed in through the real sign-in page.

Constants and helpers live in tests/helpers.py, imported from there by name.
"""

from collections.abc import Iterator

import httpx
import pytest
from django.test import Client

from loyalty.sandbox import Sandbox, get_sandbox
from tests.helpers import FRONT_DESK, MANAGER, sign_in


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """The in-process Altegio sandbox, with faults, latency and the call log reset afterwards."""
    box = get_sandbox()
    box.reset()
    yield box
    box.reset()


@pytest.fixture
def front_desk(db: None, sandbox: Sandbox) -> Client:
    """A browser signed in as the sandbox front-desk user (one location, no chain rights)."""
    return sign_in(Client(), FRONT_DESK)


@pytest.fixture
def manager(db: None, sandbox: Sandbox) -> Client:
    """A browser signed in as the sandbox manager (all locations, loyalty rights in both chains)."""
    return sign_in(Client(), MANAGER)


@pytest.fixture
def process_budget(settings) -> None:
    """The process's own request limiter, even where REDIS_URL is set (Redis's: tests/backends)."""
    settings.REDIS_URL = ""


# --- Sign-in throttling (issue 3) ---------------------------------------------------------------
@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, so no test inherits sign-in failures (or a lockout)."""
    from django.core.cache import cache

    from loyalty.services.quota import local_window

    cache.clear()
    local_window.forget()  # the lookup quota's log, without Redis


# --- Languages (issue 12) -----------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in English: a Russian request never leaks into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


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
