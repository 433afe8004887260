"""Altegio calls in flight together: failing as one, or one read shared by those who wait for it."""

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from loyalty.altegio import (
    AltegioAuthError,
    AltegioError,
    AltegioForbidden,
    Priority,
    current_priority,
    follow_up_work,
)


@contextlib.asynccontextmanager
async def concurrently() -> AsyncIterator[asyncio.TaskGroup]:
    """A task group whose first failure cancels the rest and is raised on its own."""
    try:
        async with asyncio.TaskGroup() as group:
            yield group
    except BaseExceptionGroup as failures:
        raise _most_telling(failures) from None


def _most_telling(failures: BaseExceptionGroup) -> BaseException:
    """An ended session beats other Altegio errors, which beat anything else."""
    leaves: list[BaseException] = []
    pending: list[BaseException] = [failures]
    while pending:
        exc = pending.pop()
        if isinstance(exc, BaseExceptionGroup):
            pending.extend(exc.exceptions)
        else:
            leaves.append(exc)
    for wanted in (AltegioAuthError, AltegioError):
        match = next((exc for exc in leaves if isinstance(exc, wanted)), None)
        if match is not None:
            return match
    return leaves[0] if leaves else failures


# Failures that belong to the person whose read it was, not to those who joined it.
PERSONAL_FAILURES = (AltegioAuthError, AltegioForbidden)
# Shared reads in flight, by key, per event loop (a task belongs to the loop that runs it).
_reads: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Task[Any]]]" = (
    weakref.WeakKeyDictionary()
)


async def read_once[T](key: str, read: Callable[[], Awaitable[T]]) -> T:
    """`read()`, once for every caller of this process that asks for `key` while it runs.

    For what a cache shares between people anyway (a location's classes): desks whose cache missed
    at the same moment wait for one Altegio read instead of each sending their own. The read runs
    as a task of its own, so a caller that goes away (a closed tab) does not cancel it for the
    rest. A caller that joined someone else's read and saw it fail for that person (an ended
    session, missing rights) reads for itself; any other failure (Altegio down, the budget held
    the read back) is everyone's, and asking again at once would only spend more of the budget.

    `read` may outlive the request that started it: its synchronous work (the cache, the
    database) must not run in that request's thread (`sync_to_async(..., thread_sensitive=False)`),
    which is gone once the request has answered.
    """
    reads = _reads.setdefault(asyncio.get_running_loop(), {})
    shared = reads.get(key)
    if shared is None:
        return await asyncio.shield(_start(reads, key, read))
    try:
        return await asyncio.shield(shared)
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # this caller itself was cancelled
    except PERSONAL_FAILURES:
        pass  # the failure was that person's: ask for ourselves
    return await read()


def start_once(key: str, read: Callable[[], Awaitable[object]]) -> None:
    """Start `read()` in the background unless a read of `key` is in flight; wait for nothing.

    For a read nobody waits for (a cached entry read again past its freshness): the same sharing
    as `read_once`, and the same care for its synchronous work. Its Altegio calls go at a
    follow-up's priority, after every desk's lookup (a bulk job's stay bulk). Its failure is
    dropped: the entry it would have refreshed stays as it was, and the next reader tries again.
    """
    reads = _reads.setdefault(asyncio.get_running_loop(), {})
    if key in reads:
        return
    if current_priority() is Priority.BULK:
        _start(reads, key, read)
        return
    with follow_up_work():  # the task takes the mark with the rest of the context
        _start(reads, key, read)


async def finish_reads() -> None:
    """Wait until this loop's shared reads in flight are done, failed or not (tests, shutdown)."""
    while reads := list(_reads.get(asyncio.get_running_loop(), {}).values()):
        await asyncio.gather(*reads, return_exceptions=True)


def _start[T](
    reads: dict[str, "asyncio.Task[Any]"], key: str, read: Callable[[], Awaitable[T]]
) -> "asyncio.Task[T]":
    """`read()` as a task of its own, known under `key` until it is done."""
    task = reads[key] = asyncio.ensure_future(read())

    def finished(done: "asyncio.Task[Any]") -> None:
        if reads.get(key) is done:
            del reads[key]
        if not done.cancelled():
            done.exception()  # retrieved, even when every caller has gone

    task.add_done_callback(finished)
    return task
