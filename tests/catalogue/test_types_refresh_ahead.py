"""Membership types read by id are refreshed ahead: a screen never waits for a type read before.

A type past its freshness is shown as it is while Altegio is asked again in the background, at a
follow-up's priority; a write never acts on such a type (by_id.py).
"""

import asyncio
import copy
from collections.abc import Awaitable
from typing import Any

import httpx
import pytest
from django.core.cache import cache

from loyalty.altegio import AltegioClient, Priority, bulk_work, current_priority
from loyalty.altegio.types import Chain, Membership, MembershipType
from loyalty.services.catalogue.by_id import M4, M7, read_membership_types
from loyalty.services.catalogue.cache import catalogue_key
from loyalty.services.catalogue.finders import find_location_types
from loyalty.services.catalogue.kinds import MEMBERSHIP_TYPE_KIND
from loyalty.services.concurrency import finish_reads
from loyalty.services.freshness import fresh_mark
from tests.altegio import payloads
from tests.altegio.fake import USER_TOKEN, FakeAltegio

from ..helpers import calls_to

LOCATION = 720441
TYPE_ID = 12233  # "Membership, freeze up to 14 days" in the M4 payload
ROW = Membership.model_validate(
    {"id": 1, "number": "788376", "type": {"id": TYPE_ID, "title": "Membership"}}
)


def types_with_freeze_limit(days: int) -> dict[str, Any]:
    """M4's answer after a manager changed the type's freeze limit in Altegio."""
    changed: dict[str, Any] = copy.deepcopy(payloads.LOCATION_MEMBERSHIP_TYPES)
    changed["data"][0]["freeze_limit"] = days
    return changed


def past_freshness() -> None:
    """What CATALOGUE_CACHE_SECONDS do to the cached type: its freshness mark expires."""
    cache.delete(fresh_mark(catalogue_key(M4, "location", LOCATION, type_id=TYPE_ID)))


async def started() -> None:
    """Let the background work run to its next real wait (a held answer)."""
    for _ in range(20):
        await asyncio.sleep(0)


def screen(client: AltegioClient, *, fresh: bool = False) -> Awaitable[dict[int, MembershipType]]:
    """The types a lookup (or, `fresh`, a write) reads for the membership row."""
    return read_membership_types(
        client.as_user(USER_TOKEN),
        memberships=[ROW],
        chains=(),
        location_id=LOCATION,
        fresh=fresh,
    )


@pytest.fixture
def altegio() -> FakeAltegio:
    """A fresh fake Altegio (no rate limiter: priorities are only marked)."""
    return FakeAltegio()


def test_a_stale_type_is_shown_at_once_and_read_again_in_the_background(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    async def work(client: AltegioClient) -> list[int]:
        first = await screen(client)
        past_freshness()
        altegio.answers = []
        altegio.answer(types_with_freeze_limit(30))
        altegio.gate = asyncio.Event()  # Altegio holds its answer...
        stale = await asyncio.wait_for(screen(client), 1.0)  # ...and the screen does not wait
        await started()
        assert len(calls_to(altegio.requests, "/abonement_types/fetch")) == 2
        altegio.gate.set()
        await finish_reads()
        refreshed = await screen(client)
        return [kinds[TYPE_ID].freeze_limit for kinds in (first, stale, refreshed)]

    assert altegio.run(work) == [14, 14, 30]
    assert len(altegio.requests) == 2  # the refreshed type came from the cache


def test_screens_that_see_the_same_stale_type_read_it_again_once(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    async def work(client: AltegioClient) -> None:
        await screen(client)
        past_freshness()
        altegio.gate = asyncio.Event()
        for _ in range(4):
            await asyncio.wait_for(screen(client), 1.0)
        await started()
        altegio.gate.set()
        await finish_reads()

    altegio.run(work)
    assert len(altegio.requests) == 2


def test_the_read_again_yields_to_the_desks_lookups(altegio: FakeAltegio) -> None:
    priorities: list[Priority] = []

    def answer(request: httpx.Request) -> httpx.Response:
        priorities.append(current_priority())
        return httpx.Response(200, json=payloads.LOCATION_MEMBERSHIP_TYPES)

    altegio.answers = [answer]

    async def work(client: AltegioClient) -> None:
        await screen(client)
        past_freshness()
        await screen(client)
        await finish_reads()

    altegio.run(work)
    assert priorities == [Priority.INTERACTIVE, Priority.FOLLOW_UP]


def test_a_failed_read_again_leaves_the_stale_type_and_the_next_screen_tries_again(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    async def work(client: AltegioClient) -> list[int]:
        await screen(client)
        past_freshness()
        altegio.answers = []
        altegio.answer(payloads.ACCESS_DENIED, status=403)
        shown = [(await screen(client))[TYPE_ID].freeze_limit]
        await finish_reads()
        shown.append((await screen(client))[TYPE_ID].freeze_limit)
        await finish_reads()
        return shown

    assert altegio.run(work) == [14, 14]
    assert len(altegio.requests) == 3


def test_a_write_never_acts_on_a_stale_type(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    async def work(client: AltegioClient) -> int:
        await screen(client)
        past_freshness()
        altegio.answers = []
        altegio.answer(types_with_freeze_limit(30))
        return (await screen(client, fresh=True))[TYPE_ID].freeze_limit

    assert altegio.run(work) == 30
    assert len(altegio.requests) == 2


def test_a_fresh_type_is_not_read_again(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    async def work(client: AltegioClient) -> None:
        for fresh in (False, False, True):
            await screen(client, fresh=fresh)
        await finish_reads()

    altegio.run(work)
    assert len(altegio.requests) == 1


def test_the_catalogue_page_never_shows_a_stale_answer(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    async def work(client: AltegioClient) -> list[int]:
        api = client.as_user(USER_TOKEN)
        limits = []
        for _ in range(2):
            page = await find_location_types(
                api, kind=MEMBERSHIP_TYPE_KIND, location_id=LOCATION, ids=(TYPE_ID,)
            )
            limits.append(page.items[0].freeze_limit)
            cache.delete(fresh_mark(catalogue_key(M4, "location", LOCATION, ids=[TYPE_ID])))
            altegio.answers = []
            altegio.answer(types_with_freeze_limit(30))
        return limits

    assert altegio.run(work) == [14, 30]
    assert len(altegio.requests) == 2


def test_a_stale_type_read_in_the_chain_is_read_again_there(altegio: FakeAltegio) -> None:
    chain = Chain.model_validate({"id": 123, "access": {"loyalty_abonement_types_access": 1}})
    row = Membership.model_validate({"id": 2, "type": {"id": 468039, "salon_group_id": 123}})
    changed = copy.deepcopy(payloads.CHAIN_MEMBERSHIP_TYPE)
    changed["data"]["freeze_limit"] = 60
    altegio.answer(payloads.CHAIN_MEMBERSHIP_TYPE)

    async def work(client: AltegioClient) -> list[int]:
        def read() -> Awaitable[dict[int, MembershipType]]:
            api = client.as_user(USER_TOKEN)
            return read_membership_types(api, memberships=[row], chains=[chain], location_id=None)

        limits = [(await read())[468039].freeze_limit]
        cache.delete(fresh_mark(catalogue_key(M7, "chain", 123, type_id=468039)))
        altegio.answers = []
        altegio.answer(changed)
        for _ in range(2):
            limits.append((await asyncio.wait_for(read(), 1.0))[468039].freeze_limit)
            await finish_reads()
        return limits

    assert altegio.run(work) == [30, 30, 60]
    assert [request.url.path.rsplit("/", 1)[-1] for request in altegio.requests] == ["468039"] * 2


def test_a_bulk_jobs_read_again_stays_bulk(altegio: FakeAltegio) -> None:
    priorities: list[Priority] = []

    def answer(request: httpx.Request) -> httpx.Response:
        priorities.append(current_priority())
        return httpx.Response(200, json=payloads.LOCATION_MEMBERSHIP_TYPES)

    altegio.answers = [answer]

    async def work(client: AltegioClient) -> None:
        with bulk_work():  # a summary or an export, behind the desks
            await screen(client)
            past_freshness()
            await screen(client)
        await finish_reads()

    altegio.run(work)
    assert priorities == [Priority.BULK, Priority.BULK]
