"""Locations and chains as GET /companies and GET /groups send them (docs/altegio.md §4.5)."""

from __future__ import annotations

from datetime import datetime

from ..data import SandboxData
from ..models import (
    Chain,
    Location,
    User,
)
from ..seed_places import NEVSKY, zone
from .shape import JSON, current_shape


def standard_offset_hours(zone_name: str) -> int | float:
    """The zone's standard UTC offset in hours (Harbor -5, Nevsky 3), as `timezone` carries it."""
    offset = zone(zone_name).utcoffset(datetime(2026, 1, 15, 12))
    hours = offset.total_seconds() / 3600 if offset is not None else 0.0
    return int(hours) if hours.is_integer() else hours


def location_to_wire(location: Location, chain: Chain, *, without_name: bool = False) -> JSON:
    """A location as `GET /companies` lists it (§5.17): `timezone` as the zone's name.

    Under `rich_locations`, the fields Altegio's own type adds (A-code: `public_title`, `phones`,
    `email`, `timezone_name`, `business_type_id`, `site`, `logo`) with `timezone` in hours.
    `without_name` (the `timezone_without_name` quirk) sends the hours alone, and as text for
    the second chain, as some answers do.
    """
    shape = current_shape()
    hours = standard_offset_hours(chain.timezone)
    zone_fields: JSON = {"timezone": chain.timezone}
    if shape.rich_locations:
        zone_fields = {"timezone": hours, "timezone_name": chain.timezone}
    if without_name:
        zone_fields = {"timezone": str(hours) if chain.id == NEVSKY else hours}
    odd_id = shape.odd_scalars and location.id_as_string
    row: JSON = {
        "id": str(location.id) if odd_id else location.id,
        "title": location.title,
        "short_descr": location.short_descr,
        "active": 1,
        "phone": location.phone,
        "country_id": chain.country_id,
        "country": chain.country,
        "city_id": location.city_id,
        "city": location.city,
        **zone_fields,
        "address": location.address,
        "coordinate_lat": location.lat,
        "coordinate_lon": location.lon,
        "currency_short_title": chain.currency,
        "group_priority": 900,
    }
    if shape.rich_locations:
        row.update(
            public_title=location.title,
            logo="",
            phones=[location.phone],
            email="",
            business_type_id=1,
            site="",
        )
    return row


# The access keys the docs list (§5.18) and those Altegio's own code reads (A-code
# memberships-adapter chainFromWire, docs/altegio.md §4.5); any other key a user's rights hold
# goes out only under `extra_access_keys`.
# By default each key's value takes the kind its source shows: the docs' keys "1"/"0" (§5.18),
# the membership rights 1/0 (A-code's tests); `odd_scalars` sends them as the user's rights hold
# them, strings and numbers mixed.
DOC_ACCESS_KEYS = frozenset(
    {
        "settings_access",
        "clients_access",
        "users_access",
        "loyalty_access",
        "loyalty_cards_manual_transactions_access",
        "network_services_access",
    }
)
RIGHTS_ACCESS_KEYS = frozenset(
    {
        "loyalty_abonement_types_access",
        "loyalty_abonement_period_edit_access",
        "loyalty_abonement_balance_edit_access",
        "loyalty_abonement_history_access",
    }
)


def _access_value(key: str, value: object) -> object:
    """An access flag in the kind its source documents (see DOC_ACCESS_KEYS)."""
    if current_shape().odd_scalars:
        return value
    on = str(value) == "1"
    if key in DOC_ACCESS_KEYS:
        return "1" if on else "0"
    return int(on) if key in RIGHTS_ACCESS_KEYS else value


def chain_to_wire(chain: Chain, user: User, data: SandboxData) -> JSON:
    """A chain as `GET /groups` lists it for one user (docs/altegio.md §5.18)."""
    documented = DOC_ACCESS_KEYS | RIGHTS_ACCESS_KEYS
    access = {
        key: _access_value(key, value)
        for key, value in user.chain_access.get(chain.id, {}).items()
        if key in documented or current_shape().extra_access_keys
    }
    return {
        "id": chain.id,
        "title": chain.title,
        "companies": [
            {"id": location_id, "title": data.locations[location_id].title}
            for location_id in chain.location_ids
            if location_id in user.location_ids
        ],
        "access": access,
    }
