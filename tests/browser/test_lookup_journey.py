"""The front desk in real Chromium: type a phone, read memberships and gift cards, no page load."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from loyalty.altegio.ratelimit import LocalRateLimiter
from tests.helpers import (
    FRONT_DESK,
    HARBOR_STUDIO,
    axe_violations,
    open_later_days,
    screenshot,
    sign_in_as,
)

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

    expect(page.locator(".result-phone")).to_contain_text("+1 315-555-0178")
    expect(page.get_by_role("heading", name=re.compile(r"^Memberships"))).to_be_visible()
    # The client card follows in the same region: the name leads, then today's classes.
    expect(page.get_by_role("heading", name="James Smith", exact=True)).to_be_visible()
    expect(page.locator("#client-card")).to_contain_text("Client #146915197")
    expect(page.get_by_text("Can a membership pay for a class?")).to_be_visible()
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


def test_a_class_of_the_later_days_is_checked_beside_the_list(page: Page) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    page.evaluate("window.lookupMarker = 'same page'")
    phone = page.get_by_label("Client's phone")
    phone.fill("315 555 0178")
    phone.press("Enter")
    open_later_days(page)
    pick = page.locator(".later-days [data-class-pick]", has_text="Morning yoga flow").first
    pick.click()
    expect(page.locator(".event-check")).to_contain_text("✓ Can pay with")
    expect(page.locator(".event-check")).to_contain_text("Morning yoga flow")
    expect(pick).to_have_attribute("aria-current", "true")
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


def test_cards_come_first_and_the_client_card_follows_them(page: Page, sandbox) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    sandbox.set_latency(1500, "clients_search")  # a slow client search holds nothing back
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 315 555 0178")
    phone.press("Enter")
    expect(page.locator(".gift-card", has_text="$6,500 of $9,000")).to_be_visible()
    expect(page.locator("#client-card")).to_contain_text("Finding the client card…")
    screenshot(page, "lookup-cards-first")
    expect(page.locator("#client-card")).to_contain_text("James Smith", timeout=10_000)
    expect(page.get_by_text("Can a membership pay for a class?")).to_be_visible()
    assert [call.endpoint for call in sandbox.calls].count("clients_search") == 1


@pytest.fixture
def slow_m1(sandbox, settings) -> None:
    """M1 answers after 6 s (within a raised timeout): seconds of room to see the words change."""
    settings.ALTEGIO_TIMEOUT = 12
    sandbox.inject("M1", delay_ms=6000)


def test_a_slow_altegio_is_named_as_slow_after_two_seconds(page: Page, slow_m1) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    busy = page.locator("#lookup-busy")
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 315 555 0178")
    phone.press("Enter")
    expect(busy).to_contain_text("Asking Altegio…")
    expect(busy).to_contain_text("Altegio is taking longer than usual…", timeout=5_500)
    screenshot(page, "lookup-waiting-slow")
    expect(page.locator(".gift-card", has_text="$6,500 of $9,000")).to_be_visible(timeout=10_000)
    expect(busy).to_have_text(re.compile(r"\s*Asking Altegio…\s*"))  # ready for the next


def test_a_busy_request_limit_is_named_as_such_not_as_a_fault(
    page: Page, slow_m1, monkeypatch
) -> None:
    # What the priority limiter answers while interactive calls queue for a slot.
    async def wait(self: LocalRateLimiter) -> float:
        return 2.5

    monkeypatch.setattr(LocalRateLimiter, "expected_wait", wait)
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 315 555 0178")
    phone.press("Enter")
    expect(page.locator("#lookup-busy")).to_contain_text(
        "Waiting for a free slot in Altegio's request limit…", timeout=5_500
    )
    screenshot(page, "lookup-waiting-limit")
    expect(page.locator(".gift-card", has_text="$6,500 of $9,000")).to_be_visible(timeout=10_000)


def test_a_slow_event_check_says_so_beside_its_check_button(page: Page, sandbox, settings) -> None:
    settings.ALTEGIO_TIMEOUT = 12
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 315 555 0178")
    phone.press("Enter")
    sandbox.inject("M8", delay_ms=6000)
    open_later_days(page)
    page.locator(".later-days [data-class-pick]", has_text="Morning yoga flow").first.click()
    busy = page.locator("#event-busy-146915197")
    expect(busy).to_contain_text("Altegio is taking longer than usual…", timeout=5_500)
    expect(page.locator(".event-check")).to_contain_text("✓ Can pay with", timeout=10_000)
