"""Shared test helpers: the demo logins and places, signing in, and reading a page as a person does.

Fixtures stay in the conftest modules; plain helpers and constants live here, imported by name.
"""

import html
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Protocol

import httpx
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    # What Django's test client returns: a response with `content`, `json()`, `templates`...
    type ClientResponse = _MonkeyPatchedWSGIResponse
else:
    ClientResponse = HttpResponse

# The sandbox's demo logins and places (loyalty/sandbox/seed_demo.py).
FRONT_DESK = {"username": "frontdesk@sandbox.example", "password": "frontdesk-demo"}
MANAGER = {"username": "manager@sandbox.example", "password": "manager-demo"}
HARBOR_STUDIO = 720441  # the front desk's only location
HARBOR_NORTH = 720442
NEVSKY_CENTRAL = 830001
HARBOR_CHAIN = 145071
NEVSKY_CHAIN = 706028
JAMES_PHONE = "+1 315 555 0178"  # James Smith at Harbor Studio, the brief's example client

# Markup a person never reads as text: scripts, styles and the options of a <datalist>.
_UNSEEN = re.compile(r"<(script|style|datalist)\b.*?</\1>", flags=re.S)


class HasContent(Protocol):
    """A response with its whole body at hand (Django's test client answers, HttpResponse)."""

    @property
    def content(self) -> bytes: ...


def sign_in(client: Client, credentials: dict[str, str]) -> Client:
    """Sign `client` in through the real sign-in page."""
    response = client.post("/accounts/login/", credentials)
    assert response.status_code == 302, response.content[:500]
    return client


def readable(markup: str) -> str:
    """HTML as a person reads it: unseen parts and tags dropped, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _UNSEEN.sub(" ", markup)))
    return re.sub(r"\s+", " ", text).strip()


def visible_text(response: HasContent) -> str:
    """The response's text as a person reads it."""
    return readable(response.content.decode())


text_of = visible_text  # the name the chain and catalogue tests use


async def streamed(response: object) -> bytes:
    """The whole body of a streamed response, whether it streams synchronously or not."""
    assert isinstance(response, StreamingHttpResponse), "the response is not streamed"
    stream = response.streaming_content
    if isinstance(stream, AsyncIterator):
        return b"".join([chunk async for chunk in stream])
    return b"".join(stream)


def first_match(pattern: str, text: str, group: int = 0, flags: int = 0) -> str:
    """The part of `text` that `pattern` matches (its `group`); the test fails when nothing does."""
    match = re.search(pattern, text, flags)
    assert match, f"{pattern!r} not found in {text[:300]!r}"
    return match.group(group)


def htmx_headers(target: str, current_url: str = "") -> dict[str, str]:
    """The headers htmx 2 sends for a request that swaps `#target` (from `current_url`)."""
    headers = {"HX-Request": "true", "HX-Target": target}
    if current_url:
        headers["HX-Current-URL"] = f"http://testserver{current_url}"
    return headers


def htmx(target: str) -> dict[str, str]:
    """The headers htmx 2 sends for a request that swaps `#target`."""
    return htmx_headers(target)


def calls_to(requests: list[httpx.Request], suffix: str) -> list[httpx.Request]:
    """The recorded requests whose path ends with `suffix`."""
    return [request for request in requests if request.url.path.endswith(suffix)]
