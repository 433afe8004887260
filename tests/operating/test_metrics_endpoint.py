"""/metrics: the Prometheus text for a token or an allow-listed address, and for nobody else."""

import pytest
from django.test import Client

from tests.helpers import (
    FRONT_DESK,
    HARBOR_STUDIO,
    JAMES,
    JAMES_ID,
    LOOKUP,
    MANAGER,
    follow_up,
    htmx_headers,
    search,
    sign_in,
    visible_text,
)

from .prometheus import metric

pytestmark = pytest.mark.django_db

TOKEN = "metrics-test-token"


def scrape(client: Client, **headers: str):
    return client.get("/metrics", headers=headers)


def test_metrics_are_off_until_a_token_or_an_allow_list_is_set(client: Client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []

    assert scrape(client).status_code == 404


def test_metrics_need_the_token(client: Client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert scrape(client).status_code == 403
    assert scrape(client, Authorization="Bearer not-the-token").status_code == 403
    answer = scrape(client, Authorization=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")


def test_an_allow_listed_address_may_scrape_without_a_token(settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]

    assert scrape(Client(REMOTE_ADDR="10.2.3.4")).status_code == 200
    assert scrape(Client(REMOTE_ADDR="203.0.113.7")).status_code == 403
    # A forwarded address counts only from a trusted proxy.
    spoofed = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.2.3.4")
    assert scrape(spoofed).status_code == 403


def test_a_scrape_after_a_lookup_shows_the_calls_the_lookup_and_the_sign_in(sandbox, settings):
    settings.METRICS_TOKEN = TOKEN
    read = Client(headers={"Authorization": f"Bearer {TOKEN}"})
    before = read.get("/metrics").content.decode()
    desk = sign_in(Client(), FRONT_DESK)
    search(desk, JAMES)

    after = read.get("/metrics").content.decode()

    def grew(name: str, **labels: str) -> float:
        return metric(after, name, **labels) - metric(before, name, **labels)

    m1 = {"method": "GET", "family": "memberships", "status": "200"}
    assert grew("loyaltydesk_altegio_requests_total", **m1) == 1
    assert (
        grew("loyaltydesk_altegio_requests_total", method="POST", family="auth", status="201") == 1
    )
    timed = {"method": "GET", "family": "gift_cards"}
    assert grew("loyaltydesk_altegio_request_duration_seconds_count", **timed) == 1
    assert grew("loyaltydesk_lookups_total", kind="client_lookup", outcome="found") == 1
    assert grew("loyaltydesk_sign_ins_total", outcome="signed_in") == 1


def reader(settings) -> Client:
    """A scraper with the token."""
    settings.METRICS_TOKEN = TOKEN
    return Client(headers={"Authorization": f"Bearer {TOKEN}"})


def test_a_visit_history_counts_as_a_lookup_and_each_call_in_its_own_family(sandbox, settings):
    read = reader(settings)
    manager = sign_in(Client(), MANAGER)
    before = read.get("/metrics").content.decode()
    follow_up(manager, search(manager, JAMES))  # the client card brings the loyalty cards
    card = read.get("/metrics").content.decode()
    visits = manager.get(
        f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/visits/",
        headers=htmx_headers(f"visits-{JAMES_ID}", LOOKUP),
    )
    after = read.get("/metrics").content.decode()

    def grew(name: str, was: str, now: str, **labels: str) -> float:
        return metric(now, name, **labels) - metric(was, name, **labels)

    calls = "loyaltydesk_altegio_requests_total"
    assert visits.status_code == 200
    assert "Visits last 90 days" in visible_text(visits)
    # The loyalty cards are a family of their own, never "other".
    loyalty_cards = {"method": "GET", "family": "loyalty_cards", "status": "200"}
    assert grew(calls, before, card, **loyalty_cards) == 1
    # A page of visits is a lookup of personal data, counted as one (it takes from the quota too).
    looked = {"kind": "client_visits", "outcome": "found"}
    assert grew("loyaltydesk_lookups_total", card, after, **looked) == 1
    assert grew(calls, card, after, method="POST", family="visits", status="200") == 1
    assert grew(calls, card, after, method="GET", family="transactions", status="200") == 1
    others = [line for line in after.splitlines() if 'family="other"' in line]
    assert others == []  # every endpoint the lookup and the visits ask has a family
