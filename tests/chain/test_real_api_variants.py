"""Chain lists and catalogues against the real API: page caps, `meta.count`, time zones."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import AsyncClient, Client

from loyalty.altegio import get_client
from loyalty.altegio.catalogue import GIFT_CARD_TYPES, MEMBERSHIP_TYPES
from loyalty.altegio.locations import list_my_locations
from loyalty.dates import zone
from loyalty.sandbox import Sandbox
from tests.helpers import (
    EXPORT,
    HARBOR_CHAIN,
    HARBOR_STUDIO,
    MANAGER,
    htmx_headers,
    read_rows,
    sold_since,
    stat,
    summarise,
)

pytestmark = pytest.mark.anyio


def api(sandbox: Sandbox) -> Any:
    """The manager's Altegio access on this event loop."""
    return get_client().as_user(sandbox.issue_token(MANAGER["username"]))


@pytest.mark.django_db(transaction=True)
async def test_export_under_a_page_size_cap_of_50_still_has_every_membership(
    sandbox: Sandbox,
) -> None:
    sandbox.set_quirk("page_size_cap", 50)
    since = sandbox.data.today - timedelta(days=20)
    start = datetime.combine(since, time.min, ZoneInfo("America/New_York"))
    expected = sandbox.data.memberships_between(HARBOR_CHAIN, start, None)
    assert len(expected) > 100  # more than one of our pages, so a cap would have cut it
    client = AsyncClient()
    assert (await client.post("/accounts/login/", MANAGER)).status_code == 302

    rows = await read_rows(await client.get(EXPORT, {"created_after": since.isoformat()}))

    assert len(rows) == 1 + len(expected)
    assert {row[0] for row in rows[1:]} == {str(item.number) for item in expected}


def test_summary_under_a_page_size_cap_counts_every_membership(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.set_quirk("page_size_cap", 50)
    since, sold = sold_since(sandbox, 10)
    assert len(sold) > 50

    body, _ = summarise(manager, {"created_after": since})

    assert stat(body, "Memberships") == len(sold)


async def test_membership_type_search_pages_on_meta_count_as_the_page_length(
    sandbox: Sandbox,
) -> None:
    everything = await MEMBERSHIP_TYPES.search_at_location(
        api(sandbox), location_id=HARBOR_STUDIO, page_size=100
    )
    assert len(everything.items) > 2
    sandbox.set_quirk("meta_count_is_page_length", True)

    seen: list[int] = []
    number = 1
    while True:
        page = await MEMBERSHIP_TYPES.search_at_location(
            api(sandbox), location_id=HARBOR_STUDIO, page=number, page_size=2
        )
        seen += [kind.id for kind in page.items]
        if not page.has_next:
            break
        number += 1

    assert seen == [kind.id for kind in everything.items]


async def test_gift_card_type_search_pages_on_meta_count_as_the_total(sandbox: Sandbox) -> None:
    first = await GIFT_CARD_TYPES.search_at_location(
        api(sandbox), location_id=HARBOR_STUDIO, page_size=1
    )
    assert first.total is not None
    assert first.total > 1
    assert first.has_next


async def test_gift_card_type_search_under_a_cap_pages_with_the_servers_length(
    sandbox: Sandbox,
) -> None:
    everything = await GIFT_CARD_TYPES.search_at_location(
        api(sandbox), location_id=HARBOR_STUDIO, page_size=100
    )
    sandbox.set_quirk("page_size_cap", 1)

    seen: list[int] = []
    number = 1
    while True:
        page = await GIFT_CARD_TYPES.search_at_location(
            api(sandbox), location_id=HARBOR_STUDIO, page=number, page_size=25
        )
        seen += [kind.id for kind in page.items]
        if not page.has_next:
            break
        number += 1

    assert seen == [kind.id for kind in everything.items]


@pytest.mark.parametrize("with_name", [True, False])
async def test_a_numeric_timezone_is_never_read_as_utc(sandbox: Sandbox, with_name: bool) -> None:
    if not with_name:
        sandbox.set_quirk("timezone_without_name", True)

    locations = {location.id: location for location in await list_my_locations(api(sandbox))}

    harbor, nevsky = locations[HARBOR_STUDIO], locations[830001]
    winter = datetime(2026, 1, 15, 12)
    assert zone(harbor.timezone).utcoffset(winter) == timedelta(hours=-5)
    assert zone(nevsky.timezone).utcoffset(winter) == timedelta(hours=3)
    if with_name:  # the name wins when both are sent: summer time follows the real zone
        assert harbor.timezone == "America/New_York"


def test_chain_pages_use_the_chains_offset_without_timezone_name(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.set_quirk("timezone_without_name", True)
    manager.post("/accounts/refresh/", {"next": "/"})

    response = manager.get(
        f"/chains/{HARBOR_CHAIN}/memberships/", headers=htmx_headers("memberships-results")
    )

    assert response.status_code == 200
    staff_zone = response.context["time_zone"]
    assert staff_zone != "UTC"
    assert zone(staff_zone).utcoffset(datetime(2026, 1, 15)) == timedelta(hours=-5)
