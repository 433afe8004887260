"""Membership and gift-card type catalogues (M4–M7, C3–C6), cached in the Django cache.

Each catalogue is a `CatalogueKind` (its Altegio calls, names and words); the finders below are
written once for both.

Types are the same for everyone who may see a location or chain, and they change rarely, so each
answer is cached for CATALOGUE_CACHE_SECONDS per location or chain and query: that saves
Altegio's shared rate limit. Views check the person's rights before they call anything here,
and `refresh=True` goes to Altegio and refills the cache. Entries are plain JSON-ready data, not
pickled classes, so a deploy that changes a type never breaks a cached read.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext, gettext_lazy
from pydantic import BaseModel

from loyalty.altegio.catalogue import GIFT_CARD_TYPES, MEMBERSHIP_TYPES, TypeEndpoints
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Chain, Page

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CATALOGUE_PAGE_SIZE = 25
KEY_PREFIX = "loyalty:catalogue:v1"
# Django's own translated abbreviations (Mon … Sun), Monday first as Altegio counts.
WEEKDAYS = {day: WEEKDAYS_ABBR[day - 1] for day in range(1, 8)}


def catalogue_key(endpoint: str, scope: str, scope_id: int, **query: object) -> str:
    """`loyalty:catalogue:v1:M6:chain:145071:<digest of the query>`."""
    digest = hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()
    return f"{KEY_PREFIX}:{endpoint}:{scope}:{scope_id}:{digest[:32]}"


async def _cached[T](
    key: str,
    fetch: Callable[[], Awaitable[T]],
    *,
    dump: Callable[[T], Any],
    load: Callable[[Any], T],
    refresh: bool,
) -> T:
    """The cached answer under `key`, or a fresh one from `fetch` (stored for next time)."""
    if not refresh:
        stored = await cache.aget(key)
        if stored is not None:
            try:
                return load(stored)
            except (KeyError, TypeError, ValueError):
                pass  # written by an older release: fetch it again
    value = await fetch()
    await cache.aset(key, dump(value), settings.CATALOGUE_CACHE_SECONDS)
    return value


def _page_dumper[M: BaseModel](page: Page[M]) -> dict[str, Any]:
    return {
        "items": [item.model_dump(mode="json") for item in page.items],
        "number": page.number,
        "size": page.size,
        "total": page.total,
    }


def _page_loader[M: BaseModel](model: type[M]) -> Callable[[Any], Page[M]]:
    def load(data: Any) -> Page[M]:
        return Page(
            items=[model.model_validate(item) for item in data["items"]],
            number=int(data["number"]),
            size=int(data["size"]),
            total=data["total"],
        )

    return load


def _as_page[M](items: list[M]) -> Page[M]:
    """A fetch by ids answers a plain list: one page holding all of it."""
    return Page(items=items, number=1, size=max(len(items), 1), total=len(items))


@dataclass(frozen=True)
class CatalogueKind:
    """One catalogue (membership types or gift-card types): its calls, names and words."""

    endpoints: TypeEndpoints[Any]
    name: str  # "membership_types": URL names and the per-kind templates
    item: str  # "membership_type": the detail page's URL name and template
    plural: "StrOrPromise"  # "membership types", in the reader's language
    singular: "StrOrPromise"  # "membership type"

    @property
    def title(self) -> str:
        """'Membership types', for headings."""
        plural = str(self.plural)
        return plural[:1].upper() + plural[1:]

    @property
    def archived_plural(self) -> str:
        """'archived membership types'."""
        return gettext("archived %(kinds)s") % {"kinds": self.plural}

    @property
    def missing(self) -> str:
        """What a detail page says when the chain does not know the id."""
        return gettext("This %(kind)s is not in the chain's catalogue.") % {"kind": self.singular}


MEMBERSHIP_TYPE_KIND = CatalogueKind(
    MEMBERSHIP_TYPES,
    "membership_types",
    "membership_type",
    gettext_lazy("membership types"),
    gettext_lazy("membership type"),
)
GIFT_CARD_TYPE_KIND = CatalogueKind(
    GIFT_CARD_TYPES,
    "gift_card_types",
    "gift_card_type",
    gettext_lazy("gift-card types"),
    gettext_lazy("gift-card type"),
)
KINDS = {kind.name: kind for kind in (MEMBERSHIP_TYPE_KIND, GIFT_CARD_TYPE_KIND)}


async def find_location_types(
    api: UserClient,
    *,
    kind: CatalogueKind,
    location_id: int,
    title: str = "",
    ids: tuple[int, ...] = (),
    page: int = 1,
    refresh: bool = False,
) -> Page[Any]:
    """Types on sale at a location: by ids (M4 / C3), else a title search (M5 / C4)."""
    endpoints = kind.endpoints
    by_ids, by_title, _, _ = endpoints.codes
    load = _page_loader(endpoints.model)
    if ids:

        async def fetch_page() -> Page[Any]:
            return _as_page(
                await endpoints.fetch_at_location(api, location_id=location_id, ids=list(ids))
            )

        key = catalogue_key(by_ids, "location", location_id, ids=sorted(ids))
        return await _cached(key, fetch_page, dump=_page_dumper, load=load, refresh=refresh)
    return await _cached(
        catalogue_key(by_title, "location", location_id, title=title, page=page),
        lambda: endpoints.search_at_location(
            api, location_id=location_id, title=title, page=page, page_size=CATALOGUE_PAGE_SIZE
        ),
        dump=_page_dumper,
        load=load,
        refresh=refresh,
    )


async def list_chain_types(
    api: UserClient,
    *,
    kind: CatalogueKind,
    chain_id: int,
    title: str = "",
    archived: bool = False,
    page: int = 1,
    refresh: bool = False,
) -> Page[Any]:
    """A chain's catalogue (M6 / C5) by title; membership types current or archived."""
    endpoints = kind.endpoints
    archived = archived and endpoints.chain_archived
    return await _cached(
        catalogue_key(
            endpoints.codes[2], "chain", chain_id, title=title, archived=archived, page=page
        ),
        lambda: endpoints.list_in_chain(
            api,
            chain_id=chain_id,
            title=title,
            archived=archived,
            page=page,
            page_size=CATALOGUE_PAGE_SIZE,
        ),
        dump=_page_dumper,
        load=_page_loader(endpoints.model),
        refresh=refresh,
    )


async def get_chain_type(
    api: UserClient, *, kind: CatalogueKind, chain_id: int, type_id: int, refresh: bool = False
) -> Any:
    """One type with everything the chain knows about it (M7 / C6)."""
    endpoints = kind.endpoints
    return await _cached(
        catalogue_key(endpoints.codes[3], "chain", chain_id, type_id=type_id),
        lambda: endpoints.get_in_chain(api, chain_id=chain_id, type_id=type_id),
        dump=lambda found: found.model_dump(mode="json"),
        load=endpoints.model.model_validate,
        refresh=refresh,
    )


# --- Words for the detail pages ----------------------------------------------------------------


@dataclass(frozen=True)
class AttachedLocation:
    """A location a type is sold at, with its title when the chain lists it."""

    id: int
    title: str


def attached_locations(chain: Chain, location_ids: list[int]) -> list[AttachedLocation]:
    """The type's locations by title (in the chain's order), unknown ids last."""
    titles = {location.id: location.title for location in chain.locations}
    known = [
        AttachedLocation(
            location.id, location.title or gettext("Location %(id)s") % {"id": location.id}
        )
        for location in chain.locations
        if location.id in location_ids
    ]
    unknown = [
        AttachedLocation(i, gettext("Location %(id)s") % {"id": i})
        for i in location_ids
        if i not in titles
    ]
    return known + unknown


def availability_words(availability: list[Any]) -> list[str]:
    """M7 `availability` as 'Mon, Tue, Wed 10:00–20:00'; entries we cannot read are skipped."""
    lines: list[str] = []
    for entry in availability:
        if not isinstance(entry, dict):
            continue
        days = [
            str(WEEKDAYS[day])
            for day in entry.get("week_days") or []
            if isinstance(day, int) and day in WEEKDAYS
        ]
        hours = [
            f"{_clock(interval.get('from'))}–{_clock(interval.get('to'))}"
            for interval in entry.get("intervals") or []
            if isinstance(interval, dict)
            and isinstance(interval.get("from"), int)
            and isinstance(interval.get("to"), int)
        ]
        if days:
            lines.append(f"{', '.join(days)} {', '.join(hours) or gettext('all day')}")
    return lines


def _clock(seconds: Any) -> str:
    """Seconds from midnight as HH:MM (24:00 for the end of the day)."""
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}"
