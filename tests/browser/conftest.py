"""Real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) via Playwright.

Fixtures: `browser` (one Chromium per session), `page` (a fresh context on the live server),
`live_url`; helpers `sign_in_as`, `screenshot` and `axe_violations`.
"""

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

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
SCREENSHOTS = Path(__file__).parent / "screenshots"
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


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


def sign_in_as(page: Page, login: str, password: str) -> None:
    """Sign in through the sign-in page like a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Altegio login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def address_query(page: Page) -> dict[str, list[str]]:
    """The address bar's query parameters (not the host and port: their digits can be anything)."""
    return parse_qs(urlsplit(page.url).query)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot for review under tests/browser/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """Run axe-core (from npm) in the page; return the violations of the given impacts."""
    # Evaluated over the DevTools protocol, so the page's strict CSP stays on for the test.
    page.evaluate(AXE_JS.read_text() + "\n;0")
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    return [v for v in violations if v.get("impact") in impacts]
