"""Turn envelope data into typed objects, tolerating what Altegio is known to get wrong."""

import logging
from typing import Any

from pydantic import BaseModel, ValidationError

from .answers import Envelope
from .errors import AltegioBadResponse
from .types import Page

logger = logging.getLogger(__name__)


def one[M: BaseModel](model: type[M], data: Any) -> M:
    """Parse a single object; an answer of the wrong shape is an AltegioBadResponse."""
    if not isinstance(data, dict):
        raise AltegioBadResponse()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise AltegioBadResponse() from exc


def many[M: BaseModel](model: type[M], data: Any) -> list[M]:
    """Parse a list; items without what we cannot do without (an id) are skipped and logged."""
    if data is None:
        return []
    if isinstance(data, dict):  # a lone object where a list was promised
        data = [data]
    if not isinstance(data, list):
        raise AltegioBadResponse()
    items: list[M] = []
    for raw in data:
        try:
            items.append(model.model_validate(raw))
        except ValidationError:
            logger.warning("Skipped an unreadable %s in an Altegio answer", model.__name__)
    return items


def total_from(meta: dict[str, Any], *keys: str) -> int | None:
    """The total count under the first of `keys` present in meta, if it is a number."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None


def page_of[M: BaseModel](
    model: type[M], envelope: Envelope, *, number: int, size: int, total_keys: tuple[str, ...]
) -> Page[M]:
    """A Page from one answer; the total only when this endpoint documents one."""
    return Page(
        items=many(model, envelope.data),
        number=number,
        size=size,
        total=total_from(envelope.meta, *total_keys),
    )


def page_on_count[M: BaseModel](
    model: type[M], envelope: Envelope, *, number: int, size: int
) -> Page[M]:
    """A Page for M5/C4, whose `meta.count` may be the total or this page's length.

    The reference says `meta.count` without saying which; a count equal to the items on a full
    page (or on any page after the first) cannot be a total we can trust, so the page then says
    "maybe more" like an endpoint without a total. A server that sends fewer items than asked
    that is not the last page by our count is capping the page length: its pages are that long
    (at worst the pager then offers one empty page at the very end, never a missing one).
    """
    items = many(model, envelope.data)
    total = total_from(envelope.meta, "count", "total_count")
    if total is not None and total == len(items) and (len(items) == size or number > 1):
        total = None
    if total is not None and 0 < len(items) < size and total != (number - 1) * size + len(items):
        size = len(items)  # a short page that is not the last one: the server's own page length
    return Page(items=items, number=number, size=size, total=total)
