"""Real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) via Playwright.

Fixtures: `browser` (one Chromium per session), `page` (a fresh context on the live server),
`live_url`; helpers `sign_in_as`, `screenshot` and `axe_violations`.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# Module scope: Playwright's sync API runs an event loop in this thread while it is open, which
# would break every later test that calls asyncio.run(); closing it per module ends that loop.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    # While Playwright's sync API is open it keeps an event loop in this thread, and Django would
    # refuse the ORM calls the live-server fixtures make between tests. Allowed only meanwhile, so
    # every other test still catches sync ORM use in async code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def live_url(live_server: Any) -> str:
    """The base URL of the dashboard served for this test."""
    return str(live_server.url)


@pytest.fixture
def page(browser: Browser, live_url: str, sandbox: Any) -> Iterator[Page]:
    """A fresh browser tab (own cookies) on the live dashboard, backed by the in-process sandbox."""
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
