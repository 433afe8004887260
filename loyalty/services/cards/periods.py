"""Periods and days in words: '3 months', '14 Dec 2026', 'in 12 days'."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, ngettext_lazy

# Altegio's period units (docs/altegio.md §2.2): 1 day, 2 week, 3 month, 4 year.
PERIOD_UNITS = {
    1: ngettext_lazy("%(count)s day", "%(count)s days", "count"),
    2: ngettext_lazy("%(count)s week", "%(count)s weeks", "count"),
    3: ngettext_lazy("%(count)s month", "%(count)s months", "count"),
    4: ngettext_lazy("%(count)s year", "%(count)s years", "count"),
}


def period_in_words(amount: int | None, unit_id: int | None) -> str:
    """'3 months', '1 year'; empty when the period is not set."""
    if not amount or unit_id not in PERIOD_UNITS:
        return ""
    return PERIOD_UNITS[unit_id] % {"count": amount}


def day_words(day: date | None, *, year: bool = True) -> str:
    """'14 Dec 2026' (or '14 Dec')."""
    if day is None:
        return ""
    # Translators: a day as Django's date filter formats it ("14 Dec 2026", "14 Dec").
    return date_format(day, gettext("j M Y") if year else gettext("j M"))


def days_left_words(days: int | None) -> str:
    """'today', 'tomorrow', 'in 12 days', 'yesterday', '3 days ago' ('' when unknown)."""
    if days is None:
        return ""
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    if days > 1:
        return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}
    if days == -1:
        return gettext("yesterday")
    return ngettext("%(count)s day ago", "%(count)s days ago", -days) % {"count": -days}


def expiry_note(days: int | None) -> str:
    """'in 12 days', 'today', 'expired 3 days ago' ('' when it does not expire)."""
    words = days_left_words(days)
    if days is not None and days < 0:
        return f"{gettext('expired')} {words}"
    return words
