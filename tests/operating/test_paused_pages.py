"""When Redis does not answer, each page says so in its own place: no 500, no bounce to sign-in."""

import pytest
from django.test import Client

from loyalty.altegio import SharedStoreUnavailable
from loyalty.models import AuditEntry
from tests.helpers import FRONT_DESK, JAMES, search, visible_text

pytestmark = pytest.mark.django_db

PAUSED = (
    "The dashboard cannot reach its shared store, so lookups are paused to protect Altegio's "
    "request limit. Please try again in a moment."
)


@pytest.fixture
def redis_down(monkeypatch) -> None:
    """The lookup quota and the sign-in lockout find Redis down (as redis_store raises it)."""

    async def unavailable(*args, **kwargs):
        raise SharedStoreUnavailable()

    monkeypatch.setattr("loyalty.services.lookup.log.take_lookup", unavailable)
    monkeypatch.setattr("dashboard.accounts.throttle.person_key", unavailable)


def test_a_lookup_says_lookups_are_paused_inside_its_region(
    front_desk: Client, sandbox, redis_down
):
    calls = len(sandbox.calls)

    response = search(front_desk, JAMES)

    assert response.status_code == 200  # htmx swaps it into the results region
    assert "HX-Redirect" not in response
    text = visible_text(response)
    assert PAUSED in text
    assert "Try again" in text
    assert len(sandbox.calls) == calls  # nothing went to Altegio


def test_a_paused_lookup_is_in_the_audit_log(front_desk: Client, redis_down):
    search(front_desk, JAMES)

    entry = AuditEntry.objects.get()
    assert entry.outcome == "paused: shared store not answering"
    assert entry.phone_masked  # whose phone, masked, as for every lookup


def test_without_javascript_the_page_says_so_with_a_503(front_desk: Client, redis_down):
    response = search(front_desk, JAMES, htmx=False)

    assert response.status_code == 503
    assert PAUSED in visible_text(response)


def test_sign_in_says_it_is_paused_and_asks_altegio_nothing(sandbox, redis_down):
    response = Client().post("/accounts/login/", FRONT_DESK)

    assert response.status_code == 503
    assert "sign-in is paused to protect Altegio's request limit" in visible_text(response)
    assert sandbox.calls == []
    assert "sessionid" not in response.cookies


def test_the_sign_in_page_says_it_in_russian_too(sandbox, redis_down):
    response = Client().post("/accounts/login/", FRONT_DESK, HTTP_ACCEPT_LANGUAGE="ru")

    assert "вход приостановлен" in visible_text(response)
