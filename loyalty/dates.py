"""Time zones and calendar days at a location: shared by services, views and template filters."""

import re
from datetime import date, datetime, timedelta, tzinfo
from datetime import timezone as fixed_offset
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

# A location that sent `timezone` in hours only is read as "UTC+05:30" (see Location.timezone).
_OFFSET = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")


type Zone = str | tzinfo | None  # a zone's name (a location's `timezone`), or the zone itself


def zone(tz_name: Zone) -> tzinfo:
    """The location's time zone, or UTC when Altegio gave none we know."""
    if isinstance(tz_name, tzinfo):
        return tz_name
    if tz_name and (offset := _OFFSET.match(tz_name)):
        sign, hours, minutes = offset.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return fixed_offset(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(tz_name) if tz_name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(value: datetime | date | None, tz_name: Zone) -> date | None:
    """The calendar day of `value` at the location (a time without a zone is taken as it is)."""
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


def days_left(value: datetime | date | None, tz_name: str | None = None) -> int | None:
    """Whole days from today (at the location) until `value`; negative once past."""
    day = local_date(value, tz_name)
    return None if day is None else (day - today_at(tz_name)).days


# Cities people name their time by, in both languages (the rest: the zone's own city name).
ZONE_CITIES = {
    "America/New_York": gettext_lazy("New York"),
    "America/Chicago": gettext_lazy("Chicago"),
    "America/Denver": gettext_lazy("Denver"),
    "America/Los_Angeles": gettext_lazy("Los Angeles"),
    "Europe/London": gettext_lazy("London"),
    "Europe/Moscow": gettext_lazy("Moscow"),
    "Europe/Berlin": gettext_lazy("Berlin"),
    "Asia/Dubai": gettext_lazy("Dubai"),
    "UTC": gettext_lazy("UTC"),
}


def zone_words(tz_name: str | None) -> str:
    """A time zone as people say it: 'New York time' (an offset or no zone: 'UTC+03:00 time')."""
    name = tz_name or "UTC"
    city = ZONE_CITIES.get(name) or name.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(city)s time") % {"city": city}
