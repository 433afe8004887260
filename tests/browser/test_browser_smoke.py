"""The sign-in page in real Chromium: it renders, shows the sandbox, and passes axe."""

from playwright.sync_api import Page, expect

from tests.helpers import axe_violations, screenshot


def test_sign_in_page_shows_sandbox_banner_and_demo_logins(page: Page) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_text("Sandbox data")).to_be_visible()
    expect(page.get_by_role("cell", name="frontdesk@sandbox.example")).to_be_visible()
    screenshot(page, "sign-in")
    assert axe_violations(page) == []
