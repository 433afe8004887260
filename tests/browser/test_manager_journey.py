"""A manager in Chromium: filter memberships, page, go Back, summarise, browse the types."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, expect

from loyalty.sandbox import Sandbox
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    MANAGER,
    axe_violations,
    screenshot,
    sign_in_as,
)

MEMBERSHIPS = f"/chains/{HARBOR_CHAIN}/memberships/"
TYPES = f"/chains/{HARBOR_CHAIN}/membership-types/"


def htmx_gets(page: Page, path: str) -> list[str]:
    """Every htmx GET the page sends to `path` from now on (the list fills as the page runs)."""
    sent: list[str] = []

    def note(request: Request) -> None:
        if request.headers.get("hx-request") and urlsplit(request.url).path == path:
            sent.append(request.url)

    page.on("request", note)
    return sent


def first_number(page: Page) -> str:
    """The membership number in the first row of the table."""
    return page.locator(".memberships-table tbody tr").first.locator("td").first.inner_text()


def test_filter_by_dates_page_forward_and_back_keeps_the_filter(
    page: Page, sandbox: Sandbox
) -> None:
    since = (sandbox.data.today - timedelta(days=30)).isoformat()
    until = sandbox.data.today.isoformat()
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(MEMBERSHIPS)
    expect(page.get_by_role("heading", name="Memberships sold")).to_be_visible()

    page.get_by_label("Sold from").fill(since)
    page.get_by_label("Sold until").fill(until)
    expect(page).to_have_url(re.compile(f"created_after={since}.*created_before={until}"))
    expect(page.locator(".pager-where")).to_have_text("Page 1")
    first_on_page_one = first_number(page)
    screenshot(page, "manager-memberships-filtered")

    page.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pager-where")).to_have_text("Page 2")
    # The pager sits under a long table: the new page starts at the table's top, in view.
    top = page.locator("#memberships-results").evaluate("el => el.getBoundingClientRect().top")
    assert -2 <= top < page.evaluate("innerHeight") / 2  # scrolled to it, give or take a pixel
    assert first_number(page) != first_on_page_one
    assert page.get_by_label("Sold from").input_value() == since
    screenshot(page, "manager-memberships-page-2")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(f"created_after={since}"))
    expect(page.locator(".pager-where")).to_have_text("Page 1")
    assert first_number(page) == first_on_page_one
    assert page.get_by_label("Sold from").input_value() == since
    assert page.get_by_label("Sold until").input_value() == until
    assert axe_violations(page) == []


def test_summarise_shows_counts_and_a_weekly_chart(page: Page, sandbox: Sandbox) -> None:
    since = (sandbox.data.today - timedelta(days=60)).isoformat()
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(f"{MEMBERSHIPS}?created_after={since}")

    page.get_by_role("link", name="Summarise").click()
    expect(page.get_by_text("Counting…")).to_be_visible()
    expect(page.locator(".stats")).to_be_visible(timeout=30_000)
    assert page.locator("svg.chart rect.chart-bar").count() >= 8
    page.locator("#summary").scroll_into_view_if_needed()
    screenshot(page, "manager-memberships-summary")
    assert axe_violations(page) == []


def test_browse_the_type_catalogues_with_search(page: Page) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(TYPES)

    page.get_by_label("Title contains").fill("yoga")
    expect(page).to_have_url(re.compile(r"title=yoga"))
    expect(page.locator("#types-results tbody tr").first).to_contain_text("Yoga")
    screenshot(page, "manager-membership-types")

    page.get_by_role("link", name="Yoga 8 visits").click()
    expect(page.get_by_role("heading", name="Yoga 8 visits")).to_be_visible()
    screenshot(page, "manager-membership-type-detail")
    assert axe_violations(page) == []

    chain_pages = page.get_by_role("navigation", name="Harbor Wellness pages")
    chain_pages.get_by_role("link", name="Gift-card types").click()
    expect(page.get_by_role("heading", name="Gift-card types", exact=True)).to_be_visible()
    page.get_by_role("link", name="Gift card $50").click()
    expect(page.get_by_text("Valid for 12 months from sale")).to_be_visible()
    screenshot(page, "manager-gift-card-type-detail")

    page.goto("/locations/720441/gift-card-types/")
    screenshot(page, "location-gift-card-types")
    assert axe_violations(page) == []


def test_a_typed_search_asks_once_and_its_result_opens(page: Page) -> None:
    # Clicking a result takes the focus from the search box: that must not search again (a
    # second answer pushing its URL while the result opens could cancel the click).
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(TYPES)
    searches = htmx_gets(page, TYPES)

    page.get_by_label("Title contains").fill("yoga")
    expect(page).to_have_url(re.compile(r"title=yoga"))
    page.get_by_role("link", name="Yoga 8 visits").click()

    expect(page.get_by_role("heading", name="Yoga 8 visits")).to_be_visible()
    assert len(searches) == 1


def test_typed_type_ids_at_a_location_ask_once(page: Page) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    types = f"/locations/{HARBOR_STUDIO}/membership-types/"
    page.goto(types)
    searches = htmx_gets(page, types)

    page.get_by_label("Type ids").fill("97801")

    expect(page).to_have_url(re.compile(r"ids=97801"))
    expect(page.locator("#types-results")).to_contain_text("Yoga 8 visits")
    assert len(searches) == 1


def test_two_typed_dates_ask_once(page: Page, sandbox: Sandbox) -> None:
    since = (sandbox.data.today - timedelta(days=30)).isoformat()
    until = sandbox.data.today.isoformat()
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(MEMBERSHIPS)
    lists = htmx_gets(page, MEMBERSHIPS)

    page.get_by_label("Sold from").fill(since)
    page.get_by_label("Sold until").fill(until)

    expect(page).to_have_url(re.compile(f"created_after={since}.*created_before={until}"))
    expect(page.locator(".pager-where")).to_have_text("Page 1")
    assert len(lists) == 1


def test_the_archived_box_filters_each_time_it_is_ticked(page: Page) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(TYPES)
    filters = htmx_gets(page, TYPES)
    archived = page.get_by_label("Archived types")

    archived.check()
    expect(page).to_have_url(re.compile(r"archived=on"))
    archived.uncheck()
    expect(page).not_to_have_url(re.compile(r"archived=on"))
    archived.check()
    expect(page).to_have_url(re.compile(r"archived=on"))
    assert len(filters) == 3


def test_typing_bad_ids_shows_the_message_in_place_of_the_table(page: Page) -> None:
    sign_in_as(page, MANAGER["username"], MANAGER["password"])
    page.goto(MEMBERSHIPS)

    page.get_by_label("Membership ids").fill("659878, abc")

    expect(page.get_by_role("alert")).to_contain_text("Ids are whole numbers")
    expect(page.locator(".memberships-table")).to_have_count(0)
    screenshot(page, "manager-memberships-bad-ids")

    page.get_by_label("Membership ids").fill("659878")
    expect(page.locator(".memberships-table tbody tr")).to_have_count(1)
    expect(page.locator(".memberships-table")).to_contain_text("788376")
