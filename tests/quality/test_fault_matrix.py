"""Every page and partial × every upstream fault: a clear message in place, never a 500 or a leak.

Faults come from the in-process sandbox (`sandbox.inject("*", ...)`), so every Altegio call a
page makes fails the same way. For each page, as a full page and as the htmx partial its own
markup asks for, the person sees what went wrong in words, in the region they were looking at,
with a retry when one can help; the status is never a 500; no traceback or exception class
name reaches the body; and neither the partner token nor the staff member's user token shows
up in any log record, captured at DEBUG.

GET retries are real but immediate here: the client's retry policy keeps its three attempts and
drops the backoff, and its budget is short enough that a long Retry-After ends the attempts at
once (as it would in production when the wait would outlast the budget).
"""

import csv
import io
import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import connections
from django.test import AsyncClient, Client

from dashboard.accounts.tokens import load_token
from loyalty.altegio import http as altegio_http
from loyalty.altegio.http import RetryPolicy
from loyalty.sandbox import Sandbox
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    JAMES,
    MANAGER,
    ClientResponse,
    htmx_headers,
    sign_in,
)
from tests.helpers import readable as visible_text

JAMES_ID = 146915197
MEMBERSHIP_TYPE = 97801
GIFT_CARD_TYPE = 27840
LOCATION = f"/locations/{HARBOR_STUDIO}"
CHAIN = f"/chains/{HARBOR_CHAIN}"
EXPORT = f"{CHAIN}/memberships/export.csv"

# What a person must never see: a traceback, or the name of the exception behind the message.
LEAKS = re.compile(
    r"Traceback|File \"|\bAltegio(?:Error|Unavailable|Timeout|RateLimited|AuthError|Forbidden"
    r"|NotFound|Invalid|BadResponse)\b|ValidationError|ReadTimeout|ConnectError|httpx|"
    r"Sandbox: injected"
)
UNAVAILABLE = r"Altegio is not answering"
# Sign-in shows the client's own words, which name the kind of silence.
UNAVAILABLE_AT_SIGN_IN = r"Altegio is not answering|Altegio did not answer in time|Could not reach"


@dataclass(frozen=True)
class Fault:
    """One way Altegio can fail, and what the person should read when it does."""

    name: str
    inject: dict[str, Any]
    # unavailable | busy | session | rights | missing | refused | unreadable | lenient
    outcome: str

    def __str__(self) -> str:
        return self.name


FAULTS = [
    Fault("timeout", {"kind": "timeout"}, "unavailable"),
    Fault("connection refused", {"kind": "connect"}, "unavailable"),
    Fault("500", {"status": 500}, "unavailable"),
    Fault("502", {"status": 502}, "unavailable"),
    Fault("503", {"status": 503}, "unavailable"),
    Fault("429 with Retry-After", {"status": 429, "retry_after": 30}, "busy"),
    Fault("429 without Retry-After", {"status": 429}, "busy"),
    Fault("401", {"status": 401}, "session"),
    Fault("403", {"status": 403}, "rights"),
    Fault("404", {"status": 404}, "missing"),
    Fault("200 with success false", {"kind": "success_false"}, "refused"),
    Fault("non-JSON body", {"kind": "malformed"}, "unreadable"),
    Fault("HTML error page", {"kind": "html"}, "unavailable"),
    # The parsers are lenient by design: a record missing a field, or with a string where an
    # object belongs, is shown with what is there; only an answer that cannot be a record fails.
    Fault("missing fields", {"kind": "missing_fields"}, "lenient"),
    Fault("wrong types", {"kind": "wrong_types"}, "lenient"),
]
FAILING = [fault for fault in FAULTS if fault.outcome != "lenient"]


@dataclass(frozen=True)
class Screen:
    """A page that asks Altegio something, and the htmx region that shows the answer."""

    name: str
    url: str
    region: str
    missing: str  # what this page says when Altegio answers 404
    form: dict[str, str] = field(default_factory=dict)  # a POST when given

    def __str__(self) -> str:
        return self.name


SCREENS = [
    Screen(
        "lookup search",
        f"{LOCATION}/clients/",
        "results",
        "Altegio could not find it",
        form={"phone": JAMES},
    ),
    Screen(
        "event check",
        f"{LOCATION}/clients/{JAMES_ID}/event-check/?event_id=12345&schedule_day_ids=1,2,3",
        f"event-check-{JAMES_ID}",
        "Altegio found no event 12345 for this client",
    ),
    Screen("my cards", f"{LOCATION}/me/", "my-cards", "Altegio could not find it"),
    Screen(
        "location membership types search",
        f"{LOCATION}/membership-types/?title=yoga",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "location membership types by ids",
        f"{LOCATION}/membership-types/?ids={MEMBERSHIP_TYPE},97802",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "location gift-card types search",
        f"{LOCATION}/gift-card-types/?title=card",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "location gift-card types by ids",
        f"{LOCATION}/gift-card-types/?ids={GIFT_CARD_TYPE}",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "chain memberships",
        f"{CHAIN}/memberships/?created_after=2020-01-01&count=50",
        "memberships-results",
        "Altegio could not find it",
    ),
    Screen(
        "chain summary poll",
        f"{CHAIN}/memberships/summary/?created_after=2020-01-01",
        "summary",
        "Altegio could not find it",
    ),
    Screen(
        "chain membership types",
        f"{CHAIN}/membership-types/?title=yoga",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "chain archived membership types",
        f"{CHAIN}/membership-types/?archived=on",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "chain membership type",
        f"{CHAIN}/membership-types/{MEMBERSHIP_TYPE}/",
        "type-detail",
        "This membership type is not in the chain's catalogue.",
    ),
    Screen(
        "chain gift-card types",
        f"{CHAIN}/gift-card-types/",
        "types-results",
        "Altegio could not find it",
    ),
    Screen(
        "chain gift-card type",
        f"{CHAIN}/gift-card-types/{GIFT_CARD_TYPE}/?refresh=1",
        "type-detail",
        "This gift-card type is not in the chain's catalogue.",
    ),
]


# --- Fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """Three attempts with no backoff; a Retry-After longer than the budget stops them at once."""

    def policy(**_: Any) -> RetryPolicy:
        return RetryPolicy(attempts=3, backoff=0.0, max_backoff=0.0, budget=1.0)

    # AltegioClient builds its policy from this module's name, once per event loop.
    monkeypatch.setattr(altegio_http, "RetryPolicy", policy)
    settings.LOOKUPS_PER_MINUTE = 0  # hundreds of lookups here; the limit has its own tests


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record at DEBUG, including the loggers settings quiet down in production."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "django", "django.request", "loyalty", "dashboard"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def anyio_backend() -> str:
    """The CSV export streams on asyncio, as under uvicorn."""
    return "asyncio"


def user_token(browser: Client) -> str:
    """The Altegio user token the sandbox issued to this browser's session."""
    token = async_to_sync(load_token)(browser.session.session_key)
    assert token, "the browser is not signed in"
    return token


def secrets_in_logs(caplog: pytest.LogCaptureFixture, *secrets: str) -> list[str]:
    """Log lines (message, arguments or formatted traceback) that carry any of `secrets`."""
    found = []
    for record in caplog.records:
        rendered = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        if any(secret and secret in rendered for secret in secrets):
            found.append(rendered)
    found += [line for line in caplog.text.splitlines() if any(s and s in line for s in secrets)]
    return found


def open_screen(browser: Client, screen: Screen, *, htmx: bool) -> ClientResponse:
    """Ask for the page, or for its region the way htmx asks, from the page it sits on."""
    headers = htmx_headers(screen.region, screen.url) if htmx else {}
    if screen.form:
        return browser.post(screen.url, screen.form, headers=headers)
    return browser.get(screen.url, headers=headers)


def assert_clear_message(fault: Fault, text: str, *, missing: str = "") -> None:
    """The words the person reads for `fault`, and a retry only when asking again can help."""
    expected = {
        "unavailable": UNAVAILABLE,
        "busy": r"Altegio is busy",
        "rights": r"no rights",
        "missing": re.escape(missing),
        "refused": r"Altegio refused",
        "unreadable": r"Altegio sent an answer we could not read",
    }[fault.outcome]
    assert re.search(expected, text), text[-600:]
    if fault.outcome == "busy":
        assert "not answering" not in text  # a 429 is an answer: "busy", not silence
    if fault.outcome in ("rights", "missing"):
        assert "Try again" not in text
    else:
        assert "Try again" in text


# --- Pages and partials -------------------------------------------------------------------------


@pytest.mark.parametrize("screen", SCREENS, ids=str)
@pytest.mark.parametrize(
    "fault", [fault for fault in FAULTS if fault.outcome != "session"], ids=str
)
def test_every_page_and_partial_says_what_went_wrong_in_place_and_never_fails(
    manager: Client,
    sandbox: Sandbox,
    logs: pytest.LogCaptureFixture,
    fault: Fault,
    screen: Screen,
) -> None:
    token = user_token(manager)
    sandbox.inject("*", **fault.inject)

    for htmx in (True, False):
        response = open_screen(manager, screen, htmx=htmx)
        body = response.content.decode()
        text = visible_text(body)

        assert response.status_code != 500
        assert not LEAKS.search(body), LEAKS.search(body)
        if htmx:
            # htmx swaps only 2xx answers, and only the region it asked for.
            assert response.status_code == 200
            assert re.match(rf'\s*<\w+[^>]*\bid="{screen.region}"', body), body[:300]
        if fault.outcome == "lenient":
            # Shown with what is there; if nothing usable came, that is said in the region.
            assert "altegio-error" not in body or "could not read" in text
            assert response.status_code in (200, 502, 503)
            continue
        assert "altegio-error" in body  # the message sits in the region's error box
        assert_clear_message(fault, text, missing=screen.missing)
        if not htmx:
            assert response.status_code in (403, 404, 502, 503)
    assert not secrets_in_logs(logs, token, settings.ALTEGIO_PARTNER_TOKEN)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
@pytest.mark.parametrize("screen", SCREENS, ids=str)
def test_an_ended_altegio_session_sends_every_page_to_sign_in(
    manager: Client, sandbox: Sandbox, logs: pytest.LogCaptureFixture, screen: Screen, htmx: bool
) -> None:
    token = user_token(manager)
    sandbox.inject("*", status=401)

    response = open_screen(manager, screen, htmx=htmx)

    # The whole page goes to sign-in (htmx is told to leave the page), saying why.
    assert response.status_code == (200 if htmx else 302)
    target = response["HX-Redirect"] if htmx else response["Location"]
    assert target.startswith("/accounts/login/?")
    assert "expired=1" in target
    assert manager.get(f"{LOCATION}/me/").status_code == 302  # signed out here too
    assert not secrets_in_logs(logs, token, settings.ALTEGIO_PARTNER_TOKEN)


@pytest.mark.parametrize("url", [f"{LOCATION}/clients/"], ids=["lookup"])
@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_pages_that_need_no_altegio_call_open_whatever_altegio_does(
    manager: Client, sandbox: Sandbox, fault: Fault, url: str
) -> None:
    sandbox.inject("*", **fault.inject)
    sandbox.calls.clear()

    response = manager.get(url)

    assert response.status_code == 200
    assert "altegio-error" not in response.content.decode()
    assert sandbox.calls == []


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_the_audit_log_reloads_rights_first_and_never_fails_silently(
    manager: Client, sandbox: Sandbox, fault: Fault
) -> None:
    # The audit log always reloads the person's rights (issue 9): Altegio's failure shows.
    sandbox.inject("*", **fault.inject)
    sandbox.calls.clear()

    response = manager.get("/audit/")

    assert response.status_code != 500
    assert {call.endpoint for call in sandbox.calls} <= {"locations", "chains"}
    if fault.outcome == "session":
        assert response.status_code == 302
        assert "expired=1" in response["Location"]
    elif fault.outcome == "lenient":
        assert response.status_code in (200, 403)
    else:
        assert response.status_code == 503
        assert 'id="audit-results"' not in response.content.decode()  # no log on stale rights


# --- Signing in and loading rights --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_sign_in_explains_an_altegio_failure_and_keeps_the_form(
    sandbox: Sandbox, logs: pytest.LogCaptureFixture, fault: Fault
) -> None:
    sandbox.inject("auth", **fault.inject)

    response = Client().post("/accounts/login/", MANAGER)
    body = response.content.decode()
    text = visible_text(body)

    assert response.status_code != 500
    assert not LEAKS.search(body)
    assert not secrets_in_logs(logs, MANAGER["password"], settings.ALTEGIO_PARTNER_TOKEN)
    assert 'name="password"' in body  # still on the sign-in form
    assert 'value="manager-demo"' not in body  # the password is never echoed back
    expected = {
        "unavailable": UNAVAILABLE_AT_SIGN_IN,
        "busy": "Altegio is busy",
        # Altegio answers 401 (and 404 for an unknown login) to wrong credentials.
        "session": "That login and password do not match an Altegio account.",
        "missing": "That login and password do not match an Altegio account.",
        "rights": "Could not sign in: Your Altegio account has no rights",
        # A 2xx with `success: false` on /auth is how real Altegio may refuse a login (issue 9).
        "refused": "That login and password do not match an Altegio account.",
        # Without its user token the answer is no sign-in at all.
        "unreadable": "Could not sign in: Altegio sent an answer we could not read.",
        "lenient": "Could not sign in: Altegio sent an answer we could not read.",
    }[fault.outcome]
    assert re.search(expected, text), text


@pytest.mark.parametrize("how", ["first page", "refresh rights"])
@pytest.mark.parametrize("endpoint", ["locations", "chains"])
@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_loading_the_persons_rights_explains_an_altegio_failure(
    db: None,
    sandbox: Sandbox,
    logs: pytest.LogCaptureFixture,
    fault: Fault,
    endpoint: str,
    how: str,
) -> None:
    browser = Client()
    if how == "first page":
        sandbox.inject(endpoint, **fault.inject)
        sign_in(browser, MANAGER)  # signs in; the rights load again on the next page
        token = user_token(browser)
        response = browser.get("/", follow=True)
    else:
        sign_in(browser, MANAGER)
        token = user_token(browser)
        sandbox.inject(endpoint, **fault.inject)
        response = browser.post(
            "/accounts/refresh/", {"next": f"{CHAIN}/memberships/"}, follow=True
        )
    body = response.content.decode()
    text = visible_text(body)

    assert response.status_code != 500
    assert not LEAKS.search(body)
    assert not secrets_in_logs(logs, token, settings.ALTEGIO_PARTNER_TOKEN)
    if fault.outcome == "session":
        assert "Your Altegio session has ended, please sign in again." in text
        return
    if fault.outcome == "lenient":
        # Rights read from what is there: a chain without its loyalty flag is a 403, not a 500.
        assert response.status_code in (200, 403)
        assert "Sign out" in text
        return
    assert response.status_code == 503
    expected = {
        "unavailable": UNAVAILABLE_AT_SIGN_IN,
        "busy": "Altegio is busy",
        "rights": "Your Altegio account has no rights",
        "missing": "Altegio could not find it",
        "refused": "Altegio refused",
        "unreadable": "Altegio sent an answer we could not read",
    }[fault.outcome]
    assert re.search(expected, text), text


# --- The CSV export -----------------------------------------------------------------------------


@pytest.fixture
async def async_manager(sandbox: Sandbox) -> AsyncIterator[AsyncClient]:
    """The manager in an async browser, so the export streams on one loop as under uvicorn."""
    browser = AsyncClient()
    response = await browser.post("/accounts/login/", MANAGER)
    assert response.status_code == 302
    yield browser
    # The async ORM ran in asgiref's worker thread: close it before the test database goes.
    await sync_to_async(connections.close_all)()


async def csv_rows(response: Any) -> list[list[str]]:
    """The streamed CSV, read to the end."""
    body = b"".join([chunk async for chunk in response.streaming_content])
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def cells(rows: list[list[str]]) -> Iterator[str]:
    """Every cell of the file."""
    for row in rows:
        yield from row


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", FAULTS, ids=str)
async def test_an_export_altegio_fails_before_the_first_row_is_a_page_not_a_file(
    async_manager: AsyncClient, sandbox: Sandbox, logs: pytest.LogCaptureFixture, fault: Fault
) -> None:
    sandbox.inject("*", **fault.inject)

    response = await async_manager.get(EXPORT, {"created_after": "2026-01-01"})

    assert response.status_code != 500
    if fault.outcome == "session":
        assert response.status_code == 302
        assert "expired=1" in response["Location"]
        return
    if fault.outcome == "lenient":
        rows = await csv_rows(response)  # the file, with what Altegio sent
        assert rows[0][0] == "Number"
        assert not any(LEAKS.search(cell) for cell in cells(rows))
        return
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert not LEAKS.search(body)
    assert_clear_message(fault, visible_text(body), missing="Altegio could not find it")
    assert settings.ALTEGIO_PARTNER_TOKEN not in logs.text


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", FAILING, ids=str)
async def test_an_export_altegio_fails_in_mid_stream_ends_with_a_clear_last_line(
    async_manager: AsyncClient, sandbox: Sandbox, logs: pytest.LogCaptureFixture, fault: Fault
) -> None:
    response = await async_manager.get(EXPORT)  # the first page is already in hand
    sandbox.inject("*", **fault.inject)

    rows = await csv_rows(response)

    assert response.status_code == 200
    assert rows[0][0] == "Number"
    assert len(rows) == 1 + 100 + 1  # the header, the first page, and the last word
    last = rows[-1][0]
    assert last.startswith("EXPORT INCOMPLETE: Altegio stopped answering after 100 memberships")
    assert last.endswith("Please export again.")
    assert not any(LEAKS.search(cell) for cell in cells(rows))
    assert settings.ALTEGIO_PARTNER_TOKEN not in logs.text
