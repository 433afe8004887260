"""Shared fixtures: the in-process sandbox, and staff signed in through the real sign-in page."""

from collections.abc import Iterator

import pytest
from django.test import Client

from loyalty.sandbox import Sandbox, get_sandbox

FRONT_DESK = {"username": "frontdesk@sandbox.example", "password": "frontdesk-demo"}
MANAGER = {"username": "manager@sandbox.example", "password": "manager-demo"}
HARBOR_STUDIO = 720441  # the front desk's only location
HARBOR_NORTH = 720442
HARBOR_CHAIN = 145071
NEVSKY_CHAIN = 706028


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """The in-process Altegio sandbox, with faults, latency and the call log reset afterwards."""
    box = get_sandbox()
    box.reset()
    yield box
    box.reset()


def sign_in(client: Client, credentials: dict[str, str]) -> Client:
    """Sign `client` in through the real sign-in page."""
    response = client.post("/accounts/login/", credentials)
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def front_desk(db: None, sandbox: Sandbox) -> Client:
    """A browser signed in as the sandbox front-desk user (one location, no chain rights)."""
    return sign_in(Client(), FRONT_DESK)


@pytest.fixture
def manager(db: None, sandbox: Sandbox) -> Client:
    """A browser signed in as the sandbox manager (all locations, loyalty rights in both chains)."""
    return sign_in(Client(), MANAGER)


# --- Sign-in throttling (issue 3) ---------------------------------------------------------------
@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, so no test inherits sign-in failures (or a lockout)."""
    from django.core.cache import cache

    cache.clear()
