"""The audit log in plain words: what each entry searched, as a manager would say it."""

from datetime import date
from urllib.parse import parse_qs

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
        paging = f"page {values['page']}"
        if values.get("count"):
            paging += f", {values['count']} a page"
        parts.append(paging)
    parts.append(sold_words(start, end, this_year=this_year))
    if values.get("ids"):
        parts.append("ids " + ", ".join(part for part in values["ids"].split(",") if part))
    return "; ".join(parts)


def sold_words(start: date | None, end: date | None, *, this_year: int) -> str:
    """'sold 1–31 Oct', 'sold 15 Sep – 2 Oct 2025', 'sold from 1 Oct', 'any sale date'."""
    if start is None:
        return "any sale date" if end is None else f"sold until {_day(end, this_year)}"
    if end is None:
        return f"sold from {_day(start, this_year)}"
    if start == end:
        return f"sold {_day(start, this_year)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"sold {start.day}–{_day(end, this_year)}"
    if start.year == end.year:
        return f"sold {start.day} {start:%b} – {_day(end, this_year)}"
    return f"sold {_day(start, 0)} – {_day(end, 0)}"


def _day(day: date, this_year: int) -> str:
    """'31 Oct' in the viewer's year, '31 Oct 2025' in any other."""
    return f"{day.day} {day:%b}" if day.year == this_year else f"{day.day} {day:%b %Y}"
