"""A manager freezes and unfreezes a membership from a lookup card in real Chromium."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.helpers import HARBOR_STUDIO, MANAGER, axe_violations, screenshot, sign_in_as

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
CAN_FREEZE = 659883  # James Smith's Yoga 20 visits: up to 30 days, none used


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def test_a_manager_freezes_from_a_lookup_card_and_unfreezes_without_a_page_load(
    page: Page,
) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(LOOKUP)
    page.evaluate("window.journeyMarker = 'same page'")
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 315 555 0178")
    phone.press("Enter")

    card = page.locator(f"#membership-card-{CAN_FREEZE}")
    expect(card).to_contain_text(re.compile(r"Freeze left\s*30 days"))  # from the type, by id
    card.get_by_role("link", name=re.compile(r"^Freeze…")).click()
    day_box = card.get_by_label(re.compile(r"^Unfreezes on"))
    expect(day_box).to_be_visible()
    expect(card).to_contain_text("Can be frozen for up to 30 days in total")
    expect(card).to_contain_text("While frozen it cannot pay for visits.")
    unfreezes = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=7)
    day_box.fill(unfreezes.isoformat())
    expect(card.locator(".freeze-preview")).to_contain_text("makes 7 days of freeze")
    screenshot(page, "freeze-form")
    card.get_by_role("button", name="Freeze").click()

    outcome = card.locator(".freeze-outcome")
    expect(outcome).to_contain_text(
        f"Frozen; it unfreezes on {unfreezes.day} {unfreezes:%b %Y}. Altegio reports the expiry as"
    )
    expect(outcome).to_be_focused()
    expect(card.locator(".badge.frozen")).to_be_visible()
    expect(card).to_contain_text("Frozen: 7 days of freeze used in total")
    expect(card).to_contain_text(re.compile(r"Freeze left\s*23 days"))
    screenshot(page, "freeze-done")
    assert axe_violations(page) == []

    card.get_by_role("link", name=re.compile(r"^Unfreeze")).click()
    expect(card).to_contain_text("Unfreezing now ends the freeze today.")
    card.get_by_role("button", name="Unfreeze now").click()
    expect(card.locator(".freeze-outcome")).to_contain_text("Unfrozen. Altegio reports the expiry")
    expect(card.locator(".badge.frozen")).to_have_count(0)
    assert page.evaluate("window.journeyMarker") == "same page"
    assert not [text for text in console if "Content Security Policy" in text]


def test_a_manager_freezes_from_a_chain_list_row_in_place(page: Page) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(f"/chains/145071/memberships/?ids={CAN_FREEZE}")
    page.evaluate("window.journeyMarker = 'same page'")
    row = page.locator(f"#membership-row-{CAN_FREEZE}")
    row.get_by_role("link", name=re.compile(r"^Freeze…")).click()
    unfreezes = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=3)
    row.get_by_label(re.compile(r"^Unfreezes on")).fill(unfreezes.isoformat())
    screenshot(page, "freeze-row-form")
    row.get_by_role("button", name="Freeze").click()
    expect(row.locator(".freeze-outcome")).to_contain_text(
        f"it unfreezes on {unfreezes.day} {unfreezes:%b}"
    )
    expect(row.locator(".badge.frozen")).to_have_text("3 days")
    expect(row.locator(".freeze-outcome")).to_be_focused()
    screenshot(page, "freeze-row-done")

    row.get_by_role("link", name=re.compile(r"^Unfreeze")).click()
    row.get_by_role("button", name="Unfreeze now").click()
    expect(row.locator(".freeze-outcome")).to_contain_text("Unfrozen.")
    expect(row.locator(".badge.frozen")).to_have_count(0)
    assert page.evaluate("window.journeyMarker") == "same page"
