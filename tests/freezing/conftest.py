"""Fixtures for freezing: a log of what went to Altegio, and page text as people read it."""

import html
import re

import httpx
import pytest
from django.http import HttpResponse

from loyalty.sandbox import Sandbox


@pytest.fixture
def upstream(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Every request the dashboard sends to the sandbox from now on, body and all."""
    seen: list[httpx.Request] = []
    answer = sandbox.handle

    async def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return await answer(request)

    monkeypatch.setattr(sandbox, "handle", recording)
    return seen


def posts(requests: list[httpx.Request]) -> list[httpx.Request]:
    """The POSTs among the recorded requests (sign-in's POST /auth left out)."""
    return [r for r in requests if r.method == "POST" and not r.url.path.endswith("/auth")]


def text_of(response: HttpResponse) -> str:
    """The response as a person reads it: tags dropped, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def form_key(response: HttpResponse) -> str:
    """The one-time key of the form in the response."""
    found = re.search(r'name="key" value="([^"]+)"', response.content.decode())
    assert found, "no one-time key in the form"
    return found.group(1)
