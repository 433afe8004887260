"""Who is waiting for an Altegio call: the priority travels with the request (a contextvar)."""

import contextlib
import contextvars
import enum
from collections.abc import Iterator


class Priority(enum.StrEnum):
    """Who is waiting for a call: a person at the desk, or a job that can wait."""

    INTERACTIVE = "interactive"
    BULK = "bulk"


_priority: contextvars.ContextVar[Priority] = contextvars.ContextVar(
    "altegio_priority", default=Priority.INTERACTIVE
)


def current_priority() -> Priority:
    """The priority of the Altegio calls made from here (interactive unless marked bulk)."""
    return _priority.get()


@contextlib.contextmanager
def bulk_work() -> Iterator[None]:
    """Mark the Altegio calls made inside this block as bulk work (summary steps, exports).

    Keep no `yield` of an async generator inside the block: the mark belongs to the task that
    runs it, so wrap each `await` instead.
    """
    token = _priority.set(Priority.BULK)
    try:
        yield
    finally:
        _priority.reset(token)
