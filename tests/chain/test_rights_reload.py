"""Rights go stale no longer: they reload on a timer (cached pages too) and before the audit log."""

import time

import pytest
from django.test import Client

from dashboard.accounts import staff as staff_module
from loyalty.sandbox import Sandbox
from loyalty.sandbox.seed_staff import USERS
from tests.helpers import HARBOR_CHAIN, MANAGER, htmx_headers, sign_in

TYPES = f"/chains/{HARBOR_CHAIN}/membership-types/"


class RightsClock:
    """The clock rights are timed by, moved by the test."""

    def __init__(self) -> None:
        self.moment = time.time()

    def __call__(self) -> float:
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> RightsClock:
    fake = RightsClock()
    monkeypatch.setattr(staff_module, "rights_clock", fake)
    return fake


@pytest.fixture
def browser(db: None, sandbox: Sandbox, clock: RightsClock) -> Client:
    return sign_in(Client(), MANAGER)


def test_a_cached_page_is_served_while_rights_are_fresh(browser, sandbox, clock, settings):
    settings.RIGHTS_RELOAD_MINUTES = 10
    assert browser.get(TYPES).status_code == 200
    sandbox.calls.clear()
    clock.moment += 9 * 60

    response = browser.get(TYPES)

    assert response.status_code == 200
    assert sandbox.calls == []  # from the cache, on rights nine minutes old


def test_a_revoked_token_ends_the_session_at_the_next_page_once_rights_are_due(
    browser, sandbox, clock, settings
):
    settings.RIGHTS_RELOAD_MINUTES = 10
    assert browser.get(TYPES).status_code == 200  # now cached
    sandbox.revoke(login=MANAGER["username"])
    clock.moment += 10 * 60 + 1

    response = browser.get(TYPES)

    assert response.status_code == 302
    assert "expired=1" in response["Location"]
    assert browser.get("/").status_code == 302  # signed out for good


def test_a_withdrawn_right_closes_a_cached_chain_page_after_the_reload(
    browser, sandbox, clock, settings, monkeypatch
):
    settings.RIGHTS_RELOAD_MINUTES = 10
    assert browser.get(TYPES).status_code == 200
    manager = next(user for user in USERS if user.email == MANAGER["username"])
    harbor = {**manager.chain_access[HARBOR_CHAIN], "loyalty_abonement_types_access": "0"}
    monkeypatch.setitem(manager.chain_access, HARBOR_CHAIN, harbor)
    clock.moment += 11 * 60

    response = browser.get(TYPES, headers=htmx_headers("types-results"))

    assert response.status_code == 403
    assert "no rights to the membership types of this chain" in response.content.decode()


def test_the_audit_log_sees_a_withdrawn_loyalty_right_at_once(browser, sandbox, monkeypatch):
    assert browser.get("/audit/").status_code == 200
    manager = next(user for user in USERS if user.email == MANAGER["username"])
    for chain_id, access in list(manager.chain_access.items()):
        monkeypatch.setitem(manager.chain_access, chain_id, {**access, "loyalty_access": 0})

    response = browser.get("/audit/")

    assert response.status_code == 403
    assert "for managers" in response.content.decode()
