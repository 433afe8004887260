"""Wire spelling of sandbox records, with the vendor's leniency quirks sprinkled deterministically.

Reference: docs/altegio.md §2.1, §2.4, §3.1, §3.3, §4.5 and the sample payloads in §5.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .data import SandboxData
from .models import (
    Chain,
    GiftCard,
    GiftCardType,
    Link,
    Location,
    Membership,
    MembershipType,
    User,
)
from .seed_catalog import NEVSKY, zone

JSON = dict[str, Any]

# Ids and slugs from Altegio's adapter; titles from the doc examples (docs/altegio.md §2.1).
MEMBERSHIP_STATUSES = {
    1: ("Released", "created"),
    2: ("Activated", "active"),
    3: ("Expired", "expired"),
    4: ("Used up", "wasted"),
}
# Only 2 = "activated" is confirmed; the rest follow the memberships by analogy (Unknowns 1).
GIFT_CARD_STATUSES = {1: "issued", 2: "activated", 3: "expired", 4: "used"}
# The chain and type-search pages' list (docs/altegio.md §3.2); client pages call id 0
# "No limits" (docs/altegio.md §5.11).
ITEM_TYPES = {
    0: "All services and products",
    1: "Any services",
    2: "Any products",
    3: "Specific services only",
    4: "Specific services and any products",
}
EXPIRATION_TYPE_TITLES = {1: "On sale", 2: "On first visit", 3: "From a specific date"}


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the local offset, as the API writes dates."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def flag(value: bool, key: int) -> bool | int | str:
    """A boolean, but as 1/0 or "1"/"0" for some records, as the vendor sometimes sends."""
    if key % 10 == 7:
        return int(value)
    if key % 10 == 3:
        return "1" if value else "0"
    return value


def money(value: float, key: int) -> float | int | str:
    """An amount, sometimes as a decimal string like "6500.00" (documented leniency)."""
    if key % 4 == 2:
        return f"{value:.2f}"
    return int(value) if float(value).is_integer() else value


def standard_offset_hours(zone_name: str) -> int | float:
    """The zone's standard UTC offset in hours (Harbor -5, Nevsky 3), as `timezone` carries it."""
    offset = zone(zone_name).utcoffset(datetime(2026, 1, 15, 12))
    hours = offset.total_seconds() / 3600 if offset is not None else 0.0
    return int(hours) if hours.is_integer() else hours


def location_to_wire(location: Location, chain: Chain, *, without_name: bool = False) -> JSON:
    """A location as `GET /companies` lists it (§5.17): `timezone` in hours, `timezone_name`.

    `without_name` (the `timezone_without_name` quirk) drops `timezone_name`, and sends the
    hours as text for the second chain, as some answers do.
    """
    hours = standard_offset_hours(chain.timezone)
    zone_fields: JSON = {"timezone": hours, "timezone_name": chain.timezone}
    if without_name:
        zone_fields = {"timezone": str(hours) if chain.id == NEVSKY else hours}
    return {
        "id": str(location.id) if location.id_as_string else location.id,
        "title": location.title,
        "public_title": location.title,
        "short_descr": location.short_descr,
        "logo": "",
        "active": 1,
        "phone": location.phone,
        "phones": [location.phone],
        "email": "",
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
        "business_type_id": 1,
        "site": "",
    }


def chain_to_wire(chain: Chain, user: User, data: SandboxData) -> JSON:
    """A chain as `GET /groups` lists it for one user (docs/altegio.md §5.18)."""
    return {
        "id": chain.id,
        "title": chain.title,
        "companies": [
            {"id": location_id, "title": data.locations[location_id].title}
            for location_id in chain.location_ids
            if location_id in user.location_ids
        ],
        "access": dict(user.chain_access.get(chain.id, {})),
    }


def _node(link: Link, data: SandboxData, *, trimmed: bool) -> tuple[str, JSON]:
    """The `service` or `category` node of a balance line."""
    if link.service_id is not None:
        service = data.services[link.service_id]
        category = data.categories[service.category_id]
        if trimmed:
            return "service", {"id": service.id, "category_id": category.id, "title": service.title}
        return "service", {
            "id": service.id,
            "category_id": category.id,
            "is_category": False,
            "title": service.title,
            "online_sale_title": service.title,
            "is_chain": True,
            "chain_price_min": service.price_min,
            "chain_price_max": service.price_max,
            "category": {"id": category.id, "title": category.title},
        }
    category = data.categories[link.category_id or 0]
    # In the vendor's example a category node carries category_id 1 (its root), not its own id.
    if trimmed:
        return "category", {"id": category.id, "category_id": 1, "title": category.title}
    return "category", {
        "id": category.id,
        "category_id": 1,
        "is_category": True,
        "title": category.title,
        "online_sale_title": category.title,
        "is_chain": True,
    }


def balance_container(links: tuple[Link, ...], data: SandboxData, *, trimmed: bool = False) -> JSON:
    """The `balance_container` (docs/altegio.md §2.3); `trimmed` copies the brief's example."""
    lines = []
    for link in links:
        key, node = _node(link, data, trimmed=trimmed)
        line: JSON = {"count": link.count}
        if not trimmed:
            line["is_unlimited"] = link.is_unlimited
        line[key] = node
        lines.append(line)
    return {"links": lines}


def _link_title(link: Link, data: SandboxData) -> str:
    """The name of what a balance line covers."""
    if link.service_id is not None:
        return data.services[link.service_id].title
    return data.categories[link.category_id or 0].title


def balance_string(membership: Membership, data: SandboxData) -> str:
    """The readable balance, e.g. "Surfing (x10)"."""
    if membership.is_united_balance:
        titles = ", ".join(_link_title(link, data) for link in membership.links)
        if membership.is_united_balance_unlimited:
            return f"{titles} (unlimited)"
        return f"{titles} (x{membership.united_balance_services_count} shared)"
    parts = []
    for link in membership.links:
        amount = "unlimited" if link.is_unlimited else f"x{link.count}"
        parts.append(f"{_link_title(link, data)} ({amount})")
    return ", ".join(parts)


def membership_type_subset(kind: MembershipType) -> JSON:
    """The type fields of the location-level type lists (M4, M5, §5.5)."""
    return {
        "id": kind.id,
        "salon_group_id": kind.chain_id,
        "title": kind.title,
        "period": kind.period,
        "period_unit_id": kind.period_unit_id,
        "allow_freeze": flag(kind.allow_freeze, kind.id),
        "freeze_limit": kind.freeze_limit,
        "is_allow_empty_code": kind.is_allow_empty_code,
        "is_united_balance": kind.is_united_balance,
        "united_balance_services_count": kind.united_balance_services_count,
    }


def cost(kind: MembershipType) -> int | str:
    """A type's price; every fourth type sends it as a string (`"cost": "1500"`)."""
    return str(kind.cost) if kind.id % 4 == 0 else kind.cost


def availability_to_wire(kind: MembershipType) -> list[JSON]:
    """Week days and seconds-from-midnight windows the type is usable in (docs/altegio.md §2.4)."""
    return [
        {
            "week_days": list(window.week_days),
            "intervals": [{"from": start, "to": end} for start, end in window.intervals],
        }
        for window in kind.availability
    ]


def membership_type_full(kind: MembershipType, data: SandboxData) -> JSON:
    """The full chain-level type (M6, M7, §2.4, §5.6)."""
    return {
        **membership_type_subset(kind),
        "cost": cost(kind),
        "freeze_limit_unit_id": kind.freeze_limit_unit_id,
        "is_booking_when_frozen_allowed": kind.is_booking_when_frozen_allowed,
        "is_code_required": kind.is_code_required,
        "is_united_balance_unlimited": kind.is_united_balance_unlimited,
        "balance_edit_type_id": 1,
        "expiration_type_id": kind.expiration_type_id,
        "expiration_type_title": EXPIRATION_TYPE_TITLES[kind.expiration_type_id],
        "autoactivation_time": 30 if kind.expiration_type_id == 2 else 0,
        "autoactivation_time_unit_id": 1 if kind.expiration_type_id == 2 else 0,
        "service_price_correction": False,
        "is_online_sale_enabled": kind.is_online_sale_enabled,
        "online_sale_title": str(kind.title),
        "online_sale_description": "",
        "online_sale_price": kind.cost if kind.is_online_sale_enabled else 0,
        "online_sale_image": None,
        "is_archived": kind.is_archived,
        "date_archived": iso(kind.date_archived),
        "abonements_count": data.sold_per_type.get(kind.id, 0),
        "attached_location_ids": list(kind.attached_location_ids),
        "availability": availability_to_wire(kind),
        "category_id": None,
        "weight": kind.weight,
        "is_chain": True,
        "balance_container": balance_container(kind.links, data),
    }


def membership_to_wire(membership: Membership, data: SandboxData) -> JSON:
    """A membership as M1, M2 and M3 return it (docs/altegio.md §2.1, §5.3)."""
    kind = data.membership_types[membership.type_id]
    if membership.brief_example:
        return _brief_example(membership, kind, data)
    title, slug = MEMBERSHIP_STATUSES[membership.status_id]
    return {
        "id": membership.id,
        "number": membership.number,
        "balance_string": balance_string(membership, data),
        "is_frozen": flag(membership.is_frozen, membership.id),
        "freeze_period": membership.freeze_period,
        "period": membership.period,
        "period_unit_id": membership.period_unit_id,
        "expiration_date": iso(membership.expires),
        "created_date": iso(membership.created),
        "activated_date": iso(membership.activated),
        "is_united_balance": membership.is_united_balance,
        "is_united_balance_unlimited": membership.is_united_balance_unlimited,
        "united_balance_services_count": membership.united_balance_services_count,
        "goods_transaction_id": membership.goods_transaction_id,
        "status": {
            "id": membership.status_id,
            "title": title,
            "extended_title": title,
            "slug": slug,
        },
        "balance_container": balance_container(membership.links, data),
        "type": {
            **membership_type_subset(kind),
            "cost": cost(kind),
            # The type's freeze rules, so the desk can word them (docs/altegio.md §2.4).
            "freeze_limit_unit_id": kind.freeze_limit_unit_id,
            "is_booking_when_frozen_allowed": kind.is_booking_when_frozen_allowed,
            "is_united_balance_unlimited": kind.is_united_balance_unlimited,
            "expiration_type_id": kind.expiration_type_id,
            "expiration_type_title": EXPIRATION_TYPE_TITLES[kind.expiration_type_id],
            # Types activated on first visit also start by themselves after a month unused.
            "autoactivation_time": 30 if kind.expiration_type_id == 2 else 0,
            "autoactivation_time_unit_id": 1 if kind.expiration_type_id == 2 else 0,
            "balance_container": balance_container(kind.links, data),
        },
    }


def _brief_example(membership: Membership, kind: MembershipType, data: SandboxData) -> JSON:
    """The product brief's example record, key for key, plus the three dates it leaves out."""
    return {
        "id": membership.id,
        "number": membership.number,
        "balance_string": balance_string(membership, data),
        "is_frozen": membership.is_frozen,
        "freeze_period": membership.freeze_period,
        "period": membership.period,
        "period_unit_id": membership.period_unit_id,
        "status": {"id": 1, "title": "Released", "extended_title": "Released"},
        "balance_container": balance_container(membership.links, data, trimmed=True),
        "type": {
            "id": kind.id,
            "salon_group_id": kind.chain_id,
            "title": kind.title,
            "period": kind.period,
            "period_unit_id": kind.period_unit_id,
            "allow_freeze": kind.allow_freeze,
            "freeze_limit": kind.freeze_limit,
            "is_allow_empty_code": kind.is_allow_empty_code,
            "is_united_balance": kind.is_united_balance,
            "united_balance_services_count": kind.united_balance_services_count,
            "balance_container": balance_container(kind.links, data, trimmed=True),
        },
        "expiration_date": iso(membership.expires),
        "created_date": iso(membership.created),
        "activated_date": iso(membership.activated),
    }


def gift_card_type_subset(kind: GiftCardType) -> JSON:
    """The type fields of the location-level lists (C3, C4, §5.12)."""
    return {
        "id": kind.id,
        "title": kind.title,
        "balance": kind.balance,
        "is_multi": flag(kind.is_multi, kind.id),
        "company_group_id": kind.chain_id,
        "item_type_id": kind.item_type_id,
        "expiration_type_id": kind.expiration_type_id,
        "expiration_date": iso(kind.expiration_date),
        "expiration_timeout": kind.expiration_timeout,
        "expiration_timeout_unit_id": kind.expiration_timeout_unit_id,
        "is_allow_empty_code": kind.is_allow_empty_code,
    }


def gift_card_type_full(kind: GiftCardType, data: SandboxData) -> JSON:
    """The chain-level type (C5, C6, §5.13)."""
    return {
        **gift_card_type_subset(kind),
        "category_id": None,
        "weight": kind.weight,
        "item_type": {"id": kind.item_type_id, "title": ITEM_TYPES[kind.item_type_id]},
        "balance_edit_type_id": 1,
        "is_serial_number_limited": False,
        "is_archived": kind.is_archived,
        "date_archived": iso(kind.date_archived),
        "online_sale_is_enabled": kind.online_sale_is_enabled,
        "online_sale_title": kind.title,
        "online_sale_description": "",
        "online_sale_price": kind.balance if kind.online_sale_is_enabled else 0,
        "online_sale_image": None,
        "released_total": data.released_per_card_type.get(kind.id, 0),
        "service_ids": list(kind.service_ids),
        "salon_ids": list(kind.salon_ids),
    }


def gift_card_to_wire(card: GiftCard, data: SandboxData) -> JSON:
    """A gift card as C1 and C2 return it (docs/altegio.md §3.1, §5.11)."""
    kind = data.gift_card_types[card.type_id]
    item_title = "No limits" if kind.item_type_id == 0 else ITEM_TYPES[kind.item_type_id]
    return {
        "id": card.id,
        "number": card.number,
        "balance": money(card.balance, card.id),
        "default_balance": card.default_balance,
        "type_id": kind.id,
        "status_id": card.status_id,
        "created_date": iso(card.created),
        "expiration_date": iso(card.expires),
        "type": {
            **gift_card_type_subset(kind),
            "salon_ids": list(kind.salon_ids),
            "item_type": {"id": kind.item_type_id, "title": item_title},
        },
        "status": {"id": card.status_id, "title": GIFT_CARD_STATUSES[card.status_id]},
    }
