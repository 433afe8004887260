"""Signing in, working at a location, switching location and signing out, in real Chromium."""

import re

from playwright.sync_api import Page, expect

from dashboard.accounts.models import StaffUser
from loyalty.models import AuditEntry
from loyalty.services.audit import phone_hash
from loyalty.services.phones import parse_phone
from tests.helpers import address_query, axe_violations, screenshot

LOOKUP = re.compile(r"/locations/(\d+)/clients/$")


def demo_login(page: Page, role: str) -> tuple[str, str]:
    """The login and password the sandbox sign-in page shows for a role."""
    cells = page.locator(".demo-logins tbody").filter(has_text=role).get_by_role("cell")
    return cells.nth(0).inner_text().strip(), cells.nth(1).inner_text().strip()


def sign_in_with_the_shown_login(page: Page, role: str) -> None:
    """Open sign-in, read the demo login for `role` off the page, and sign in with it."""
    page.goto("/accounts/login/")
    login, password = demo_login(page, role)
    page.get_by_label("Altegio login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def test_front_desk_signs_in_with_the_shown_login_sees_their_location_and_signs_out(
    page: Page,
) -> None:
    sign_in_with_the_shown_login(page, "Front desk")
    expect(page).to_have_url(re.compile(r"/locations/720441/clients/$"))
    header = page.locator("header.topbar")
    expect(header.get_by_text("Anna Brooks")).to_be_visible()
    expect(header.locator(".location-name")).to_have_text("Harbor Studio")
    expect(header.locator("#location-switch")).to_have_count(0)
    screenshot(page, "sign-in-front-desk-signed-in")

    header.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?signed_out=1$"))
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    screenshot(page, "sign-in-signed-out")
    # The session is gone on the server: the dashboard sends them back to sign-in.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_manager_switches_location_and_the_choice_is_remembered(page: Page) -> None:
    sign_in_with_the_shown_login(page, "Manager")
    expect(page).to_have_url(re.compile(r"/locations/720441/clients/$"))
    switcher = page.get_by_label("Location", exact=True)
    expect(switcher.locator("option")).to_have_count(5)
    switcher.select_option(label="Nevsky Central")  # app.js submits on change
    expect(page).to_have_url(re.compile(r"/locations/830001/clients/$"))
    expect(page.get_by_label("Location", exact=True)).to_have_value("830001")
    screenshot(page, "sign-in-manager-switched-location")
    assert axe_violations(page) == []

    page.locator("header.topbar").get_by_role("button", name="Sign out").click()
    sign_in_with_the_shown_login(page, "Manager")
    expect(page).to_have_url(re.compile(r"/locations/830001/clients/$"))


def test_an_ended_altegio_token_sends_the_person_back_to_sign_in_and_then_back(
    page: Page,
) -> None:
    sign_in_with_the_shown_login(page, "Front desk")
    page.get_by_role("button", name="End my Altegio token").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Refresh rights").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?.*expired=1"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Your Altegio session has ended, please sign in again."
    )
    screenshot(page, "sign-in-altegio-session-ended")
    login, password = demo_login(page, "Front desk")
    page.get_by_label("Altegio login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/locations/720441/clients/$"))


def test_a_manager_reads_the_audit_log_and_filters_it_by_phone(page: Page) -> None:
    sign_in_with_the_shown_login(page, "Manager")
    desk = StaffUser.objects.create(username="desk", first_name="Anna Brooks")
    for phone, place, count in (
        ("+1 315 555 0178", "Harbor Studio", 1),
        ("+1 315 555 0199", "Harbor Studio", 2),
        ("+1 315 555 0178", "Harbor North", 0),
    ):
        typed = parse_phone(phone, region="US")
        AuditEntry.objects.create(
            user=desk,
            staff_name=desk.first_name,
            kind=AuditEntry.Kind.CLIENT_LOOKUP,
            location_id=720441 if place == "Harbor Studio" else 720442,
            place=place,
            phone_masked=typed.masked,
            phone_hash=phone_hash(typed.digits),
            result_count=count,
        )
    page.goto("/audit/")
    results = page.locator("#audit-results")
    expect(results.get_by_role("heading")).to_have_text("3 entries")
    page.get_by_label("Client's phone").fill("(315) 555-0178")
    page.get_by_role("button", name="Show").click()
    expect(results.get_by_role("heading")).to_have_text("2 entries")
    # The phone went by POST: the address bar carries an opaque key, never the number.
    expect(page).to_have_url(re.compile(r"/audit/\?phone_key="))
    query = address_query(page)
    assert set(query) == {"phone_key"}
    assert "5550178" not in query["phone_key"][0]
    expect(results).not_to_contain_text("0199")
    screenshot(page, "audit-log-filtered")
    assert axe_violations(page) == []
