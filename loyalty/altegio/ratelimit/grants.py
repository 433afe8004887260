"""What a caller learns from the limiter: the slot it was granted, and every wait in a block."""

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Grant:
    """One slot granted: how long the caller waited for it, and why."""

    waited: float = 0.0
    held_for_front_desk: bool = False  # bulk work held back while the front desk was busy
    # The slot the call holds, as its limiter keeps it (for `leaves_late`).
    slot: float | str | None = None

    @property
    def reason(self) -> str:
        """'' (no wait), 'front desk' (bulk held back for interactive work) or 'budget' (full)."""
        if self.waited <= 0:
            return ""
        return "front desk" if self.held_for_front_desk else "budget"


@dataclass
class WaitLog:
    """Every slot the calls inside `track_waits()` were granted, summed up."""

    calls: int = 0
    waited: float = 0.0  # the longest single wait: concurrent calls wait side by side
    total_waited: float = 0.0
    held_for_front_desk: bool = False

    def add(self, grant: Grant) -> None:
        """Count one granted slot."""
        self.calls += 1
        self.waited = max(self.waited, grant.waited)
        self.total_waited += grant.waited
        self.held_for_front_desk |= grant.held_for_front_desk


_wait_log: contextvars.ContextVar[WaitLog | None] = contextvars.ContextVar(
    "altegio_wait_log", default=None
)


@contextlib.contextmanager
def track_waits() -> Iterator[WaitLog]:
    """Collect the waits of every Altegio call made inside the block (tasks it starts too)."""
    log = WaitLog()
    token = _wait_log.set(log)
    try:
        yield log
    finally:
        _wait_log.reset(token)


def note_grant(grant: Grant) -> None:
    """Add a grant to the running `track_waits()` log, if there is one (the HTTP boundary)."""
    log = _wait_log.get()
    if log is not None:
        log.add(grant)
