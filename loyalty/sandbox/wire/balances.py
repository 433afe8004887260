"""A membership's (or type's) balance container, and the balance string Altegio words."""

from __future__ import annotations

from ..data import SandboxData
from ..models import (
    Link,
    Membership,
)
from .shape import JSON, current_shape


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
