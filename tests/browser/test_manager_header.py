"""A manager's header keeps one row at 1,366 px in Russian.

The chains' pages and the audit log fold into one "Manage" menu.
"""

from typing import Any

from playwright.sync_api import Browser, expect

from tests.helpers import MANAGER, axe_violations, screenshot, sign_in_as


def test_the_managers_header_is_one_row_in_russian_and_manage_opens_the_chain_pages(
    browser: Browser, live_url: str, sandbox: Any
) -> None:
    context = browser.new_context(base_url=live_url, viewport={"width": 1366, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in_as(page, MANAGER["username"], MANAGER["password"])
        page.get_by_label("Language").select_option("ru")
        page.wait_for_load_state("networkidle")
        expect(page.locator("html")).to_have_attribute("lang", "ru")

        nav = page.locator("nav.mainnav")
        tops = nav.evaluate(
            "nav => [...nav.querySelectorAll(':scope > a, :scope > details > summary')]"
            ".map(item => Math.round(item.getBoundingClientRect().top))"
        )
        assert len(tops) >= 5
        assert max(tops) - min(tops) <= 4, f"the header's links wrap onto a second row: {tops}"
        who = page.locator(".topbar .who").bounding_box()
        brand = page.locator(".topbar .brand").bounding_box()
        assert who is not None
        assert brand is not None
        assert abs(who["y"] + who["height"] / 2 - (brand["y"] + brand["height"] / 2)) <= 12

        chains = nav.get_by_role("link", name="Harbor Wellness")
        expect(chains).to_be_hidden()
        nav.get_by_text("Управление").click()
        expect(chains).to_be_visible()
        expect(nav.get_by_role("link", name="Nevsky Fitness")).to_be_visible()
        expect(nav.get_by_role("link", name="Журнал действий")).to_be_visible()
        screenshot(page, "header-manager-ru-1366-manage-open")
        assert axe_violations(page) == []

        page.locator("main h1").click()  # a click elsewhere closes the menu
        expect(chains).to_be_hidden()
        nav.get_by_text("Управление").click()
        nav.get_by_role("link", name="Harbor Wellness").click()
        expect(page).to_have_url(f"{live_url}/chains/145071/memberships/")
    finally:
        context.close()
