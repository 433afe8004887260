"""The client's visits in Chromium: look James up, open his visits, narrow them to his yoga pass."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.helpers import FRONT_DESK, HARBOR_STUDIO, MANAGER, axe_violations, screenshot, sign_in_as

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
YOGA_8 = "Yoga 8 visits No. 219174"


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def look_up_james(page: Page) -> None:
    """Type James Smith's phone at Harbor Studio and wait for his client card."""
    page.goto(LOOKUP)
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 (315) 555-0178")
    phone.press("Enter")
    expect(page.locator("#client-card")).to_contain_text("James Smith")
    expect(page.locator("#client-card")).to_contain_text("Client #146915197")


def test_the_desk_finds_the_four_visits_that_used_the_yoga_membership(page: Page) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    look_up_james(page)
    page.evaluate("window.lookupMarker = 'same page'")
    loyalty = page.locator(".loyalty-cards")
    expect(loyalty).to_contain_text("Harbor Rewards")
    expect(loyalty).to_contain_text("Cashback 5%")

    page.locator(".visits-box summary").click()

    visits = page.locator("#visits-146915197")
    expect(visits.get_by_role("heading", name=re.compile(r"^Visits"))).to_be_visible()
    expect(visits.locator(".visit").first).to_be_visible()
    two_cards = visits.locator(".visit", has_text="Surf lesson").first
    expect(two_cards.locator(".payment")).to_have_text(
        [re.compile("Gift card 888, \\$40"), re.compile(f"{YOGA_8}, 1 visit")]
    )
    expect(visits).to_contain_text("Did not come")
    # The yoga membership's card now says how often it paid, with a way to those visits.
    yoga_card = page.locator(".membership-card", has_text="Yoga 8 visits")
    usage = yoga_card.locator(".card-usage")
    expect(usage).to_contain_text(re.compile(r"Used 4 times since .+: show"))
    screenshot(page, "visits-open")

    usage.get_by_role("link", name="show").click()

    expect(visits.locator(".visits-filter")).to_contain_text(f"Only the visits paid with {YOGA_8}")
    expect(visits.locator(".visit")).to_have_count(4)
    for index in range(4):
        expect(visits.locator(".visit").nth(index)).to_contain_text(f"{YOGA_8}, 1 visit")
    assert page.evaluate("window.lookupMarker") == "same page"
    assert page.url.endswith(LOOKUP)  # the phone and the client stay out of the address bar
    visits.scroll_into_view_if_needed()
    screenshot(page, "visits-yoga-membership")
    assert axe_violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text]

    visits.get_by_role("link", name="Show all visits").click()
    expect(visits.locator(".visits-filter")).to_have_count(0)
    visits.get_by_role("link", name="Earlier visits").click()
    expect(visits.get_by_role("link", name="Newest visits")).to_be_visible()
    expect(visits).to_contain_text("Mat pilates")


def test_the_front_desk_sees_the_visits_and_why_what_paid_is_missing(page: Page) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    look_up_james(page)

    page.locator(".visits-box summary").click()

    visits = page.locator("#visits-146915197")
    expect(visits.locator(".visit").first).to_be_visible()
    expect(visits.locator(".what-paid-hidden")).to_contain_text(
        "your Altegio account has no rights to the membership history of Harbor Wellness"
    )
    expect(visits.locator(".payment")).to_have_count(0)
    screenshot(page, "visits-front-desk")
