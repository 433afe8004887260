"""What the bench sends after a fragment, as htmx would: polls and late-loading regions only."""

import asyncio
from urllib.parse import parse_qs

import httpx

from bench.session import FollowUp, StaffSession, htmx_follow_ups, trigger_delay

SUMMARY_STEP = """
<section id="summary" class="summary"
  hx-get="/chains/145071/memberships/summary/?created_after=2026-01-01"
  hx-trigger="load delay:300ms" hx-target="this" hx-swap="outerHTML">
  <p>Counting… 300 so far</p>
</section>
"""
LOOKUP_ANSWER = """
<section id="results">
  <p>No. <strong>788376</strong></p>
  <div id="client-card" class="client-card pending" hx-post="/locations/720441/clients/card/"
     hx-trigger="load" hx-include="#id_phone" hx-vals='{"ticket": "Tk1"}'
     hx-target="this" hx-swap="outerHTML" hx-push-url="false"></div>
  <button hx-get="/locations/720441/clients/146915197/event-check/" hx-target="#event-check-1">
    Check</button>
</section>
"""


def test_a_running_summary_polls_its_own_region_after_three_hundred_ms():
    assert htmx_follow_ups(SUMMARY_STEP) == [
        FollowUp(
            "GET", "/chains/145071/memberships/summary/?created_after=2026-01-01", "summary", 0.3
        )
    ]


def test_a_finished_summary_stops_polling():
    done = '<section id="summary" class="summary"><dl class="stats"></dl></section>'
    assert htmx_follow_ups(done) == []


def test_a_client_card_loaded_after_the_lookup_is_followed_but_a_button_is_not_clicked():
    assert htmx_follow_ups(LOOKUP_ANSWER) == [
        FollowUp(
            "POST",
            "/locations/720441/clients/card/",
            "client-card",
            0.0,
            values=(("ticket", "Tk1"),),
            include="#id_phone",
        )
    ]


def test_trigger_delays_read_in_milliseconds_or_seconds():
    assert trigger_delay("load delay:300ms") == 0.3
    assert trigger_delay("load delay:2s, revealed") == 2.0
    assert trigger_delay("load") == 0.0


def follow_first(fragment: str, fields: dict[str, str] | None = None) -> httpx.Request:
    """What the bench sends to follow the fragment's first follow-up."""
    sent: list[httpx.Request] = []

    def dashboard(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="<div id='client-card'>Anna Brooks</div>")

    async def follow() -> httpx.Response:
        session = StaffSession("http://dashboard.test")
        session.http = httpx.AsyncClient(
            base_url="http://dashboard.test", transport=httpx.MockTransport(dashboard)
        )
        session.http.cookies.set("csrftoken", "csrf1")
        first = htmx_follow_ups(fragment)[0]
        try:
            return await session.follow(first, page="/", fields=fields)
        finally:
            await session.aclose()

    asyncio.run(follow())
    (request,) = sent
    return request


def test_a_summary_poll_keeps_its_sale_date_filter():
    request = follow_first(SUMMARY_STEP)

    assert request.method == "GET"
    assert request.url.path == "/chains/145071/memberships/summary/"
    # Without it the poll would count the whole chain (httpx's `params=` replaces a query).
    assert parse_qs(request.url.query.decode()) == {"created_after": ["2026-01-01"]}


def test_the_client_card_is_asked_with_the_lookups_phone_and_ticket_as_htmx_sends_them():
    request = follow_first(LOOKUP_ANSWER, {"#id_phone": "+1 315 555 0178"})

    assert request.method == "POST"
    assert request.headers["HX-Target"] == "client-card"
    # Without them the dashboard refuses the card ("It can only follow a lookup you just made").
    assert parse_qs(request.content.decode()) == {"ticket": ["Tk1"], "phone": ["+1 315 555 0178"]}
