"""Template filters that format Altegio values for people: money, local times, names, words."""

from datetime import datetime
from typing import Any

from django import template
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from loyalty.altegio.types import MembershipType
from loyalty.dates import today_at, zone, zone_words
from loyalty.services.audit.words import outcome_words, searched_words
from loyalty.services.cards.balance import allowance_words, pool_words, type_balance_words
from loyalty.services.cards.freeze import FreezeAllowance
from loyalty.services.cards.gift_cards import expiry_rule_words
from loyalty.services.cards.memberships import activation_words, type_period_words
from loyalty.services.cards.money import money_words
from loyalty.services.lookup.client_card import client_name

register = template.Library()

# Money is worded in loyalty/services/cards/money.py (the cards' notes use it too).
register.filter("money", money_words)
# An audit row's outcome in the reader's language.
register.filter("outcome_words", outcome_words)
# "New York time", never "America/New_York".
register.filter("zone_words", zone_words)


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
def location_names(location_ids: list[int], staff: Any = None) -> str:
    """'Harbor Studio, Harbor North and 1 other location': names, never 'location 720442'."""
    places = list(getattr(staff, "locations", None) or [])
    for chain in getattr(staff, "chains", None) or []:
        places += chain.locations
    known = {location.id: location.title for location in places if location.title}
    names = [known[item] for item in location_ids if item in known]
    others = len([item for item in location_ids if item not in known])
    if not others:
        return ", ".join(names)
    rest = ngettext("%(count)s other location", "%(count)s other locations", others) % {
        "count": others
    }
    return (
        gettext("%(names)s and %(rest)s") % {"names": ", ".join(names), "rest": rest}
        if names
        else rest
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
register.filter("activation_words", activation_words)
register.filter("expiry_words", expiry_rule_words)
register.filter("type_balance", type_balance_words)
register.filter("pool_words", pool_words)
register.filter("allowance_words", allowance_words)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or None (also when there is no mapping)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def typed(form: Any, name: str) -> str:
    """A sent write form's value of a field made per line, exactly as typed ('' otherwise)."""
    return str(form.typed(name)) if hasattr(form, "typed") else ""


@register.filter
def errors_of(form: Any, name: str) -> list[str]:
    """A form's errors on a field made per line (a balance line's new number)."""
    errors = getattr(form, "errors", None)
    return list(errors.get(name, [])) if errors else []
