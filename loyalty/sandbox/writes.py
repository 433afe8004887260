"""What writes changed, kept apart from the immutable seed: an overlay that `reset()` forgets."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from .models import Membership


@dataclass(frozen=True, slots=True)
class FreezeState:
    """A membership's freeze fields (and expiry) after a freeze or unfreeze."""

    is_frozen: bool
    freeze_period: int
    expires: datetime | None
    freeze_till: datetime | None = None


class MembershipWrites:
    """Per-sandbox changes to memberships; reads see them, the seeded records never change."""

    def __init__(self) -> None:
        self._states: dict[int, FreezeState] = {}
        self._lock = threading.Lock()

    def current(self, membership: Membership) -> Membership:
        """The membership as every read sees it now."""
        state = self._states.get(membership.id)
        if state is None:
            return membership
        return replace(
            membership,
            is_frozen=state.is_frozen,
            freeze_period=state.freeze_period,
            expires=state.expires,
        )

    @contextmanager
    def editing(self) -> Iterator[Callable[[Membership, FreezeState], None]]:
        """Check and write under one lock, so two concurrent writes cannot both pass a rule."""
        with self._lock:
            yield self._set

    def _set(self, membership: Membership, state: FreezeState) -> None:
        self._states[membership.id] = state

    def clear(self) -> None:
        """Undo every write."""
        with self._lock:
            self._states.clear()
