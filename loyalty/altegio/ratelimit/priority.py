"""Who is waiting for an Altegio call: the priority travels with the request (a contextvar)."""

import contextlib
import contextvars
import enum
from collections.abc import Iterator


class Priority(enum.StrEnum):
    """Who is waiting for a call: a person at the desk, or a job that can wait."""

    INTERACTIVE = "interactive"
    # A later call of a lookup whose first call already went (its types by id, the national form):
    # before other desks' new lookups, so that a started lookup finishes first.
    FINISHING = "finishing"
    # What a lookup loads by itself once its cards are on screen (the client card): after every
    # waiting lookup's calls, never ahead of them, and never in the desk's share of the minute.
    FOLLOW_UP = "follow-up"
    BULK = "bulk"

    @property
    def work(self) -> str:
        """The class of work metrics count it in: the front desk's (all but bulk), or bulk."""
        return "bulk" if self is Priority.BULK else "interactive"


_priority: contextvars.ContextVar[Priority] = contextvars.ContextVar(
    "altegio_priority", default=Priority.INTERACTIVE
)
# Inside `finish_first()`: whether one of the block's calls has had its slot (shared by the tasks
# the block starts, so M1 and C1 running side by side count as one lookup).
_started: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "altegio_started", default=None
)


def current_priority() -> Priority:
    """The priority of the Altegio calls made from here (interactive unless marked otherwise)."""
    priority = _priority.get()
    started = _started.get()
    if priority is Priority.INTERACTIVE and started is not None and started[0]:
        return Priority.FINISHING
    return priority


def note_started() -> None:
    """A call inside `finish_first()` has its slot: the block's later calls finish first."""
    started = _started.get()
    if started is not None:
        started[0] = True


@contextlib.contextmanager
def finish_first() -> Iterator[None]:
    """Mark the block as one lookup: once a call of it has its slot, the rest go before new ones.

    Interactive calls are first come, first served; without this, a lookup's second round (the
    types of the memberships it found, read by id) would queue behind every lookup that other
    desks started meanwhile, and each would finish late instead of one after the other.
    """
    token = _started.set([False])
    try:
        yield
    finally:
        _started.reset(token)


@contextlib.contextmanager
def follow_up_work() -> Iterator[None]:
    """Mark the block as what a lookup loads after its cards are on screen (the client card).

    Its calls yield to other desks' new lookups: they take a slot only when one is free now, no
    call is booked ahead and the desk's room is kept (`BudgetPolicy`); held back longer than
    `follow_up_deadline`, a call gives up (`AltegioBudgetHeldBack`). The same caveat as
    `bulk_work()`: the mark belongs to the task that runs the block and the tasks it starts.
    """
    token = _priority.set(Priority.FOLLOW_UP)
    try:
        yield
    finally:
        _priority.reset(token)


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
