"""Membership and gift-card types as the catalogue calls send them (docs/altegio.md §2.4, §3.3)."""

from __future__ import annotations

from ..data import SandboxData
from ..models import (
    GiftCardType,
    MembershipType,
)
from .balances import balance_container
from .shape import JSON, current_shape, flag, iso, text

ITEM_TYPES = {
    0: "All services and products",
    1: "Any services",
    2: "Any products",
    3: "Specific services only",
    4: "Specific services and any products",
}
EXPIRATION_TYPE_TITLES = {1: "On sale", 2: "On first visit", 3: "From a specific date"}


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


def autoactivation(kind: MembershipType) -> JSON:
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
            autoactivation(kind),
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
