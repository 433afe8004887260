"""The owner works in Russian: switch in the header, look up a Nevsky client, kept at next sign-in.

Real Chromium against the sandbox's Russian chain (owner@sandbox.example, Nevsky Central), checked
with axe-core under the page's strict CSP, screenshotted under tests/browser/screenshots/.
"""

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.helpers import axe_violations, screenshot, sign_in_as

OWNER = ("owner@sandbox.example", "owner-demo")
OLGA_PHONE = "+7 916 123 45 67"


def test_the_owner_switches_to_russian_looks_up_a_client_and_keeps_russian(
    page: Page, browser: Browser, live_url: str, sandbox: Any
) -> None:
    sign_in_as(page, *OWNER)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The header's switcher: picking a language sends the form (app.js), as the button would.
    page.get_by_label("Language").select_option("ru")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", name="Поиск клиента")).to_be_visible()

    field = page.get_by_label("Телефон клиента")
    field.fill(OLGA_PHONE)
    field.press("Enter")
    results = page.locator("#results")
    expect(results).to_contain_text("2 абонемента · 1 сертификат в филиале Nevsky Central")
    expect(results).to_contain_text("Ольга Иванова")  # the client card, as Altegio sends it
    expect(results).to_contain_text("Осталось заморозки")
    expect(results).to_contain_text("₽")
    screenshot(page, "russian-lookup")
    assert [violation["id"] for violation in axe_violations(page)] == []

    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state("networkidle")

    # Another browser, which asks for English: the owner's own choice wins.
    other = browser.new_context(base_url=live_url, locale="en-US")
    try:
        tab = other.new_page()
        sign_in_as(tab, *OWNER)
        expect(tab.locator("html")).to_have_attribute("lang", "ru")
        expect(tab.get_by_role("button", name="Выйти")).to_be_visible()
    finally:
        other.close()


def test_a_browser_asking_for_russian_signs_in_in_russian_and_can_switch_to_english(
    browser: Browser, live_url: str, sandbox: Any
) -> None:
    context = browser.new_context(base_url=live_url, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        expect(page.get_by_role("heading", name="Вход через Altegio")).to_be_visible()
        page.get_by_label("Логин Altegio").fill(OWNER[0])
        page.get_by_label("Пароль").fill(OWNER[1])
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        screenshot(page, "russian-sign-in-landing")

        page.get_by_label("Язык").select_option("en")
        page.wait_for_load_state("networkidle")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="Client lookup")).to_be_visible()
    finally:
        context.close()
