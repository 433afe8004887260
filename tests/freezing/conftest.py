"""Fixtures for freezing: a log of what went to Altegio, and page text as people read it."""

import re

import httpx

from tests.chain.conftest import upstream
from tests.helpers import HasContent, text_of

__all__ = ["form_key", "posts", "text_of", "upstream"]


def posts(requests: list[httpx.Request]) -> list[httpx.Request]:
    """The POSTs among the recorded requests (sign-in's POST /auth left out)."""
    return [r for r in requests if r.method == "POST" and not r.url.path.endswith("/auth")]


def form_key(response: HasContent) -> str:
    """The one-time key of the form in the response."""
    found = re.search(r'name="key" value="([^"]+)"', response.content.decode())
    assert found, "no one-time key in the form"
    return found.group(1)
