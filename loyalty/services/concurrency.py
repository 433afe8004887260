"""Altegio calls in flight together, failing as one: the first failure cancels the rest."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from loyalty.altegio import AltegioAuthError, AltegioError


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
