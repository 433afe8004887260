"""Accessibility in real Chromium: axe-core finds no serious or critical problem on any main page.

Each page is opened the way staff reach it (signed in through the sign-in page, a lookup typed
into the form), screenshotted under tests/browser/screenshots/, and checked with axe-core from
npm under the page's own strict CSP. The error state is checked too: with the sandbox refusing
M1, the lookup's results region says Altegio is not answering and offers a retry that works
once Altegio answers again.
"""

import re
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from loyalty.sandbox import Sandbox
from tests.helpers import (
    FRONT_DESK,
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    JAMES,
    MANAGER,
    axe_violations,
    screenshot,
    sign_in_as,
)

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
CHAIN = f"/chains/{HARBOR_CHAIN}"


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def problems(page: Page) -> list[str]:
    """axe-core's moderate, serious and critical violations, one readable line each."""
    # The bar is serious and critical; moderate ones (content outside any landmark) are
    # cheap to keep out too, and were.
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in axe_violations(page, ("moderate", "serious", "critical"))
    ]


def look_up(page: Page, phone: str) -> None:
    """Type a phone into the lookup form and send it, as staff do."""
    field = page.get_by_label("Client's phone")
    field.fill(phone)
    field.press("Enter")


def check(page: Page, name: str, found: dict[str, Any]) -> None:
    """Screenshot the page as it is now and note what axe-core finds on it."""
    screenshot(page, f"a11y-{name}")
    if issues := problems(page):
        found[name] = issues


def test_the_sign_in_page_has_no_serious_accessibility_problem(page: Page) -> None:
    found: dict[str, Any] = {}
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in with Altegio")).to_be_visible()
    check(page, "sign-in", found)

    # A failed sign-in shows its message in the form: still accessible.
    page.get_by_label("Altegio login").fill(FRONT_DESK["username"])
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    check(page, "sign-in-failed", found)

    assert found == {}


def test_the_front_desk_pages_have_no_serious_accessibility_problem(page: Page) -> None:
    found: dict[str, Any] = {}
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])

    expect(page).to_have_url(re.compile(rf"{LOOKUP}$"))
    check(page, "lookup", found)

    look_up(page, JAMES)
    expect(page.get_by_role("heading", name=re.compile("James Smith"))).to_be_visible()
    check(page, "lookup-results", found)

    look_up(page, "12")
    expect(page.locator("#results [role=alert]")).to_contain_text("too short")
    check(page, "lookup-invalid-phone", found)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My cards").click()
    expect(
        page.get_by_role("heading", name=re.compile("My memberships and gift cards"))
    ).to_be_visible()
    check(page, "my-cards", found)

    page.get_by_role("link", name="Membership types").first.click()
    expect(page.get_by_role("heading", name="Membership types on sale")).to_be_visible()
    check(page, "location-membership-types", found)

    page.get_by_role("link", name="Gift-card types").first.click()
    expect(page.get_by_role("heading", name="Gift-card types on sale")).to_be_visible()
    check(page, "location-gift-card-types", found)

    assert found == {}


def test_the_manager_pages_have_no_serious_accessibility_problem(page: Page) -> None:
    found: dict[str, Any] = {}
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    look_up(page, JAMES)  # something for the audit log to show
    expect(page.get_by_role("heading", name=re.compile("James Smith"))).to_be_visible()

    page.goto(f"{CHAIN}/memberships/")
    expect(page.get_by_role("heading", name="Memberships sold")).to_be_visible()
    expect(page.locator(".memberships-table tbody tr").first).to_be_visible()
    check(page, "chain-memberships", found)

    page.goto(f"{CHAIN}/membership-types/")
    expect(page.locator("#types-results tbody tr").first).to_be_visible()
    check(page, "chain-membership-types", found)

    page.get_by_role("link", name="Yoga 8 visits").click()
    expect(page.get_by_role("heading", name="Yoga 8 visits")).to_be_visible()
    check(page, "chain-membership-type", found)

    page.goto(f"{CHAIN}/gift-card-types/")
    expect(page.locator("#types-results tbody tr").first).to_be_visible()
    check(page, "chain-gift-card-types", found)

    page.get_by_role("link", name="Gift card $50").click()
    expect(page.get_by_text("Valid for 12 months from sale")).to_be_visible()
    check(page, "chain-gift-card-type", found)

    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_text("Manage").click()
    main_nav.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.locator(".audit-table tbody tr").first).to_be_visible()
    check(page, "audit-log", found)

    assert found == {}


def test_altegio_down_is_said_in_the_results_and_the_retry_works_once_it_is_back(
    page: Page, sandbox: Sandbox
) -> None:
    sign_in_as(page, FRONT_DESK["username"], FRONT_DESK["password"])
    page.evaluate("window.lookupMarker = 'same page'")
    sandbox.inject("M1", status=503)

    look_up(page, JAMES)

    results = page.locator("#results")
    expect(results.get_by_role("alert")).to_contain_text("Altegio is not answering")
    retry = results.get_by_role("button", name="Try again")
    expect(retry).to_be_visible()
    screenshot(page, "a11y-lookup-altegio-down")
    assert problems(page) == []

    sandbox.clear_faults()
    retry.click()

    expect(page.get_by_role("heading", name=re.compile("James Smith"))).to_be_visible()
    expect(results.get_by_role("alert")).to_have_count(0)
    assert page.evaluate("window.lookupMarker") == "same page"  # swapped in, no page load
    screenshot(page, "a11y-lookup-after-retry")


@pytest.mark.parametrize("width", [390, 768, 1366])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_desk_answer_and_the_chain_list_pass_axe_at_every_width_in_both_languages(
    page: Page, width: int, language: str
) -> None:
    found: dict[str, Any] = {}
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    if language == "ru":  # applied on change (app.js): no button to press
        menu = page.get_by_role("button", name="Menu")
        if menu.is_visible():  # a phone folds the header behind its Menu
            menu.click()
        page.locator("#language-switch").select_option("ru")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.goto(LOOKUP)
    look_up_field = page.locator("#id_phone")
    look_up_field.fill(JAMES)
    look_up_field.press("Enter")
    expect(page.get_by_role("heading", name="James Smith", exact=True)).to_be_visible()
    classes = page.locator(".todays-classes [data-class-pick]")
    if not classes.first.is_visible():  # no class left today: the later days' list
        page.locator(".later-days summary").first.click()
    classes.filter(visible=True).first.click()
    expect(page.locator(".event-check .verdict")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check(page, f"desk-answer-{language}-{width}", found)

    page.goto(f"{CHAIN}/memberships/")
    expect(page.locator(".memberships-table tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check(page, f"chain-list-{language}-{width}", found)

    assert found == {}
