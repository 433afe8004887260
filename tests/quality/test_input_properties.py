"""Whatever people type or put in a URL: never a 500, invalid input explained, `next` stays here.

Hypothesis generates values for every query parameter and form field: the phone, sale dates, id
lists, page and count, titles, the archived flag, event and schedule day ids, the audit filters,
ids in the path, and `next` on sign-in and on the header's forms. Invalid input gets its message
in the page and sends nothing to Altegio (the sandbox's call log stays empty); `next` never
leads off-site, however it is spelled.
"""

import html
import os
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from loyalty.forms.catalogue import ChainMembershipTypesForm, LocationCatalogueForm
from loyalty.forms.chain import MembershipFilterForm
from loyalty.forms.lookup import EventCheckForm, LookupForm
from loyalty.sandbox import Sandbox
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    MANAGER,
    NEVSKY_CHAIN,
    ClientResponse,
    htmx_headers,
    visible_text,
)

JAMES_ID = 146915197
LOCATION = f"/locations/{HARBOR_STUDIO}"
CHAIN = f"/chains/{HARBOR_CHAIN}"
MANAGER_LOCATIONS = (720441, 720442, 720443, 830001, 830002)
MANAGER_CHAINS = (HARBOR_CHAIN, NEVSKY_CHAIN)
LEAKS = re.compile(r"Traceback|File \"|\b(?:Altegio\w*|Validation|Value|Type|Key|Overflow)Error\b")
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
NOT_LOOKED_UP = "Please check the filters; nothing was looked up."

# Function-scoped fixtures (the signed-in browser, the sandbox) are shared by a test's examples
# on purpose: each example clears the sandbox's call log itself.
# In CI (`CI` set, as `.ci/run` does) every run tries the same examples, so a red run can be
# repeated and a green one means the same thing twice; elsewhere hypothesis explores freely.
IN_CI = bool(os.environ.get("CI"))
FEW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=IN_CI,
    database=None if IN_CI else settings.default.database,
)
SOME = settings(FEW, max_examples=60)


@pytest.fixture(autouse=True)
def no_lookup_limit(settings: Any) -> None:
    """Hundreds of lookups a minute here; the per-person limit has its own tests."""
    settings.LOOKUPS_PER_MINUTE = 0


# --- Strategies ---------------------------------------------------------------------------------

# Anything a keyboard, a paste or a crafted URL can carry (lone surrogates cannot be sent at all).
typed = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
digits = st.from_regex(r"\A[0-9]{1,25}\Z")
numbers = st.one_of(st.integers(min_value=-(10**6), max_value=10**25).map(str), digits)


def mostly[T](sensible: st.SearchStrategy[T], odd: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """Sensible values three times in four, so valid input gets its share of the examples."""
    return st.one_of(sensible, sensible, sensible, odd)


def joined(
    items: st.SearchStrategy[int], separator: str = ",", **kw: Any
) -> st.SearchStrategy[str]:
    """A list of numbers as one comma-separated string."""
    return st.lists(items, **kw).map(lambda values: separator.join(map(str, values)))


dates = mostly(
    st.one_of(
        st.just(""),
        st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
    ),
    st.one_of(
        st.dates().map(date.isoformat),
        st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "31.12.2026"]),
        st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z"),
        typed,
    ),
)
id_lists = mostly(
    st.one_of(st.just(""), joined(st.integers(min_value=1, max_value=10**9), max_size=6)),
    st.one_of(
        joined(st.integers(min_value=-5, max_value=2**64), max_size=120),
        st.lists(digits, max_size=5).map(" ; ".join),
        st.sampled_from(["²", "٣", "1,,2", " 659878 ", "0", "1e3", "0x10", "-1"]),
        typed,
    ),
)
pages = mostly(
    st.one_of(st.just(""), st.integers(min_value=1, max_value=5).map(str)),
    st.one_of(numbers, st.sampled_from(["0", "last", "1.5", "100001"]), typed),
)
counts = mostly(st.sampled_from(["", "25", "50", "100"]), st.one_of(numbers, typed))
flags = st.one_of(st.sampled_from(["", "1", "0", "on", "off", "true", "false"]), typed)
titles = mostly(st.text(st.characters(categories=("L", "N", "Zs", "P")), max_size=30), typed)
phones = mostly(
    st.one_of(
        st.sampled_from(["+1 315 555 0178", "(315) 555-0178", "79161234567", "8 916 123-45-67"]),
        st.from_regex(r"\A\(?315\)? ?555[ -]?01[0-9]{2}\Z"),
    ),
    st.one_of(
        st.sampled_from(["+", "+1", "", "²²²²²²²", "+" + "9" * 39]),
        st.from_regex(r"\A\+?[0-9 ()\-.]{1,40}\Z"),
        typed,
    ),
)
event_ids = mostly(st.sampled_from(["12345", "12346", "1"]), st.one_of(numbers, typed))
day_lists = mostly(
    joined(st.integers(min_value=1, max_value=10), min_size=1, max_size=5),
    st.one_of(
        joined(st.integers(min_value=-3, max_value=10**20), max_size=70),
        st.sampled_from(["1, 2,3", "²", ",", "1;2"]),
        typed,
    ),
)
path_ids = st.integers(min_value=0, max_value=10**30)
htmx = st.booleans()

# `next` values that try to leave the site, and ordinary ones.
OFF_SITE = [
    "//evil.com",
    "///evil.com",
    "https://evil.com",
    "http://evil.com/",
    "/\\evil.com",
    "\\\\evil.com",
    "/\\/evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    " //evil.com",
    "\t//evil.com",
    "/\t/evil.com",
    "//evil.com@testserver",
    "https://testserver@evil.com",
    "http:evil.com",
    "https:/evil.com",
    "//%65vil.com",
    "/%2F/evil.com",
    "\x00//evil.com",
    "ftp://evil.com",
]
next_values = st.one_of(
    st.sampled_from(OFF_SITE),
    st.builds(lambda a, b: a + b, st.sampled_from(OFF_SITE), typed),
    st.builds(lambda b: "/" + b, typed),
    typed,
)


# --- Helpers ------------------------------------------------------------------------------------


def headers_for(region: str, use_htmx: bool) -> dict[str, str]:
    """htmx's headers for a request that swaps `#region`, or none for a plain page load."""
    return htmx_headers(region) if use_htmx else {}


def without_echoes(response: ClientResponse) -> str:
    """The body without what the person typed: a search box echoing `AltegioError` is no leak."""
    body = response.content.decode()
    request = response.wsgi_request
    typed = [
        value
        for data in (request.GET, request.POST)
        for values in data.lists()
        for value in values[1]
    ]
    # Longest first, so a value that contains another is removed whole.
    for value in sorted({value for value in typed if value}, key=len, reverse=True):
        for spelling in {value, html.escape(value), html.escape(value, quote=False)}:
            body = body.replace(spelling, " ")
    return body


def assert_no_failure(response: ClientResponse) -> None:
    """Not a 500, and nothing of a traceback in the body (what the person typed aside)."""
    assert response.status_code != 500
    if not response.streaming:
        body = without_echoes(response)
        assert not LEAKS.search(body), LEAKS.search(body)


def stays_on_site(location: str) -> bool:
    """Whether a browser following `location` from http://testserver/ stays on testserver."""
    # Browsers drop tabs and newlines, trim control characters and spaces, and read a
    # backslash as a slash (the WHATWG URL standard).
    cleaned = re.sub(r"[\t\n\r]", "", location).strip(C0_AND_SPACE).replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return not parts.netloc and not cleaned.startswith("//")


def sign_in_targets(response: ClientResponse) -> Iterator[str]:
    """Where a response sends the browser: Location or HX-Redirect, and any `next` they carry."""
    for header in ("Location", "HX-Redirect"):
        if target := response.get(header):
            yield target
            yield from parse_qs(urlsplit(target).query).get("next", [])


# --- Front desk ---------------------------------------------------------------------------------


@FEW
@given(phone=phones, use_htmx=htmx)
@example(phone="²²²²²²²", use_htmx=True)
@example(phone="+" + "9" * 39, use_htmx=False)
def test_any_phone_is_looked_up_or_explained_without_asking_altegio(
    manager: Client, sandbox: Sandbox, phone: str, use_htmx: bool
) -> None:
    sandbox.calls.clear()
    response = manager.post(
        f"{LOCATION}/clients/", {"phone": phone}, headers=headers_for("results", use_htmx)
    )

    assert_no_failure(response)
    valid = LookupForm({"phone": phone}, region="US").is_valid()
    event("valid" if valid else "invalid")
    # A form error is a 400 page without JavaScript; htmx swaps only 2xx, so its region is a 200.
    assert response.status_code == (200 if valid or use_htmx else 400)
    if valid:
        assert sandbox.calls, "a valid phone is looked up"
        assert 'id="results"' in response.content.decode()
    else:
        assert sandbox.calls == []
        assert 'class="notice error" role="alert"' in response.content.decode()


@FEW
@given(event_id=event_ids, days=day_lists, use_htmx=htmx)
@example(event_id="12345", days="1,2,3", use_htmx=True)
@example(event_id="9" * 30, days="1", use_htmx=False)
def test_any_event_check_is_answered_or_explained_without_asking_altegio(
    manager: Client, sandbox: Sandbox, event_id: str, days: str, use_htmx: bool
) -> None:
    sandbox.calls.clear()
    query = {"event_id": event_id, "schedule_day_ids": days}
    response = manager.get(
        f"{LOCATION}/clients/{JAMES_ID}/event-check/",
        query,
        headers=headers_for(f"event-check-{JAMES_ID}", use_htmx),
    )

    assert_no_failure(response)
    valid = EventCheckForm(query).is_valid()
    event("valid" if valid else "invalid")
    if valid:
        assert sandbox.calls, "a valid check asks Altegio"
    else:
        assert response.status_code == (200 if use_htmx else 400)
        # No check reaches Altegio; a whole page still lists the events to pick from.
        assert {call.endpoint for call in sandbox.calls} <= {"activities"}
        assert 'class="notice error" role="alert"' in response.content.decode()


@FEW
@given(location_id=mostly(st.sampled_from(MANAGER_LOCATIONS), path_ids), client_id=path_ids)
@example(location_id=HARBOR_STUDIO, client_id=10**30)
def test_any_ids_in_a_location_path_are_a_page_or_a_refusal_never_a_failure(
    manager: Client, sandbox: Sandbox, location_id: int, client_id: int
) -> None:
    sandbox.calls.clear()
    for url in (
        f"/locations/{location_id}/clients/",
        f"/locations/{location_id}/me/",
        f"/locations/{location_id}/clients/{client_id}/event-check/?event_id=1&schedule_day_ids=1",
    ):
        response = manager.get(url)
        assert_no_failure(response)
        if location_id not in MANAGER_LOCATIONS:
            assert response.status_code == 403
            assert "not one of yours" in visible_text(response)
    if location_id not in MANAGER_LOCATIONS:
        assert sandbox.calls == []  # a foreign location never reaches Altegio


# --- Catalogues ---------------------------------------------------------------------------------


@FEW
@given(title=titles, ids=id_lists, page=pages, refresh=flags, use_htmx=htmx)
@example(title="", ids="²", page="1", refresh="", use_htmx=False)
@example(title="x" * 101, ids="", page="", refresh="1", use_htmx=True)
def test_any_location_catalogue_search_is_shown_or_explained_without_asking_altegio(
    manager: Client,
    sandbox: Sandbox,
    title: str,
    ids: str,
    page: str,
    refresh: str,
    use_htmx: bool,
) -> None:
    query = {"title": title, "ids": ids, "page": page, "refresh": refresh}
    valid = LocationCatalogueForm(query).is_valid()
    event("valid" if valid else "invalid")
    for catalogue in ("membership-types", "gift-card-types"):
        sandbox.calls.clear()
        response = manager.get(
            f"{LOCATION}/{catalogue}/", query, headers=headers_for("types-results", use_htmx)
        )

        assert_no_failure(response)
        if valid:
            assert response.status_code == 200
            assert "altegio-error" not in response.content.decode()
        else:
            assert response.status_code == (200 if use_htmx else 400)
            assert NOT_LOOKED_UP in visible_text(response)
            assert sandbox.calls == []


@FEW
@given(title=titles, archived=flags, page=pages, refresh=flags, use_htmx=htmx)
def test_any_chain_catalogue_search_is_shown_or_explained_without_asking_altegio(
    manager: Client,
    sandbox: Sandbox,
    title: str,
    archived: str,
    page: str,
    refresh: str,
    use_htmx: bool,
) -> None:
    query = {"title": title, "archived": archived, "page": page, "refresh": refresh}
    valid = ChainMembershipTypesForm(query).is_valid()
    event("valid" if valid else "invalid")
    for catalogue in ("membership-types", "gift-card-types"):
        sandbox.calls.clear()
        response = manager.get(
            f"{CHAIN}/{catalogue}/", query, headers=headers_for("types-results", use_htmx)
        )

        assert_no_failure(response)
        if valid:
            assert response.status_code == 200
            assert "altegio-error" not in response.content.decode()
        else:
            assert response.status_code == (200 if use_htmx else 400)
            assert NOT_LOOKED_UP in visible_text(response)
            assert sandbox.calls == []


@FEW
@given(
    chain_id=mostly(st.sampled_from(MANAGER_CHAINS), path_ids),
    type_id=mostly(st.sampled_from([97801, 27840]), path_ids),
    refresh=flags,
)
@example(chain_id=HARBOR_CHAIN, type_id=10**30, refresh="1")
def test_any_ids_in_a_chain_path_are_a_page_or_a_refusal_never_a_failure(
    manager: Client, sandbox: Sandbox, chain_id: int, type_id: int, refresh: str
) -> None:
    sandbox.calls.clear()
    mine = chain_id in MANAGER_CHAINS
    for url in (
        f"/chains/{chain_id}/memberships/",
        f"/chains/{chain_id}/membership-types/{type_id}/",
        f"/chains/{chain_id}/gift-card-types/{type_id}/",
    ):
        response = manager.get(url, {"refresh": refresh})
        assert_no_failure(response)
        if not mine:
            assert response.status_code == 403
    if not mine:
        assert sandbox.calls == []


# --- Chain memberships: list, summary, export ---------------------------------------------------


@SOME
@given(
    created_after=dates,
    created_before=dates,
    ids=id_lists,
    count=counts,
    page=pages,
    use_htmx=htmx,
)
@example(
    created_after="0001-01-01",
    created_before="9999-12-31",
    ids="",
    count="100",
    page="100000",
    use_htmx=False,
)
@example(created_after="", created_before="", ids="²", count="", page="", use_htmx=True)
def test_any_chain_filters_are_listed_or_explained_without_asking_altegio(
    manager: Client,
    sandbox: Sandbox,
    created_after: str,
    created_before: str,
    ids: str,
    count: str,
    page: str,
    use_htmx: bool,
) -> None:
    query = {
        "created_after": created_after,
        "created_before": created_before,
        "ids": ids,
        "count": count,
        "page": page,
    }
    valid = MembershipFilterForm(query).is_valid()
    # Summaries are cached per chain + filter, and two generated filters can mean the same one.
    cache.clear()
    event("valid" if valid else "invalid")
    for url, region in (
        (f"{CHAIN}/memberships/", "memberships-results"),
        (f"{CHAIN}/memberships/summary/", "summary"),
        (f"{CHAIN}/memberships/export.csv", "memberships-results"),
    ):
        sandbox.calls.clear()
        response = manager.get(url, query, headers=headers_for(region, use_htmx))

        assert_no_failure(response)
        if valid:
            assert sandbox.calls, f"valid filters are looked up ({url})"
            assert response.status_code == 200
            if not response.streaming:
                assert "altegio-error" not in response.content.decode()
        else:
            assert sandbox.calls == []
            assert response.status_code == (200 if use_htmx else 400)
            assert NOT_LOOKED_UP in visible_text(response)


# --- Audit log ----------------------------------------------------------------------------------


@SOME
@given(staff=numbers, date_from=dates, date_to=dates, phone=phones, page=pages, use_htmx=htmx)
@example(staff="1" + "0" * 24, date_from="", date_to="", phone="", page="", use_htmx=False)
@example(staff="", date_from="0001-01-01", date_to="9999-12-31", phone="", page="", use_htmx=True)
def test_any_audit_filters_show_entries_or_explain_and_never_ask_altegio(
    manager: Client,
    sandbox: Sandbox,
    staff: str,
    date_from: str,
    date_to: str,
    phone: str,
    page: str,
    use_htmx: bool,
) -> None:
    sandbox.calls.clear()
    query = {"staff": staff, "date_from": date_from, "date_to": date_to, "phone": phone}
    # The filters go by POST (the phone never rides in a URL); the answer's URL pages on.
    response = manager.post(
        f"/audit/?page={quote(page)}",
        query,
        headers=headers_for("audit-results", use_htmx),
        follow=not use_htmx,
    )

    assert_no_failure(response)
    assert response.status_code == 200
    # The log is ours: only the person's rights are asked (always fresh for the audit log).
    assert {call.endpoint for call in sandbox.calls} <= {"locations", "chains"}
    text = visible_text(response)
    assert "Check the filters." in text or re.search(r"\bentr(y|ies)\b|No entries", text)


def test_the_last_day_there_is_and_a_huge_staff_id_are_filters_not_failures(
    manager: Client,
) -> None:
    # Found by the property above: date_to=9999-12-31 had no next day to stop before, and a
    # staff id past 64 bits overflowed the database query.
    assert manager.get("/audit/", {"date_to": "9999-12-31"}).status_code == 200
    response = manager.get("/audit/", {"staff": "1" + "0" * 24})
    assert response.status_code == 200
    assert "Check the filters." in visible_text(response)


def test_unicode_digits_in_ids_are_explained_not_a_failure(
    manager: Client, sandbox: Sandbox
) -> None:
    # Found by the properties above: "²" passes str.isdigit() but int() refuses it.
    sandbox.calls.clear()
    for url in (f"{CHAIN}/memberships/", f"{LOCATION}/membership-types/"):
        response = manager.get(url, {"ids": "659878,²"})
        assert response.status_code == 400
        assert "Ids are whole numbers separated by commas" in visible_text(response)
    assert sandbox.calls == []


# --- `next` never leaves the site ---------------------------------------------------------------


@FEW
@given(target=next_values)
@example(target="/audit/?phone=1")
def test_signing_in_never_sends_anyone_off_site(db: None, sandbox: Sandbox, target: str) -> None:
    browser = Client()
    response = browser.post("/accounts/login/", {**MANAGER, "next": target})
    assert_no_failure(response)
    assert response.status_code == 302
    for place in sign_in_targets(response):
        assert stays_on_site(place), place
    # Signed in, opening sign-in again with the same `next` stays here too.
    response = browser.get("/accounts/login/", {"next": target})
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@FEW
@given(target=next_values)
def test_the_sign_in_form_never_carries_an_off_site_next(
    db: None, sandbox: Sandbox, target: str
) -> None:
    response = Client().get("/accounts/login/", {"next": target})
    assert response.status_code == 200
    carried = re.search(r'name="next" value="([^"]*)"', response.content.decode())
    assert carried is not None
    assert carried.group(1) == "" or stays_on_site(html.unescape(carried.group(1)))


@FEW
@given(target=next_values, location=st.one_of(numbers, typed))
def test_the_header_forms_never_send_anyone_off_site(
    manager: Client, sandbox: Sandbox, target: str, location: str
) -> None:
    referer = {"Referer": target} if target.isascii() and target.isprintable() else {}
    # Ending the sandbox token goes last: it signs the person out of Altegio.
    for url, data in (
        ("/accounts/refresh/", {"next": target}),
        ("/accounts/location/", {"location_id": location, "next": target}),
        ("/sandbox/end-token/", {"next": target}),
    ):
        response = manager.post(url, data, headers=referer)
        assert_no_failure(response)
        assert response.status_code in (302, 403)
        for place in sign_in_targets(response):
            assert stays_on_site(place), (url, place)
    manager.post("/accounts/login/", MANAGER)  # a fresh Altegio token for the next example


@FEW
@given(current=next_values)
@example(current="https://testserver@evil.comO2]")  # urlsplit refuses it: no page to return to
def test_an_ended_session_never_sends_anyone_off_site(
    manager: Client, sandbox: Sandbox, current: str
) -> None:
    # The page htmx says it was on becomes `next` on sign-in: only when it is this site's.
    sandbox.inject("*", status=401, times=1)
    sendable = current.isprintable() and current.isascii()
    headers = htmx_headers("my-cards", current_url=current if sendable else "")
    response = manager.get(f"{LOCATION}/me/", headers=headers)
    assert_no_failure(response)
    for place in sign_in_targets(response):
        assert stays_on_site(place), place
    manager.post("/accounts/login/", MANAGER)  # back in for the next example


def test_a_search_term_that_names_an_exception_is_echoed_not_taken_for_a_leak(
    manager: Client, sandbox: Sandbox
) -> None:
    response = manager.get(
        f"{LOCATION}/membership-types/",
        {"title": "AltegioError"},
        headers=headers_for("types-results", True),
    )

    assert "AltegioError" in response.content.decode()  # the search box keeps what was typed
    assert_no_failure(response)


def test_the_property_tests_repeat_the_same_examples_in_ci() -> None:
    assert FEW.derandomize is IN_CI
    assert SOME.derandomize is IN_CI
