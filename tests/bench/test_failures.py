"""What the bench keeps of a failed client card: when it was due and the words it showed."""

from django.template.loader import render_to_string

from bench.desks import DeskLookup, alert_text, failures
from loyalty.altegio.errors import AltegioBudgetHeldBack
from loyalty.services.failures import shown_error


def held_back_card() -> str:
    """The client card's region as the dashboard renders it when the budget held it back."""
    return render_to_string(
        "includes/altegio_error.html",
        {
            "error": shown_error(AltegioBudgetHeldBack(waited=50.0)),
            "error_heading": "The client card could not be loaded.",
        },
    )


def test_an_alert_is_kept_in_the_words_the_person_read():
    assert alert_text(held_back_card()) == (
        "The client card could not be loaded. Altegio's request limit is kept for the desks' "
        "lookups right now. Please try again in a minute."
    )


def test_the_failures_list_the_failed_lookups_only_with_when_they_were_due():
    fine = DeskLookup(due=3.0)
    gave_up = DeskLookup(due=49.5)
    gave_up.follow_up_errors.append("/locations/720441/clients/card/: alert")
    gave_up.alerts.append(alert_text(held_back_card()))
    failed = DeskLookup(due=61.25, error="HTTP 502")

    listed = failures([fine, gave_up, failed])

    assert [item["due_s"] for item in listed] == [49.5, 61.25]
    assert listed[0]["alerts"][0].startswith("The client card could not be loaded. Altegio's")
    assert listed[1]["error"] == "HTTP 502"
    assert failures([fine, gave_up, failed], count=1) == listed[:1]
