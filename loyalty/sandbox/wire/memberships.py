"""Sold memberships as M1, M2 and M3 send them (docs/altegio.md §2.1, §5)."""

from __future__ import annotations

from ..data import SandboxData
from ..models import (
    Membership,
    MembershipType,
)
from .balances import balance_container, balance_string
from .shape import JSON, current_shape, flag, iso, text
from .types import EXPIRATION_TYPE_TITLES, autoactivation, cost, membership_type_subset

MEMBERSHIP_STATUSES = {
    1: ("Released", "created"),
    2: ("Activated", "active"),
    3: ("Expired", "expired"),
    4: ("Used up", "wasted"),
}
# Only 2 = "activated" is confirmed; the rest follow the memberships by analogy (Unknowns 1).


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
            **autoactivation(kind),
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
