"""A manager extends a membership and corrects a visit balance in real Chromium, from a lookup
card and from a chain list row, then finds both in the audit log with the reasons given."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from loyalty.sandbox import Sandbox
from tests.helpers import HARBOR_STUDIO, MANAGER, axe_violations, screenshot, sign_in_as

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
YOGA_20, YOGA_8 = 659883, 659882  # James Smith's: 3 months' validity; 4 of 8 visits left


@pytest.fixture(autouse=True)
def fresh_lookup_allowance() -> None:
    """Lookup counters live in the (shared, in-process) cache: start from zero."""
    cache.clear()


def test_a_manager_extends_and_corrects_from_the_card_then_finds_both_in_the_audit_log(
    page: Page, sandbox: Sandbox
) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(LOOKUP)
    page.evaluate("window.journeyMarker = 'same page'")
    phone = page.get_by_label("Client's phone")
    phone.fill("+1 315 555 0178")
    phone.press("Enter")

    card = page.locator(f"#membership-card-{YOGA_20}")
    card.get_by_role("link", name=re.compile(r"^Extend…")).click()
    expect(card).to_contain_text("Expires now:")
    expect(card.locator(".extend-preview")).to_contain_text("Expected after one month more:")
    card.get_by_label("Unit").select_option("2")  # weeks: the preview follows
    expect(card.locator(".extend-preview")).to_contain_text("Expected after:")
    card.get_by_label("Unit").select_option("3")
    card.get_by_label(re.compile(r"^Reason")).fill("Studio closure")
    screenshot(page, "extend-form")
    assert axe_violations(page) == []
    card.get_by_role("button", name="Extend", exact=True).click()
    outcome = card.locator(".freeze-outcome")
    expect(outcome).to_contain_text(
        "Extended by 1 month; its validity is now 4 months. Altegio reports the expiry as"
    )
    expect(outcome).to_be_focused()
    screenshot(page, "extend-done")

    card = page.locator(f"#membership-card-{YOGA_8}")
    card.get_by_role("link", name=re.compile(r"^Correct balance…")).click()
    visits = card.get_by_label(re.compile(r"^Yoga"))
    expect(visits).to_have_value("4")
    visits.fill("5")
    card.get_by_label(re.compile(r"^Reason")).fill("Charged by mistake")
    screenshot(page, "balance-form")
    card.get_by_role("button", name="Correct balance").click()
    expect(card.locator(".freeze-outcome")).to_contain_text(
        "Balance corrected. Yoga: Altegio reports 5 visits left (was 4)."
    )
    expect(card).to_contain_text("5 of 8 left")
    assert page.evaluate("window.journeyMarker") == "same page"
    screenshot(page, "balance-done")

    page.goto("/audit/")
    log = page.locator(".audit-table")
    extension = log.locator("tr", has_text="Membership extension")
    expect(extension).to_contain_text("extend by 1 month")
    expect(extension).to_contain_text("Reason: Studio closure")
    expect(extension).to_contain_text("done")
    correction = log.locator("tr", has_text="Membership balance correction")
    expect(correction).to_contain_text("4 → 5")
    expect(correction).to_contain_text("Reason: Charged by mistake")
    screenshot(page, "manage-audit")
    assert [call.endpoint for call in sandbox.calls].count("set_period") == 1


def test_a_double_click_on_a_chain_list_row_reaches_altegio_once(
    page: Page, sandbox: Sandbox
) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(f"/chains/145071/memberships/?ids={YOGA_8}")
    row = page.locator(f"#membership-row-{YOGA_8}")
    row.get_by_role("link", name=re.compile(r"^Correct balance…")).click()
    row.get_by_label(re.compile(r"^Yoga")).fill("3")
    row.get_by_label(re.compile(r"^Reason")).fill("Goodwill")
    screenshot(page, "balance-row-form")
    row.get_by_role("button", name="Correct balance").dblclick()
    expect(row.locator(".freeze-outcome")).to_contain_text("Altegio reports 3 visits left (was 4)")
    expect(row).to_contain_text("3 visits left")
    screenshot(page, "balance-row-done")
    assert [call.endpoint for call in sandbox.calls].count("set_balance") == 1
