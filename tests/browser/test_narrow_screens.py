"""A phone or a tablet at the desk: compact header, lookup above the fold, nothing wider than it.

Journeys at 390 × 844 (a phone) and 768 × 1024 (a tablet) in real Chromium, each screenshotted
under tests/browser/screenshots/ and checked with axe-core.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from tests.helpers import (
    FRONT_DESK,
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    MANAGER,
    SCREENSHOTS,
    axe_violations,
    open_later_days,
    screenshot,
    sign_in_as,
)

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
PHONE, TABLET = (390, 844), (768, 1024)


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def tab(browser: Browser, live_url: str, size: tuple[int, int]) -> Iterator[Page]:
    width, height = size
    context = browser.new_context(
        base_url=live_url, viewport={"width": width, "height": height}, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser, live_url: str, sandbox: Any) -> Iterator[Page]:
    """A phone-sized tab on the live dashboard."""
    yield from tab(browser, live_url, PHONE)


@pytest.fixture
def tablet(browser: Browser, live_url: str, sandbox: Any) -> Iterator[Page]:
    """A tablet-sized tab on the live dashboard."""
    yield from tab(browser, live_url, TABLET)


def first_screen(page: Page, name: str) -> None:
    """Save what the window shows now (not the whole page), to judge what is above the fold."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def page_width(page: Page) -> int:
    """How wide the page's content is; more than the window means sideways scrolling."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


def top_of(page: Page, selector: str) -> float:
    """Where an element starts, in CSS pixels from the top of the page."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"]) + float(page.evaluate("window.scrollY"))


def bottom_of(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"] + box["height"]) + float(page.evaluate("window.scrollY"))


def look_up(page: Page, number: str) -> None:
    field = page.get_by_label("Client's phone")
    field.fill(number)
    field.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("James Smith"))).to_be_visible()


def test_a_phone_at_the_desk_looks_up_picks_todays_event_and_sees_who_can_pay(
    phone: Page,
) -> None:
    sign_in_as(phone, FRONT_DESK["username"], FRONT_DESK["password"])
    expect(phone).to_have_url(re.compile(rf"{LOOKUP}$"))

    # A compact header: the location and a Menu button, the links folded away.
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(phone.locator(".topbar-place")).to_have_text("Harbor Studio")
    nav = phone.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    assert bottom_of(phone, ".topbar") < 80
    assert bottom_of(phone, "#lookup-form input[type=tel]") < PHONE[1] / 2

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="My cards")).to_be_visible()
    expect(phone.get_by_role("button", name="Sign out")).to_be_visible()
    first_screen(phone, "narrow-390-menu-open")
    menu.click()
    expect(nav).to_be_hidden()

    look_up(phone, "+1 315 555 0178")
    phone.evaluate("window.scrollTo(0, 0)")
    # The phone box, the client's name and today's first class are on the first screen.
    assert bottom_of(phone, "#lookup-form input[type=tel]") < PHONE[1]
    assert bottom_of(phone, ".client-name") < PHONE[1]
    assert bottom_of(phone, ".todays-classes [data-class-pick]") < PHONE[1]
    assert page_width(phone) <= PHONE[0]
    screenshot(phone, "narrow-390-lookup")
    first_screen(phone, "narrow-390-lookup-first-screen")
    assert axe_violations(phone) == []

    open_later_days(phone)
    first = phone.locator(".later-days .event-pick").first
    expect(first).to_be_visible()
    expect(phone.locator(".event-day").first).to_contain_text(re.compile(r"^\w+day"))
    title = phone.locator(".later-days .event-pick .event-title").first.inner_text()
    first.click()
    result = phone.locator(".event-check")
    expect(result).to_contain_text(re.compile(r"Can(not)? pay"))
    expect(result).to_contain_text(title)
    assert page_width(phone) <= PHONE[0]
    result.scroll_into_view_if_needed()
    first_screen(phone, "narrow-390-event-check")
    assert axe_violations(phone) == []


def test_a_manager_on_a_phone_reads_tables_and_the_chart_without_sideways_scrolling(
    phone: Page,
) -> None:
    sign_in_as(phone, MANAGER["username"], MANAGER["password"])

    phone.goto(f"/chains/{HARBOR_CHAIN}/memberships/")
    expect(phone.locator(".memberships-table tbody tr").first).to_be_visible()
    assert page_width(phone) <= PHONE[0]
    wrap = phone.locator(".memberships-table").locator(
        "xpath=ancestor::div[contains(@class, 'table-wrap')]"
    )
    # Rows are stacked cards of label and value, never a sideways scroll.
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    row = phone.locator(".memberships-table tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    expect(row.locator("td").nth(1)).to_be_visible()
    screenshot(phone, "narrow-390-chain-memberships")
    assert axe_violations(phone) == []

    phone.goto(f"/chains/{HARBOR_CHAIN}/memberships/summary/")
    expect(phone.locator("svg.chart")).to_be_visible(timeout=30_000)
    expect(phone.get_by_role("heading", name=re.compile("Sales per month"))).to_be_visible()
    assert page_width(phone) <= PHONE[0]
    screenshot(phone, "narrow-390-summary")

    phone.goto("/audit/")
    expect(phone.get_by_role("heading", name="Audit log")).to_be_visible()
    assert page_width(phone) <= PHONE[0]
    screenshot(phone, "narrow-390-audit")
    assert axe_violations(phone) == []


def test_a_tablet_shows_the_whole_header_and_the_lookup_fits(tablet: Page) -> None:
    sign_in_as(tablet, FRONT_DESK["username"], FRONT_DESK["password"])
    expect(tablet.get_by_role("navigation", name="Main")).to_be_visible()
    expect(tablet.get_by_role("button", name="Menu")).to_be_hidden()
    look_up(tablet, "+1 315 555 0178")
    tablet.evaluate("window.scrollTo(0, 0)")
    assert bottom_of(tablet, ".todays-classes [data-class-pick]") < TABLET[1]
    assert page_width(tablet) <= TABLET[0]
    first_screen(tablet, "narrow-768-lookup")
    assert axe_violations(tablet) == []

    open_later_days(tablet)
    tablet.locator(".later-days .event-pick").first.click()
    expect(tablet.locator(".event-check")).to_contain_text(re.compile(r"Can(not)? pay"))
    screenshot(tablet, "narrow-768-event-check")
    assert axe_violations(tablet) == []
    assert top_of(tablet, ".event-check") > 0
