"""Front-desk fixtures: every test starts with a fresh lookup allowance."""

import html
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.http import HttpResponse


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> Iterator[None]:
    """Lookup counters live in the cache, which outlives a test: start and end with it empty."""
    cache.clear()
    yield
    cache.clear()


def visible_text(response: HttpResponse) -> str:
    """The response's text as a person reads it: tags dropped, whitespace collapsed."""
    text = re.sub(r"<(script|datalist)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text).strip()


def htmx_headers(target: str, current_url: str = "") -> dict[str, str]:
    """The headers htmx 2 sends for a request that swaps `#target`."""
    headers = {"HX-Request": "true", "HX-Target": target}
    if current_url:
        headers["HX-Current-URL"] = f"http://testserver{current_url}"
    return headers
