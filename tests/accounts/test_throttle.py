"""Sign-in throttling: too many failures per login or per address lock sign-in for a while."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from dashboard import proxies
from dashboard.accounts import throttle
from tests.helpers import FRONT_DESK, MANAGER, counted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _three_tries(settings) -> None:
    """Three failures lock sign-in for 15 minutes."""
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15


WRONG = {**FRONT_DESK, "password": "wrong"}
LOCKED = "Too many failed sign-in attempts"


def attempt(credentials: dict[str, str], address: str = "203.0.113.7", **headers: str):
    """One sign-in attempt from `address` by a fresh browser."""
    return Client(REMOTE_ADDR=address).post("/accounts/login/", credentials, headers=headers)


def auth_calls(sandbox) -> int:
    """How many sign-in requests reached Altegio."""
    return sum(call.endpoint == "auth" for call in sandbox.calls)


def test_the_third_wrong_password_locks_the_login_with_an_explanation(sandbox):
    assert attempt(WRONG, "203.0.113.1").status_code == 401
    assert attempt(WRONG, "203.0.113.2").status_code == 401
    response = attempt(WRONG, "203.0.113.3")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "paused for 15 minutes" in page
    assert "try again in 15 minutes" in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_wrong_passwords_the_lockout_and_a_locked_try_are_counted_for_the_operator(sandbox):
    def sign_ins(outcome: str) -> float:
        return counted("loyaltydesk_sign_ins_total", outcome=outcome)

    wrong, locked = sign_ins("wrong_credentials"), sign_ins("locked")
    lockouts = counted("loyaltydesk_sign_in_lockouts_total")
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        attempt(WRONG, address)
    assert counted("loyaltydesk_sign_in_lockouts_total") - lockouts == 1  # the third locked it
    assert attempt(FRONT_DESK, "198.51.100.9").status_code == 429

    assert sign_ins("wrong_credentials") - wrong == 3
    assert sign_ins("locked") - locked == 1
    assert counted("loyaltydesk_sign_in_lockouts_total") - lockouts == 1  # no second lockout


def test_a_locked_login_is_refused_even_with_the_right_password_without_asking_altegio(sandbox):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        attempt(WRONG, address)
    calls = auth_calls(sandbox)
    response = attempt(FRONT_DESK, "198.51.100.9")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert auth_calls(sandbox) == calls
    assert "sessionid" not in response.cookies


def test_the_lock_does_not_tell_whether_the_login_exists(sandbox):
    unknown = {"username": "nobody@sandbox.example", "password": "x"}
    for address in ("203.0.113.1", "203.0.113.2"):
        attempt(unknown, address)
    response = attempt(unknown, "203.0.113.3")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_a_login_typed_differently_counts_as_the_same_login(sandbox):
    attempt({**WRONG, "username": "FrontDesk@Sandbox.example"}, "203.0.113.1")
    attempt({**WRONG, "username": " frontdesk@sandbox.example "}, "203.0.113.2")
    assert attempt(WRONG, "203.0.113.3").status_code == 429


def test_one_address_trying_many_logins_is_locked_for_every_login(sandbox):
    for login in ("a@example.com", "b@example.com", "c@example.com"):
        attempt({"username": login, "password": "x"}, "203.0.113.50")
    assert attempt(MANAGER, "203.0.113.50").status_code == 429
    assert attempt(MANAGER, "203.0.113.51").status_code == 302


def test_other_people_can_still_sign_in_while_one_login_is_locked(sandbox):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        attempt(WRONG, address)
    assert attempt(MANAGER, "203.0.113.4").status_code == 302


def test_signing_in_forgets_the_logins_earlier_failures(sandbox):
    attempt(WRONG, "203.0.113.1")
    attempt(WRONG, "203.0.113.2")
    assert attempt(FRONT_DESK, "203.0.113.3").status_code == 302
    attempt(WRONG, "203.0.113.4")
    assert attempt(WRONG, "203.0.113.5").status_code == 401


def test_empty_fields_do_not_count_as_failed_attempts(sandbox):
    for _ in range(5):
        assert attempt({"username": "frontdesk@sandbox.example", "password": ""}).status_code == 200
    assert attempt(FRONT_DESK).status_code == 302


@pytest.mark.skipif(
    "locmem" not in django_settings.CACHES["default"]["BACKEND"],
    reason="moves the local-memory cache's clock; a real Redis expires keys on its own time",
)
def test_the_lock_lifts_after_the_lockout_minutes(sandbox, monkeypatch):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        attempt(WRONG, address)
    assert attempt(FRONT_DESK, "203.0.113.4").status_code == 429
    later = time.time() + 15 * 60 + 1
    # The local-memory cache and the lock both read time.time().
    monkeypatch.setattr(time, "time", lambda: later)
    assert attempt(FRONT_DESK, "203.0.113.4").status_code == 302


def test_forwarded_for_is_ignored_without_a_trusted_proxy(sandbox):
    for index in range(3):
        attempt(
            {"username": f"guess{index}@example.com", "password": "x"},
            "203.0.113.60",
            X_Forwarded_For=f"192.0.2.{index}",
        )
    # Rotating a forged header does not escape the lock on the real address.
    response = attempt(MANAGER, "203.0.113.60", X_Forwarded_For="192.0.2.200")
    assert response.status_code == 429


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_address_is_locked(sandbox):
    for index in range(3):
        attempt(
            {"username": f"guess{index}@example.com", "password": "x"},
            f"10.0.0.{index + 1}",
            X_Forwarded_For=f"192.0.2.{index}, 198.51.100.23",
        )
    # The client-chosen left part of the header changes nothing; the proxy's entry counts.
    locked = attempt(MANAGER, "10.0.0.9", X_Forwarded_For="192.0.2.99, 198.51.100.23")
    assert locked.status_code == 429
    other_person = attempt(MANAGER, "10.0.0.9", X_Forwarded_For="198.51.100.24")
    assert other_person.status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),
        ("203.0.113.7", "192.0.2.1", "203.0.113.7"),
        ("10.1.2.3", "192.0.2.1", "192.0.2.1"),
        ("10.1.2.3", "192.0.2.1, 198.51.100.2", "198.51.100.2"),
        ("10.1.2.3", "192.0.2.1, 198.51.100.2, 10.9.9.9", "198.51.100.2"),
        ("10.1.2.3", "10.2.2.2, 10.3.3.3", "10.2.2.2"),
        ("10.1.2.3", "", "10.1.2.3"),
    ],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_client_address_is_the_right_most_untrusted_hop(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert proxies.client_address(request) == expected


@pytest.mark.backends
def test_concurrent_failures_are_all_counted(settings):
    settings.LOGIN_FAILURE_LIMIT = 1000
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.77")
    scopes = throttle._scopes(request, "race@example.com")
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda _: throttle._record_failure(scopes), range(40)))
    for scope, digest in scopes:
        assert cache.get(throttle.FAILURES_KEY.format(scope=scope, digest=digest)) == 40


FRONT_DESK_PHONE = "+1 (315) 555-0175"  # the same person's phone login


def test_a_persons_email_and_phone_logins_count_as_one_once_altegio_has_named_them(sandbox):
    # Altegio's sign-in answer names both logins (data.email, data.phone): one person from now on.
    assert attempt(FRONT_DESK, "198.51.100.1").status_code == 302
    assert attempt(WRONG, "203.0.113.1").status_code == 401
    assert attempt({**WRONG, "username": FRONT_DESK_PHONE}, "203.0.113.2").status_code == 401
    third = attempt({**WRONG, "username": "+13155550175"}, "203.0.113.3")
    calls = auth_calls(sandbox)

    by_email = attempt(FRONT_DESK, "198.51.100.2")

    assert third.status_code == 429  # the limit of 3, reached with two spellings of the phone
    assert by_email.status_code == 429  # and the e-mail spelling is locked with it
    assert LOCKED in by_email.content.decode()
    assert auth_calls(sandbox) == calls


def test_before_a_first_sign_in_each_spelling_counts_on_its_own(sandbox):
    # Nothing links an e-mail to a phone until Altegio's answer has: no guessing.
    for address in ("203.0.113.1", "203.0.113.2"):
        assert attempt(WRONG, address).status_code == 401
    assert attempt({**WRONG, "username": FRONT_DESK_PHONE}, "203.0.113.3").status_code == 401
    assert attempt(FRONT_DESK, "198.51.100.3").status_code == 302
