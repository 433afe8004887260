"""The partner token and the staff member's user token never leave the server in the clear.

With unique marker tokens, sign in, open every page and every htmx partial those pages ask
for, then look for the tokens in every response body, header and cookie, every captured log
record, and every column of every database table (session data decoded).
"""

import logging
import re
import uuid
from collections.abc import Iterator
from html import unescape
from urllib.parse import urlsplit

import pytest
from asgiref.sync import async_to_sync
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client

from loyalty.sandbox import Sandbox
from tests.accounts.routes import all_routes
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    JAMES,
    MANAGER,
    ClientResponse,
    htmx_headers,
    sign_in,
    streamed,
)

JAMES_ID = 146915197
MEMBERSHIP_TYPE = 97801
GIFT_CARD_TYPE = 27840
ROUTE_VALUES = {
    "location_id": HARBOR_STUDIO,
    "chain_id": HARBOR_CHAIN,
    "client_id": JAMES_ID,
    "type_id": MEMBERSHIP_TYPE,
}
# Query strings that make each page do its real work rather than show an empty form.
QUERIES = {
    "loyalty:event_check": "?event_id=12345&schedule_day_ids=1,2,3",
    "loyalty:chain_memberships": "?created_after=2020-01-01&created_before=2030-12-31",
    "loyalty:chain_memberships_export": "?created_after=2020-01-01&created_before=2030-12-31",
    "loyalty:chain_memberships_summary": "?created_after=2020-01-01&created_before=2030-12-31",
    "loyalty:location_membership_types": "?title=yoga",
    "loyalty:audit": "?phone=%2B1+315+555+0178",
}
# Visited on purpose at the end (they end the session) or not pages at all.
SKIPPED = {"accounts:logout", "sandbox:end_token"}
HX_ATTRIBUTE = re.compile(r"<[^>]*\bhx-(?:get|post)=\"[^\"]*\"[^>]*>")


class Visits:
    """Every response the walk got, to be searched afterwards."""

    def __init__(self, browser: Client) -> None:
        self.browser = browser
        self.responses: list[tuple[str, ClientResponse, bytes]] = []

    def get(self, url: str, **headers: str) -> ClientResponse:
        response = self.browser.get(url, headers=headers)
        self.responses.append((f"GET {url} {headers}", response, body_of(response)))
        return response

    def post(self, url: str, data: dict[str, str], **headers: str) -> ClientResponse:
        response = self.browser.post(url, data, headers=headers)
        self.responses.append((f"POST {url} {headers}", response, body_of(response)))
        return response

    def page_and_partials(self, url: str) -> None:
        """The full page, then each htmx request its markup can make, as htmx makes it."""
        page = self.get(url)
        if "text/html" not in page.get("Content-Type", ""):
            return
        for tag in HX_ATTRIBUTE.findall(self.responses[-1][2].decode()):
            self.partial(url, tag)

    def partial(self, page_url: str, tag: str) -> None:
        target = re.search(r'hx-target="#([\w-]+)"', tag)
        headers = htmx_headers(target.group(1) if target else "", page_url)
        if get := re.search(r'hx-get="([^"]*)"', tag):
            href = unescape(get.group(1)) or page_url
            if href.startswith("?"):
                href = urlsplit(page_url).path + href
            if href.startswith("/"):
                self.get(href, **headers)
        elif post := re.search(r'hx-post="([^"]*)"', tag):
            self.post(unescape(post.group(1)) or page_url, {"phone": JAMES}, **headers)


def body_of(response: ClientResponse) -> bytes:
    """The whole body, streamed (the CSV export streams asynchronously) or not."""
    if not isinstance(response, StreamingHttpResponse):
        content: bytes = response.content
        return content
    return async_to_sync(streamed)(response)


def where_found(marker: str, visits: Visits) -> Iterator[str]:
    """Every place in the responses where `marker` shows."""
    for label, response, body in visits.responses:
        if marker.encode() in body:
            yield f"body of {label}"
        if marker in str(response.headers):
            yield f"headers of {label}"
        if marker in response.cookies.output():
            yield f"cookies of {label}"
    if marker in visits.browser.cookies.output():
        yield "the browser's cookie jar"


def database_rows() -> Iterator[tuple[str, object]]:
    """(table, value) for every value of every column of every table, session data decoded."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    yield f"{table}.{column}", value
                    if table == "django_session" and column == "session_data":
                        yield f"{table}.{column} (decoded)", str(SessionStore().decode(value))


def in_value(marker: str, value: object) -> bool:
    """Whether the marker is in a column value, text or bytes."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return marker.encode() in value
    return marker in str(value)


@pytest.fixture
def partner_marker(settings, sandbox: Sandbox) -> Iterator[str]:
    """A unique partner token, known to the dashboard and the sandbox alike."""
    marker = f"partner-marker-{uuid.uuid4().hex}"
    settings.ALTEGIO_PARTNER_TOKEN = marker
    original, sandbox.partner_token = sandbox.partner_token, marker
    yield marker
    sandbox.partner_token = original


@pytest.mark.django_db
def test_no_token_leaves_the_server_in_the_clear(partner_marker, sandbox, caplog):
    for name in ("", "django", "httpx", "httpcore", "loyalty", "dashboard"):
        caplog.set_level(logging.DEBUG, logger=name)
    issued_before = set(sandbox._tokens)  # the sandbox's own record of the tokens it issued
    browser = sign_in(Client(), MANAGER)
    (user_token,) = set(sandbox._tokens) - issued_before
    visits = Visits(browser)

    visits.get("/accounts/login/")
    visits.get("/")
    visits.post(f"/locations/{HARBOR_STUDIO}/clients/", {"phone": JAMES})
    visits.post(
        f"/locations/{HARBOR_STUDIO}/clients/",
        {"phone": JAMES},
        **htmx_headers(page=f"/locations/{HARBOR_STUDIO}/clients/"),
    )
    for route in all_routes():
        if route.name in SKIPPED:
            continue
        url = route.url(ROUTE_VALUES) + QUERIES.get(route.name, "")
        if route.name.startswith("accounts:"):
            visits.post(url, {"location_id": str(HARBOR_STUDIO), "next": "/audit/"})
        else:
            visits.page_and_partials(url)
    visits.get(f"/chains/{HARBOR_CHAIN}/gift-card-types/{GIFT_CARD_TYPE}/")
    visits.get("/chains/999999/memberships/")  # the 403 page
    # A revoked token, and signing out, end the walk.
    sandbox.revoke(user_token=user_token)
    visits.post("/accounts/refresh/", {"next": "/audit/"})
    sign_in(browser, MANAGER)
    visits.post("/accounts/logout/", {})

    assert len(visits.responses) > 25
    assert all(response.status_code < 500 for _, response, _ in visits.responses), [
        (label, response.status_code) for label, response, _ in visits.responses
    ]
    for marker in (partner_marker, user_token):
        assert list(where_found(marker, visits)) == []
        logged = [
            record.name
            for record in caplog.records
            if marker in record.getMessage() or marker in str(record.__dict__)
        ]
        assert logged == []
        assert marker not in caplog.text
        stored = [column for column, value in database_rows() if in_value(marker, value)]
        assert stored == []
