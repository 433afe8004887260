"""Chain memberships (M3): the filter, one page, and every page in turn."""

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.utils import timezone

from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Membership, Page
from loyalty.dates import zone

# With no sale dates and no ids, M3 is asked for every sale from here on: before any chain
# existed on Altegio (or YCLIENTS), so "everything", in the date form Altegio's own code sends.
ALL_SALES_START = date(2000, 1, 1)
WALK_PAGE_SIZE = 100  # the largest page the dashboard asks for; M3 documents no maximum
MAX_WALK_PAGES = 5_000  # a backstop should Altegio ever ignore `page` and repeat itself


@dataclass(frozen=True)
class MembershipFilter:
    """What a manager narrowed the chain's memberships to: sale dates (inclusive) and ids."""

    created_after: date | None = None
    created_before: date | None = None
    ids: tuple[int, ...] = ()

    def as_query(self) -> dict[str, str]:
        """The filters as our own URL spells them (YYYY-MM-DD, ids=1,2,3), empty ones left out."""
        query = {
            "created_after": self.created_after.isoformat() if self.created_after else "",
            "created_before": self.created_before.isoformat() if self.created_before else "",
            "ids": ",".join(str(item) for item in self.ids),
        }
        return {name: value for name, value in query.items() if value}

    @property
    def query_string(self) -> str:
        """`created_after=…&ids=…`, for the audit log and links."""
        return urlencode(self.as_query(), safe=",")

    @property
    def key(self) -> str:
        """A short stable digest of the filters, for cache keys."""
        return hashlib.sha256(self.query_string.encode()).hexdigest()[:32]

    @property
    def dates_ignored(self) -> bool:
        """Ids and sale dates were both given: the ids are asked, the dates are not applied."""
        return bool(self.ids) and bool(self.created_after or self.created_before)

    def bounds(self, time_zone: str) -> tuple[datetime, datetime]:
        """The first and last moment of the sale-date range in the chain's time zone.

        M3 is asked by ids or by dates, never by neither (docs/altegio.md §2.5, §7): a missing
        start is ALL_SALES_START, a missing end is the end of today at the chain.
        """
        tz = zone(time_zone)
        start = self.created_after or ALL_SALES_START
        end = self.created_before or timezone.now().astimezone(tz).date()
        return datetime.combine(start, time.min, tz), datetime.combine(end, time(23, 59, 59), tz)


async def list_chain_memberships(
    api: UserClient,
    *,
    chain_id: int,
    filters: MembershipFilter,
    time_zone: str,
    page: int = 1,
    count: int = 25,
) -> Page[Membership]:
    """One page of the chain's memberships matching the filters (M3): by ids, else by dates."""
    if filters.ids:
        return await altegio_memberships.list_chain_memberships(
            api, chain_id=chain_id, ids=list(filters.ids), page=page, count=count
        )
    after, before = filters.bounds(time_zone)
    return await altegio_memberships.list_chain_memberships(
        api, chain_id=chain_id, created_after=after, created_before=before, page=page, count=count
    )


async def walk_pages(
    api: UserClient, *, chain_id: int, filters: MembershipFilter, time_zone: str
) -> AsyncIterator[Page[Membership]]:
    """Every page in turn, until an empty (or repeated) page or MAX_WALK_PAGES."""
    previous_ids: list[int] = []
    for number in range(1, MAX_WALK_PAGES + 1):
        page = await list_chain_memberships(
            api,
            chain_id=chain_id,
            filters=filters,
            time_zone=time_zone,
            page=number,
            count=WALK_PAGE_SIZE,
        )
        ids = [item.id for item in page.items]
        if not ids or ids == previous_ids:  # the end, or Altegio ignored `page`
            return
        # No stop at a short page: a server may cap the page length below what we ask for,
        # so only an empty page (or a repeated one) is the end.
        yield page
        previous_ids = ids
