"""Template filters that format Altegio values for people: money, local dates, days left."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.templatetags.tz import do_timezone
from django.utils import timezone

from loyalty.services.audit_words import searched_words

register = template.Library()

# Symbols written before the amount; any other currency title goes after it ("6,500 ₽").
_PREFIX_SYMBOLS = {"$", "US$", "£", "€", "A$", "C$"}


def zone(tz_name: str | None) -> ZoneInfo:
    """The location's time zone, or UTC when Altegio gave none we know."""
    try:
        return ZoneInfo(tz_name) if tz_name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(value: datetime | date | None, tz_name: str | None) -> date | None:
    """The calendar day of `value` at the location."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.date()
        return value.astimezone(zone(tz_name)).date()
    return value


def today_at(tz_name: str | None) -> date:
    """Today's date at the location."""
    return timezone.now().astimezone(zone(tz_name)).date()


@register.filter
def money(amount: Decimal | int | float | None, currency: str = "") -> str:
    """6500 → '$6,500' or '6,500 ₽'; cents only when there are some."""
    if amount is None or amount == "":
        return "—"
    value = Decimal(str(amount))
    text = f"{value:,.2f}".removesuffix(".00")
    if not currency:
        return text
    return f"{currency}{text}" if currency in _PREFIX_SYMBOLS else f"{text} {currency}"


@register.filter
def local(value: datetime | None, tz_name: str | None = None) -> datetime | None:
    """The datetime in the location's time zone (use with |date).

    Built like Django's own `|timezone` filter: a plain `astimezone` would be converted back to
    the server's time zone (UTC) by `|date`, moving evening sales to the next day.
    """
    if value is None or not isinstance(value, datetime) or timezone.is_naive(value):
        return value
    shown: datetime = do_timezone(value, zone(tz_name))
    return shown


@register.filter
def days_left(value: datetime | date | None, tz_name: str | None = None) -> int | None:
    """Whole days from today (at the location) until `value`; negative once past."""
    day = local_date(value, tz_name)
    return None if day is None else (day - today_at(tz_name)).days


@register.filter
def days_left_words(value: datetime | date | None, tz_name: str | None = None) -> str:
    """'today', 'tomorrow', 'in 12 days', 'expired 3 days ago'."""
    days = days_left(value, tz_name)
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"in {days} days"
    return "yesterday" if days == -1 else f"{-days} days ago"


@register.filter
def percent(fraction: float | None) -> int:
    """0.72 → 72, for bar widths and labels."""
    return 0 if fraction is None else round(max(0.0, min(1.0, fraction)) * 100)


@register.filter
def searched(query: str, tz_name: str | None = None) -> str:
    """An audit entry's search in words ('page 1, 25 a page; sold 1–31 Oct')."""
    return searched_words(query or "", this_year=today_at(tz_name).year)
