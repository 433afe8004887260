"""Wire spelling of sandbox records: Altegio's least by default, richer shapes as named quirks.

By default every answer carries what the docs' examples and Altegio's own fixtures show, no more
(the golden payloads in tests/contract/golden/ check it key by key). The richer or odder shapes
the real API is documented or known to send are switched on per quirk (quirks.py), and reach
these functions through `shaped()`, which the sandbox sets around each request.

Reference: docs/altegio.md §2.1, §2.4, §3.1, §3.3, §4.5 and the sample payloads in §5.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Shape:
    """Which richer or odder shapes this request's answers take (each one a quirk)."""

    rich_membership_rows: bool = False
    full_type_fields: bool = False
    rich_locations: bool = False
    odd_scalars: bool = False
    extra_access_keys: bool = False


LEAST = Shape()  # Altegio's least: nothing richer than its examples and fixtures show
_SHAPE: ContextVar[Shape] = ContextVar("sandbox_shape", default=LEAST)


@contextlib.contextmanager
def shaped(quirks: Mapping[str, Any]) -> Iterator[None]:
    """Answer in the shape the switched-on quirks ask for, for the rest of this request."""
    token = _SHAPE.set(Shape(**{name: bool(quirks.get(name)) for name in Shape.__annotations__}))
    try:
        yield
    finally:
        _SHAPE.reset(token)


def current_shape() -> Shape:
    """The shape of this request's answers."""
    return _SHAPE.get()


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the local offset, as the API writes dates."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def flag(value: bool, key: int) -> bool | int | str:
    """A boolean; under `odd_scalars` 1/0 or "1"/"0" for some records, as the vendor may send."""
    if not current_shape().odd_scalars:
        return value
    if key % 10 == 7:
        return int(value)
    if key % 10 == 3:
        return "1" if value else "0"
    return value


def text(value: int | str) -> int | str:
    """A title or number as text; under `odd_scalars` as the record holds it (an int, at times).

    The brief's example sends `number` and `type.title` as numbers (docs/altegio.md §5 notes);
    every other example sends text.
    """
    return value if current_shape().odd_scalars else str(value)


def money(value: float, key: int) -> float | int | str:
    """An amount; under `odd_scalars` sometimes a decimal string like "6500.00"."""
    if current_shape().odd_scalars and key % 4 == 2:
        return f"{value:.2f}"
    return int(value) if float(value).is_integer() else value


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


def _node(link: Link, data: SandboxData, *, form: str) -> tuple[str, JSON]:
    """The `service` or `category` node of a balance line, in one of three forms.

    "least": what the doc examples show (a service `{id, title, is_category}` as in §5.4, a
    category `{id, category_id, title, is_category}` as in §5.3); "brief": the product brief's
    example; "rich": every field §2.3 lists (the `rich_membership_rows` quirk).
    """
    if link.service_id is not None:
        service = data.services[link.service_id]
        category = data.categories[service.category_id]
        if form == "brief":
            return "service", {"id": service.id, "category_id": category.id, "title": service.title}
        if form == "least":
            return "service", {"id": service.id, "title": service.title, "is_category": False}
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
    node: JSON = {"id": category.id, "category_id": 1, "title": category.title}
    if form == "brief":
        return "category", node
    node["is_category"] = True
    if form == "rich":
        node.update(online_sale_title=category.title, is_chain=True)
    return "category", node


def balance_container(links: tuple[Link, ...], data: SandboxData, *, form: str = "") -> JSON:
    """The `balance_container` (docs/altegio.md §2.3); `form` as `_node` takes it."""
    form = form or ("rich" if current_shape().rich_membership_rows else "least")
    lines = []
    for link in links:
        key, node = _node(link, data, form=form)
        line: JSON = {"count": link.count}
        if form != "brief":
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
        "title": text(kind.title),
        "period": kind.period,
        "period_unit_id": kind.period_unit_id,
        "allow_freeze": flag(kind.allow_freeze, kind.id),
        "freeze_limit": kind.freeze_limit,
        "is_allow_empty_code": kind.is_allow_empty_code,
        "is_united_balance": kind.is_united_balance,
        "united_balance_services_count": kind.united_balance_services_count,
    }


def cost(kind: MembershipType) -> int | str:
    """A type's price; under `odd_scalars` every fourth type sends it as text (`"1500"`)."""
    return str(kind.cost) if current_shape().odd_scalars and kind.id % 4 == 0 else kind.cost


def availability_to_wire(kind: MembershipType) -> list[JSON]:
    """Week days and seconds-from-midnight windows the type is usable in (docs/altegio.md §2.4)."""
    return [
        {
            "week_days": list(window.week_days),
            "intervals": [{"from": start, "to": end} for start, end in window.intervals],
        }
        for window in kind.availability
    ]


def _autoactivation(kind: MembershipType) -> JSON:
    """Types activated on first visit also start by themselves after a month unused."""
    first_visit = kind.expiration_type_id == 2
    return {
        "autoactivation_time": 30 if first_visit else 0,
        "autoactivation_time_unit_id": 1 if first_visit else 0,
    }


def membership_type_full(kind: MembershipType, data: SandboxData) -> JSON:
    """The chain-level type (M6, M7): the fields of §5.6; every §2.4 field under a quirk."""
    row: JSON = {
        **membership_type_subset(kind),
        "cost": cost(kind),
        "freeze_limit_unit_id": kind.freeze_limit_unit_id,
        "is_booking_when_frozen_allowed": kind.is_booking_when_frozen_allowed,
        "is_code_required": kind.is_code_required,
        "is_united_balance_unlimited": kind.is_united_balance_unlimited,
        "balance_edit_type_id": 1,
        "expiration_type_id": kind.expiration_type_id,
        "expiration_type_title": EXPIRATION_TYPE_TITLES[kind.expiration_type_id],
        "is_archived": kind.is_archived,
        "date_archived": iso(kind.date_archived),
        "abonements_count": data.sold_per_type.get(kind.id, 0),
        "attached_location_ids": list(kind.attached_location_ids),
        "availability": availability_to_wire(kind),
        "balance_container": balance_container(kind.links, data, form="least"),
    }
    if current_shape().full_type_fields:  # §2.4 lists them; the trimmed §5.6 example does not
        row.update(
            _autoactivation(kind),
            service_price_correction=False,
            is_online_sale_enabled=kind.is_online_sale_enabled,
            online_sale_title=str(kind.title),
            online_sale_description="",
            online_sale_price=kind.cost if kind.is_online_sale_enabled else 0,
            online_sale_image=None,
            category_id=None,
            weight=kind.weight,
            is_chain=True,
            balance_container=balance_container(kind.links, data, form="rich"),
        )
    return row


def _status(membership: Membership, *, chain_list: bool) -> JSON:
    """`status` as §5.3 (client lists) or §5.4 (the chain list) spells it."""
    title, slug = MEMBERSHIP_STATUSES[membership.status_id]
    if chain_list and not current_shape().rich_membership_rows:
        return {"id": membership.status_id, "slug": slug, "title": title}
    return {"id": membership.status_id, "title": title, "extended_title": title, "slug": slug}


def _embedded_type(kind: MembershipType, data: SandboxData, *, chain_list: bool) -> JSON:
    """The type a membership row embeds: §5.3's subset in M1/M2, or in M3 the least."""
    # M3 embeds only `{id, salon_group_id, title}`, as Altegio's own M3 fixture does
    # (docs/altegio.md §4.4a); every type field rides along under `rich_membership_rows`.
    if current_shape().rich_membership_rows:
        return {
            **membership_type_subset(kind),
            "cost": cost(kind),
            "freeze_limit_unit_id": kind.freeze_limit_unit_id,
            "is_booking_when_frozen_allowed": kind.is_booking_when_frozen_allowed,
            "is_united_balance_unlimited": kind.is_united_balance_unlimited,
            "expiration_type_id": kind.expiration_type_id,
            "expiration_type_title": EXPIRATION_TYPE_TITLES[kind.expiration_type_id],
            **_autoactivation(kind),
            "balance_container": balance_container(kind.links, data),
        }
    if chain_list:
        return {"id": kind.id, "salon_group_id": kind.chain_id, "title": text(kind.title)}
    return {**membership_type_subset(kind), "cost": cost(kind)}


def membership_to_wire(
    membership: Membership, data: SandboxData, *, chain_list: bool = False
) -> JSON:
    """A membership as M1 and M2 (§5.3) or, with `chain_list`, M3 (§5.4) return it (§2.1)."""
    kind = data.membership_types[membership.type_id]
    if membership.brief_example and not chain_list:
        return _brief_example(membership, kind, data)
    rich = current_shape().rich_membership_rows
    row: JSON = {
        "id": membership.id,
        # A number as an int is the brief's (M1's) example alone (§5 notes); text elsewhere.
        "number": membership.number if not chain_list else text(membership.number),
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
        "status": _status(membership, chain_list=chain_list),
        "balance_container": balance_container(membership.links, data),
        "type": _embedded_type(kind, data, chain_list=chain_list),
    }
    if rich or not chain_list:  # §5.3 has the readable balance, §5.4 does not
        row["balance_string"] = balance_string(membership, data)
    if rich or chain_list:  # §5.4 has the sale transaction, §5.3 does not
        row["goods_transaction_id"] = membership.goods_transaction_id
    return row


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
        "balance_container": balance_container(membership.links, data, form="brief"),
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
            "balance_container": balance_container(kind.links, data, form="brief"),
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
    """The chain-level type (C5, C6, §5.13); the two fields §5.13 leaves out under a quirk."""
    row: JSON = {
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
        "online_sale_price": kind.balance if kind.online_sale_is_enabled else 0,
        "released_total": data.released_per_card_type.get(kind.id, 0),
        "service_ids": list(kind.service_ids),
        "salon_ids": list(kind.salon_ids),
    }
    if current_shape().full_type_fields:  # §3.3 lists them; §5.13's example does not
        row.update(online_sale_description="", online_sale_image=None)
    return row


def gift_card_to_wire(card: GiftCard, data: SandboxData) -> JSON:
    """A gift card as C1 and C2 return it (docs/altegio.md §3.1, §5.11)."""
    kind = data.gift_card_types[card.type_id]
    item_title = "No limits" if kind.item_type_id == 0 else ITEM_TYPES[kind.item_type_id]
    card_type: JSON = {
        **gift_card_type_subset(kind),
        "item_type": {"id": kind.item_type_id, "title": item_title},
    }
    if current_shape().full_type_fields:  # where it is sold: the chain's list has it (§3.3)
        card_type["salon_ids"] = list(kind.salon_ids)
    return {
        "id": card.id,
        "number": card.number,
        "balance": money(card.balance, card.id),
        "default_balance": card.default_balance,
        "type_id": kind.id,
        "status_id": card.status_id,
        "created_date": iso(card.created),
        "expiration_date": iso(card.expires),
        "type": card_type,
        "status": {"id": card.status_id, "title": GIFT_CARD_STATUSES[card.status_id]},
    }
