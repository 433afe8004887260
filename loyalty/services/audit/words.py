"""The audit log in plain words: what each entry searched, as a manager would say it."""

from datetime import date
from urllib.parse import parse_qs

from django.utils.translation import gettext, gettext_noop

from loyalty.services.cards.periods import day_words

KNOWN_KEYS = frozenset({"created_after", "created_before", "ids", "page", "count"})


def searched_words(query: str, *, this_year: int) -> str:
    """'page 1, 25 a page; sold 1–31 Oct' for a chain query string; other text as it is."""
    if "=" not in query:
        return query
    values = {key: items[-1] for key, items in parse_qs(query, keep_blank_values=True).items()}
    if not values or not set(values) <= KNOWN_KEYS:
        return query  # written by another release, or by hand: show it untouched
    try:
        start = date.fromisoformat(values["created_after"]) if values.get("created_after") else None
        end = date.fromisoformat(values["created_before"]) if values.get("created_before") else None
    except ValueError:
        return query
    parts: list[str] = []
    if values.get("page"):
        paging = gettext("page %(page)s") % {"page": values["page"]}
        if values.get("count"):
            paging += gettext(", %(count)s a page") % {"count": values["count"]}
        parts.append(paging)
    parts.append(sold_words(start, end, this_year=this_year))
    if values.get("ids"):
        ids = ", ".join(part for part in values["ids"].split(",") if part)
        parts.append(gettext("ids %(ids)s") % {"ids": ids})
    return "; ".join(parts)


def sold_words(start: date | None, end: date | None, *, this_year: int) -> str:
    """'sold 1–31 Oct', 'sold 15 Sep – 2 Oct 2025', 'sold from 1 Oct', 'any sale date'."""
    if start is None:
        if end is None:
            return gettext("any sale date")
        return gettext("sold until %(day)s") % {"day": _day(end, this_year)}
    if end is None:
        return gettext("sold from %(day)s") % {"day": _day(start, this_year)}
    if start == end:
        sold = _day(start, this_year)
    elif (start.year, start.month) == (end.year, end.month):
        sold = f"{start.day}–{_day(end, this_year)}"
    elif start.year == end.year:
        sold = f"{_day(start, start.year)} – {_day(end, this_year)}"
    else:
        sold = f"{_day(start, 0)} – {_day(end, 0)}"
    return gettext("sold %(days)s") % {"days": sold}


def _day(day: date, this_year: int) -> str:
    """'31 Oct' in the viewer's year, '31 Oct 2025' in any other."""
    return day_words(day, year=day.year != this_year)


# The audit log keeps `outcome` in English; a manager reads it in their own language.
OUTCOMES = {
    "ok": gettext_noop("ok"),
    "done": gettext_noop("done"),
    "found": gettext_noop("found"),
    "nothing found": gettext_noop("nothing found"),
    "started": gettext_noop("started"),
    "stopped before the end": gettext_noop("stopped before the end"),
    "limit reached": gettext_noop("limit reached"),
    "Altegio session ended": gettext_noop("Altegio session ended"),
    "no rights in Altegio": gettext_noop("no rights in Altegio"),
    "Altegio licence expired": gettext_noop("Altegio licence expired"),
    "Altegio not answering": gettext_noop("Altegio not answering"),
    "paused: shared store not answering": gettext_noop("paused: shared store not answering"),
    "can pay: all": gettext_noop("can pay"),
    "can pay: some": gettext_noop("can pay: some days"),
    "can pay: none": gettext_noop("cannot pay"),
    " (national form)": gettext_noop(" (national form)"),
    ", some locations failed": gettext_noop(", some locations failed"),
}
# Outcomes that start with fixed words and go on with a reason or Altegio's own words.
OUTCOME_PREFIXES = (
    ("refused by Loyalty Desk: ", gettext_noop("refused by Loyalty Desk: ")),
    ("refused by Altegio: ", gettext_noop("refused by Altegio: ")),
    ("not sent: ", gettext_noop("not sent: ")),
    ("outcome unknown ", gettext_noop("outcome unknown ")),
    ("incomplete: ", gettext_noop("incomplete: ")),
    ("Altegio error", gettext_noop("Altegio error")),
    ("found", gettext_noop("found")),
    ("nothing found", gettext_noop("nothing found")),
)


def outcome_words(outcome: str) -> str:
    """An audit row's outcome in the reader's language (Altegio's own words stay as they came)."""
    if outcome in OUTCOMES:
        return gettext(OUTCOMES[outcome])
    for english, words in sorted(OUTCOME_PREFIXES, key=lambda pair: -len(pair[0])):
        if outcome.startswith(english):
            rest = outcome[len(english) :]
            # A rest we have words for (a rule's reason, " (national form)") is translated too.
            tail = gettext(OUTCOMES.get(rest, rest)) if rest else ""
            return gettext(words) + tail
    return outcome
