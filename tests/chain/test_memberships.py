"""/chains/<id>/memberships/: the chain's memberships, filtered, paged, in full or as a region."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from tests.helpers import HARBOR_CHAIN, calls_to, htmx_headers, visible_text

LIST = f"/chains/{HARBOR_CHAIN}/memberships/"
RESULTS = "memberships-results"
NEW_YORK = ZoneInfo("America/New_York")  # Harbor Wellness's time zone
BRIEF_MEMBERSHIP = 659878  # the product brief's example, sold in Harbor Wellness


def m3_queries(upstream: list) -> list:
    """The query strings of every M3 call."""
    return [request.url.params for request in calls_to(upstream, "/loyalty/abonements")]


def test_manager_sees_the_chain_memberships_with_every_column(manager: Client) -> None:
    response = manager.get(LIST)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Memberships sold" in text
    for column in ("Number", "Type", "Status", "Frozen", "Balance", "Sold", "Activated", "Expires"):
        assert f">{column}</th>" in response.content.decode()
    assert response.content.decode().count("<tr") == 26  # the header row and 25 memberships


def test_sale_dates_go_upstream_as_the_whole_days_in_the_chain_time_zone(
    manager: Client, upstream: list
) -> None:
    manager.get(LIST, {"created_after": "2026-10-01", "created_before": "2026-11-20"})

    [query] = m3_queries(upstream)
    # Harbor Wellness is in New York: summer time on Oct 1, standard time by Nov 20.
    assert query["created_after"] == "2026-10-01T00:00:00-04:00"
    assert query["created_before"] == "2026-11-20T23:59:59-05:00"
    assert "abonements_ids[]" not in query


def test_ids_go_upstream_as_abonements_ids_and_only_those_memberships_show(
    manager: Client, upstream: list, sandbox: Sandbox
) -> None:
    other = sandbox.data.chain_memberships[HARBOR_CHAIN][0]

    response = manager.get(LIST, {"ids": f"{BRIEF_MEMBERSHIP}, {other.id}"})

    [query] = m3_queries(upstream)
    assert query.get_list("abonements_ids[]") == [str(BRIEF_MEMBERSHIP), str(other.id)]
    assert "created_after" not in query
    text = visible_text(response)
    assert "788376" in text  # the brief membership's number
    assert str(other.number) in text
    assert response.content.decode().count("<tr") == 3


def test_ids_and_sale_dates_together_ask_for_the_ids_and_say_the_dates_are_not_applied(
    manager: Client, upstream: list
) -> None:
    response = manager.get(
        LIST,
        {"ids": str(BRIEF_MEMBERSHIP), "created_after": "2026-10-01"},
        headers=htmx_headers(RESULTS),
    )

    [query] = m3_queries(upstream)
    assert query.get_list("abonements_ids[]") == [str(BRIEF_MEMBERSHIP)]
    assert "created_after" not in query
    assert "created_before" not in query
    text = visible_text(response)
    assert f"Ids {BRIEF_MEMBERSHIP} (the sale dates are not applied when ids are given)" in text
    assert "788376" in text


def test_no_filter_at_all_asks_for_every_sale_as_a_date_range_never_for_neither(
    manager: Client, upstream: list
) -> None:
    response = manager.get(LIST, headers=htmx_headers(RESULTS))

    [query] = m3_queries(upstream)
    end_of_today = datetime.combine(datetime.now(NEW_YORK).date(), time(23, 59, 59), NEW_YORK)
    assert query["created_after"] == "2000-01-01T00:00:00-05:00"
    assert query["created_before"] == end_of_today.isoformat()
    assert "abonements_ids[]" not in query
    assert "All sale dates" in visible_text(response)


def test_page_size_and_page_go_upstream(manager: Client, upstream: list) -> None:
    manager.get(LIST, {"count": "50", "page": "3"})

    [query] = m3_queries(upstream)
    assert (query["count"], query["page"]) == ("50", "3")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"created_after": "2026-13-01"}, "Dates are written as YYYY-MM-DD"),
        ({"created_before": "01/11/2026"}, "Dates are written as YYYY-MM-DD"),
        (
            {"created_after": "2026-11-20", "created_before": "2026-11-01"},
            "“Sold until” is before “Sold from”",
        ),
        ({"ids": "659878, twelve"}, "Ids are whole numbers separated by commas"),
        ({"count": "1000"}, "Select a valid choice"),
        ({"page": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_filters_get_an_inline_message_and_no_upstream_call(
    manager: Client, upstream: list, params: dict[str, str], message: str
) -> None:
    response = manager.get(LIST, params)

    assert response.status_code == 400
    assert message in visible_text(response)
    assert "nothing was looked up" in visible_text(response)
    assert m3_queries(upstream) == []


def test_bad_filters_in_an_htmx_request_come_back_as_a_swappable_region(
    manager: Client, upstream: list
) -> None:
    response = manager.get(LIST, {"created_after": "yesterday"}, headers=htmx_headers(RESULTS))

    assert response.status_code == 200  # htmx 2 does not swap a 400
    assert response.content.decode().lstrip().startswith('<section id="memberships-results"')
    assert "Dates are written as YYYY-MM-DD" in visible_text(response)
    assert m3_queries(upstream) == []


def test_an_htmx_request_for_the_results_gets_only_the_table_region(manager: Client) -> None:
    response = manager.get(LIST, {"count": "25"}, headers=htmx_headers(RESULTS))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="memberships-results"')
    assert "<html" not in body
    assert 'id="membership-filters"' not in body
    assert "HX-Request" in response["Vary"]


def test_the_full_page_also_varies_on_hx_request(manager: Client) -> None:
    response = manager.get(LIST)

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_is_a_real_get_form_that_updates_the_table_by_htmx(
    manager: Client,
) -> None:
    body = manager.get(LIST).content.decode()

    assert f'<form method="get" action="{LIST}"' in body
    assert f'hx-get="{LIST}"' in body
    assert 'hx-target="#memberships-results"' in body
    assert 'hx-trigger="input changed delay:500ms, submit"' in body
    assert 'hx-push-url="true"' in body


def test_a_pasted_link_shows_the_same_filters_in_the_form(manager: Client) -> None:
    body = manager.get(
        LIST, {"created_after": "2026-10-01", "ids": "659878", "count": "50", "page": "2"}
    ).content.decode()

    assert 'name="created_after" value="2026-10-01"' in body
    assert 'name="ids" value="659878"' in body
    assert '<option value="50" selected>' in body


def test_a_full_page_offers_next_keeping_the_filters_and_shows_no_total(
    manager: Client,
) -> None:
    response = manager.get(LIST, {"created_after": "2026-01-01", "count": "25"})

    body = response.content.decode()
    next_link = "?created_after=2026-01-01&amp;count=25&amp;page=2"
    assert f'href="{next_link}"' in body
    assert f'hx-get="{next_link}"' in body
    assert 'rel="prev"' not in body
    text = visible_text(response)
    assert "Page 1" in text
    assert "Page 1 of" not in text  # M3 reports no total


def test_page_two_offers_previous_with_the_same_filters(manager: Client) -> None:
    response = manager.get(
        LIST, {"created_after": "2026-01-01", "page": "2"}, headers=htmx_headers(RESULTS)
    )

    body = response.content.decode()
    assert 'href="?created_after=2026-01-01&amp;page=1"' in body
    assert "Page 2" in visible_text(response)


def test_a_short_page_is_the_last_one(manager: Client) -> None:
    response = manager.get(LIST, {"ids": str(BRIEF_MEMBERSHIP)})

    assert 'rel="next"' not in response.content.decode()


def test_a_page_past_the_end_says_so(manager: Client, sandbox: Sandbox) -> None:
    newest = sandbox.data.chain_memberships[HARBOR_CHAIN][0]

    response = manager.get(LIST, {"ids": str(newest.id), "page": "2"})

    assert "No more memberships" in visible_text(response)
    assert 'rel="prev"' in response.content.decode()


def test_a_frozen_membership_shows_how_long_it_has_been_frozen(
    manager: Client, sandbox: Sandbox
) -> None:
    frozen = next(item for item in sandbox.data.chain_memberships[HARBOR_CHAIN] if item.is_frozen)

    response = manager.get(LIST, {"ids": str(frozen.id)})

    days = frozen.freeze_period
    assert f'<span class="badge frozen">{days} day{"s" if days != 1 else ""}</span>' in (
        response.content.decode()
    )


def test_status_shows_altegio_own_title_as_a_badge(manager: Client) -> None:
    response = manager.get(LIST, {"ids": str(BRIEF_MEMBERSHIP)})

    assert '<span class="badge status-created">Released</span>' in response.content.decode()


def test_expiry_shows_the_days_left(manager: Client, sandbox: Sandbox) -> None:
    today = sandbox.data.today
    soon = next(
        item
        for item in sandbox.data.chain_memberships[HARBOR_CHAIN]
        if item.expires and today + timedelta(days=2) < item.expires.date() < today + timedelta(10)
    )

    response = manager.get(LIST, {"ids": str(soon.id)})

    assert "in " in visible_text(response)
    assert 'class="warn-text nowrap"' in response.content.decode()


def test_altegio_refusing_the_chain_shows_no_rights_inside_the_region(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M3", status=403)

    partial = manager.get(LIST, headers=htmx_headers(RESULTS))
    sandbox.inject("M3", status=403)
    full = manager.get(LIST)

    assert partial.status_code == 200
    assert "You have no rights in Harbor Wellness in Altegio" in visible_text(partial)
    assert "Try again" not in visible_text(partial)
    assert full.status_code == 403
    assert "You have no rights in Harbor Wellness in Altegio" in visible_text(full)


def test_altegio_not_answering_offers_a_retry_of_the_same_view(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M3", kind="timeout")

    response = manager.get(LIST, {"ids": "659878"}, headers=htmx_headers(RESULTS))

    assert response.status_code == 200
    assert "Altegio is not answering" in visible_text(response)
    body = response.content.decode()
    assert f'hx-get="{LIST}?ids=659878"' in body
    assert 'hx-target="#memberships-results"' in body


def test_altegio_server_error_gives_a_503_page_never_a_500(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M3", status=502)

    response = manager.get(LIST)

    assert response.status_code == 503
    assert "Altegio is not answering" in visible_text(response)


def test_an_ended_altegio_session_sends_htmx_to_sign_in(manager: Client, sandbox: Sandbox) -> None:
    sandbox.inject("M3", status=401)

    response = manager.get(LIST, headers=htmx_headers(RESULTS))

    assert response.headers["HX-Redirect"].startswith("/accounts/login/")


@pytest.mark.backends
def test_each_list_view_is_recorded_in_the_audit_log(manager: Client) -> None:
    manager.get(LIST, {"created_after": "2026-10-01", "ids": "659878"})
    manager.get(LIST, {"page": "2"}, headers=htmx_headers(RESULTS))

    first, second = AuditEntry.objects.filter(kind=AuditEntry.Kind.CHAIN_LIST).order_by("id")
    assert first.chain_id == HARBOR_CHAIN
    assert first.query == "created_after=2026-10-01&ids=659878&page=1&count=25"
    assert first.result_count == 1
    assert first.staff_name
    assert second.query == "page=2&count=25"
    assert second.result_count == 25


def test_bad_filters_are_not_recorded_as_a_list_view(manager: Client) -> None:
    manager.get(LIST, {"created_after": "nope"})

    assert not AuditEntry.objects.filter(kind=AuditEntry.Kind.CHAIN_LIST).exists()
