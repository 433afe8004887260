"""What the bench sends after a fragment, as htmx would: polls and late-loading regions only."""

from bench.session import FollowUp, htmx_follow_ups, trigger_delay

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
  <div id="client-card" hx-get="/locations/720441/clients/146915197/card/" hx-trigger="load"></div>
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
        FollowUp("GET", "/locations/720441/clients/146915197/card/", "client-card", 0.0)
    ]


def test_trigger_delays_read_in_milliseconds_or_seconds():
    assert trigger_delay("load delay:300ms") == 0.3
    assert trigger_delay("load delay:2s, revealed") == 2.0
    assert trigger_delay("load") == 0.0
