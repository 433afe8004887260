"""The front desk in real Chromium: type a phone, read memberships and gift cards, no page load."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, screenshot, sign_in_as
from tests.conftest import FRONT_DESK, HARBOR_STUDIO

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def test_front_desk_finds_a_client_by_phone_without_a_page_load(page: Page) -> None:
    console = []
    page.on("console", lambda message: console.append(message.text))
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    expect(page).to_have_url(re.compile(rf"{LOOKUP}$"))
    phone = page.get_by_label("Client's phone")
    expect(phone).to_be_focused()

    # A marker on window survives only if the results arrive without a full page load.
    page.evaluate("window.lookupMarker = 'same page'")
    phone.fill("+1 (315) 555-0178")
    phone.press("Enter")

    expect(page.get_by_role("heading", name=re.compile(r"James Smith"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Memberships"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Gift cards"))).to_be_visible()
    expect(page.locator(".membership-card").first).to_be_visible()
    expect(page.locator(".gift-card", has_text="$6,500 of $9,000")).to_be_visible()
    expect(page.locator(".membership-card .badge.frozen")).to_have_count(1)
    expect(page.get_by_text("Not activated yet")).to_be_visible()
    assert page.evaluate("window.lookupMarker") == "same page"
    # The phone stays out of the address bar and out of htmx's history cache.
    assert page.url.endswith(LOOKUP)
    assert not page.evaluate("window.localStorage.getItem('htmx-history-cache')")

    screenshot(page, "lookup")
    assert axe_violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text]


def test_a_group_event_check_opens_under_the_client(page: Page) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    page.evaluate("window.lookupMarker = 'same page'")
    phone = page.get_by_label("Client's phone")
    phone.fill("315 555 0178")
    phone.press("Enter")
    page.get_by_text("Group event: can a membership pay?").click()
    expect(page.locator(".event-pick").first).to_be_visible()  # the picker, loaded on opening
    page.get_by_text("Other event id").click()
    page.get_by_label("Event id").fill("12345")
    page.get_by_label("Schedule day ids").fill("1,2,3,4,5")
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".event-check")).to_contain_text("A membership covers every asked day")
    expect(page.locator(".event-check table tbody tr").first).to_be_visible()
    assert page.evaluate("window.lookupMarker") == "same page"
    screenshot(page, "lookup-event-check")


def test_an_unknown_phone_and_garbage_get_their_messages_in_place(page: Page) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    phone = page.get_by_label("Client's phone")
    phone.fill("not a phone")
    phone.press("Enter")
    expect(page.locator("#results")).to_contain_text("That does not look like a phone number.")
    phone.fill("+1 315 555 0000")
    phone.press("Enter")
    expect(page.locator("#results")).to_contain_text(
        "No memberships or gift cards for +1 315-555-0000 at Harbor Studio."
    )
