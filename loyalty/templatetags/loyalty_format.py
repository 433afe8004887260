"""Template filters that format Altegio values for people: money, local dates, days left."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from loyalty.altegio.types import MembershipType
from loyalty.dates import days_left, today_at, zone
from loyalty.services.audit_words import searched_words
from loyalty.services.cards import periods
from loyalty.services.cards.freeze import FreezeAllowance
from loyalty.services.cards.gift_cards import expiry_rule_words
from loyalty.services.cards.memberships import activation_words, status_title, type_period_words
from loyalty.services.client_card import client_name

register = template.Library()

# Symbols written before the amount; any other currency title goes after it ("6,500 ₽").
_PREFIX_SYMBOLS = {"$", "US$", "£", "€", "A$", "C$"}


@register.filter
def money(amount: Decimal | int | float | None, currency: str = "") -> str:
    """6500 → '$6,500' or '6,500 ₽' in English, '6 500 ₽' in Russian; cents only when some."""
    if amount is None or amount == "":
        return "—"
    value = Decimal(str(amount))
    # Grouped the reader's way ("6,500" / "6 500"); cents only when there are some.
    cents = 0 if value == value.to_integral_value() else 2
    text = number_format(value, decimal_pos=cents, use_l10n=True, force_grouping=True)
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


# The day arithmetic lives in loyalty.dates (services use it too); here it is a filter.
register.filter("days_left", days_left)


@register.filter
def days_left_words(value: datetime | date | None, tz_name: str | None = None) -> str:
    """'today', 'tomorrow', 'in 12 days', '3 days ago'."""
    return periods.days_left_words(days_left(value, tz_name))


@register.filter
def location_names(location_ids: list[int], staff: Any = None) -> str:
    """'Harbor Studio, Harbor North, location 830001': names of the locations the person knows."""
    known = {location.id: location.title for location in getattr(staff, "locations", None) or []}
    return ", ".join(
        known.get(item) or gettext("location %(id)s") % {"id": item} for item in location_ids
    )


@register.filter
def searched(query: str, tz_name: str | None = None) -> str:
    """An audit entry's search in words ('page 1, 25 a page; sold 1–31 Oct')."""
    return searched_words(query or "", this_year=today_at(tz_name).year)


@register.filter
def freeze_allowance(kind: MembershipType | None) -> FreezeAllowance:
    """A type's freeze allowance, worded as the card and the form word it (`.words`)."""
    return FreezeAllowance.of(kind)


# The words of Altegio's objects are the services' (loyalty/services/cards/, client_card.py);
# these filters only hand them to the catalogue and client templates.
register.filter("client_name", client_name)
register.filter("period_words", type_period_words)
register.filter("status_title", status_title)
register.filter("activation_words", activation_words)
register.filter("expiry_words", expiry_rule_words)
