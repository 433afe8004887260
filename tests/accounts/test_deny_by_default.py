"""Deny by default: every route needs sign-in, and every location or chain id must be yours."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.accounts.routes import Route, all_routes
from tests.helpers import HARBOR_CHAIN, HARBOR_NORTH, HARBOR_STUDIO, htmx_headers

pytestmark = pytest.mark.django_db

# The language switcher is public too: the sign-in page offers it (it only sets a cookie then).
# The health checks are for an orchestrator; /metrics asks for its own token instead of a person.
PUBLIC = {"accounts:login", "healthz", "readyz", "metrics", "set_language"}
PRIVATE = [route for route in all_routes() if route.name not in PUBLIC]
SCOPED = [route for route in PRIVATE if {"location_id", "chain_id"} & set(route.parameters)]
ELSEWHERE = 999_999  # a location or chain nobody signed in here has
METHODS = ("get", "post")


def test_only_sign_in_the_language_switch_health_and_metrics_skip_sign_in():
    assert {route.name for route in all_routes() if route.is_public} == PUBLIC


def test_the_url_walk_sees_the_location_and_chain_pages():
    assert {"loyalty:lookup", "loyalty:chain_memberships", "loyalty:audit"} <= {
        route.name for route in PRIVATE
    }
    assert len(SCOPED) >= 12


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("route", PRIVATE, ids=str)
def test_every_private_route_sends_an_anonymous_visitor_to_sign_in(client, route, method):
    url = route.url({"location_id": HARBOR_STUDIO, "chain_id": HARBOR_CHAIN})
    response = getattr(client, method)(url)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/accounts/login/"
    # After signing in they come back to the page, never to a URL that only takes a POST.
    assert parse_qs(target.query).get("next") == ([url] if method == "get" else None)


@pytest.mark.parametrize("route", PRIVATE, ids=str)
def test_an_anonymous_htmx_request_gets_a_whole_page_redirect(client, route):
    url = route.url({"location_id": HARBOR_STUDIO, "chain_id": HARBOR_CHAIN})
    response = client.get(url, headers=htmx_headers())
    assert response.status_code == 200
    assert urlsplit(response["HX-Redirect"]).path == "/accounts/login/"
    assert response.content == b""


def test_an_anonymous_form_post_returns_to_the_page_that_carried_the_form(client):
    response = client.post("/accounts/logout/", headers={"Referer": "http://testserver/audit/"})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/audit/"]


def test_the_sign_in_page_the_health_check_and_static_files_need_no_sign_in(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200


def assert_refused_without_asking_altegio(browser: Client, sandbox, route: Route, ids) -> None:
    """Each method the route accepts answers 403 for `ids`, and Altegio hears nothing."""
    url = route.url({"type_id": 1, "client_id": 1, **ids})
    answers = {}
    for method in METHODS:
        sandbox.calls.clear()
        for headers in ({}, htmx_headers()):
            response = getattr(browser, method)(url, headers=headers)
            answers[method] = response.status_code
            assert response.status_code in {403, 405}, (method, url, response.status_code)
            assert sandbox.calls == [], (method, url, [call.endpoint for call in sandbox.calls])
            if response.status_code == 403:
                assert "You cannot open this page" in response.content.decode()
    assert 403 in answers.values(), f"{url} accepts neither GET nor POST"
    assert answers["get"] == 403, f"{url} should accept GET"


@pytest.mark.parametrize("route", SCOPED, ids=str)
def test_the_front_desk_cannot_open_another_locations_or_a_chains_pages(front_desk, sandbox, route):
    # Harbor North exists but is not theirs; the Harbor chain is theirs without loyalty rights.
    assert_refused_without_asking_altegio(
        front_desk, sandbox, route, {"location_id": HARBOR_NORTH, "chain_id": HARBOR_CHAIN}
    )


@pytest.mark.parametrize("route", SCOPED, ids=str)
def test_a_manager_cannot_open_pages_of_locations_or_chains_outside_their_list(
    manager, sandbox, route
):
    assert_refused_without_asking_altegio(
        manager, sandbox, route, {"location_id": ELSEWHERE, "chain_id": ELSEWHERE}
    )


def test_the_front_desk_cannot_open_the_audit_log(front_desk, sandbox):
    sandbox.calls.clear()
    response = front_desk.get("/audit/")
    assert response.status_code == 403
    assert "for managers" in response.content.decode()
    # Only their rights are asked (fresh, as always before the audit log); no log data.
    assert {call.endpoint for call in sandbox.calls} == {"chains", "locations"}
