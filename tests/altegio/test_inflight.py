"""Identical GETs already on their way to Altegio share one upstream call (STYLE.md pitfalls)."""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from loyalty.altegio import AltegioClient, AltegioForbidden
from loyalty.altegio.clients import search_clients_by_phone
from loyalty.altegio.memberships import list_client_memberships
from loyalty.services.failures import failure_words

from . import payloads
from .fake import OTHER_USER_TOKEN, USER_TOKEN, FakeAltegio


async def settle() -> None:
    """Let every runnable task reach its next real wait."""
    for _ in range(10):
        await asyncio.sleep(0)


def together(
    altegio: FakeAltegio, *calls: Callable[[AltegioClient], Coroutine[Any, Any, Any]]
) -> list[Any]:
    """Start every call on one client while Altegio holds its answers, then release them."""

    async def work(client: AltegioClient) -> list[Any]:
        altegio.gate = asyncio.Event()
        tasks = [asyncio.create_task(call(client)) for call in calls]
        await settle()
        altegio.gate.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    return altegio.run(work)


def lookup(token: str = USER_TOKEN, phone: str = "13155550178"):
    return lambda client: list_client_memberships(
        client.as_user(token), location_id=720441, phone_digits=phone
    )


def test_two_identical_lookups_at_once_make_one_call_and_both_get_the_answer(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    first, second = together(altegio, lookup(), lookup())

    assert len(altegio.requests) == 1
    assert [m.number for m in first] == [m.number for m in second] == ["788376"]


def test_ten_identical_lookups_at_once_make_one_call(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    results = together(altegio, *[lookup() for _ in range(10)])

    assert len(altegio.requests) == 1
    assert all(len(result) == 1 for result in results)


def test_the_same_lookup_by_two_staff_members_makes_two_calls(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    together(altegio, lookup(USER_TOKEN), lookup(OTHER_USER_TOKEN))

    assert len(altegio.requests) == 2
    assert {r.headers["Authorization"].rsplit(" ", 1)[-1] for r in altegio.requests} == {
        USER_TOKEN,
        OTHER_USER_TOKEN,
    }


def test_lookups_of_different_phones_at_once_make_two_calls(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    together(altegio, lookup(phone="13155550178"), lookup(phone="13155550179"))

    assert len(altegio.requests) == 2


def test_a_lookup_after_the_first_has_finished_asks_altegio_again(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    async def one_after_another(client: AltegioClient) -> None:
        await lookup()(client)
        await lookup()(client)

    altegio.run(one_after_another)

    assert len(altegio.requests) == 2


def test_a_shared_call_that_fails_fails_for_everyone_waiting_on_it(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.ACCESS_DENIED, status=403)

    first, second = together(altegio, lookup(), lookup())

    assert len(altegio.requests) == 1
    assert isinstance(first, AltegioForbidden)
    assert isinstance(second, AltegioForbidden)
    assert failure_words(second) == "Your Altegio account has no rights to do this."


def test_identical_posts_at_once_are_each_sent(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_SEARCH)

    def search(client: AltegioClient):
        return search_clients_by_phone(
            client.as_user(USER_TOKEN), location_id=720441, phone_digits="13155550178"
        )

    together(altegio, search, search)

    assert len(altegio.requests) == 2


def test_a_lookup_still_gets_its_answer_when_the_one_it_joined_is_cancelled(
    altegio: FakeAltegio,
) -> None:
    """A staff member closing their tab must not break a colleague's identical lookup."""
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    async def work(client: AltegioClient) -> list[Any]:
        altegio.gate = asyncio.Event()
        leader = asyncio.create_task(lookup()(client))
        await settle()
        follower = asyncio.create_task(lookup()(client))
        await settle()
        leader.cancel()
        await settle()
        altegio.gate.set()
        return await asyncio.wait_for(follower, timeout=5)

    [membership] = altegio.run(work)

    assert membership.number == "788376"
    assert len(altegio.requests) == 2  # the cancelled call's, then the follower's own


def test_a_cancelled_follower_does_not_disturb_the_call_it_joined(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    async def work(client: AltegioClient) -> Any:
        altegio.gate = asyncio.Event()
        leader = asyncio.create_task(lookup()(client))
        await settle()
        follower = asyncio.create_task(lookup()(client))
        await settle()
        follower.cancel()
        await settle()
        altegio.gate.set()
        with pytest.raises(asyncio.CancelledError):
            await follower
        return await leader

    [membership] = altegio.run(work)

    assert membership.number == "788376"
    assert len(altegio.requests) == 1
