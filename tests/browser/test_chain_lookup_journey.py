"""One phone across the whole chain in Chromium: the manager switches scope and sees two places."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.helpers import FRONT_DESK, HARBOR_STUDIO, MANAGER, axe_violations, screenshot, sign_in_as

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def test_the_manager_looks_up_james_across_the_whole_chain(page: Page) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(LOOKUP)
    expect(page.get_by_label("This location")).to_be_checked()
    page.evaluate("window.lookupMarker = 'same page'")

    page.get_by_label("Whole chain").check()
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 (315) 555-0178")
    phone.press("Enter")

    results = page.locator("#results")
    expect(results.get_by_role("heading", name=re.compile(r"^James Smith"))).to_be_visible()
    places = results.locator(".chain-location-title")
    expect(places).to_have_count(2)
    expect(places.nth(0)).to_contain_text("Harbor Studio")
    expect(places.nth(1)).to_contain_text("Harbor North")
    expect(results).to_contain_text("Also a client at Harbor Marina: you have no rights there.")
    sold_north = results.locator(".membership-card", has_text="Personal training x10")
    expect(sold_north).to_have_count(1)
    expect(sold_north).to_contain_text("Valid at Harbor Studio, Harbor North")
    assert page.evaluate("window.lookupMarker") == "same page"
    screenshot(page, "chain-lookup")
    assert axe_violations(page, ("moderate", "serious", "critical")) == []

    # The choice is remembered: the next visit starts on "Whole chain".
    page.goto(LOOKUP)
    expect(page.get_by_label("Whole chain")).to_be_checked()


def test_the_front_desk_without_a_chain_sees_no_scope_choice(page: Page) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    page.goto(LOOKUP)
    expect(page.get_by_label("Client's phone")).to_be_visible()
    expect(page.get_by_label("Whole chain")).to_have_count(0)
    expect(page.locator("fieldset.scope-choice")).to_have_count(0)
