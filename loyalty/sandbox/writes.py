"""What writes changed, kept apart from the immutable seed: an overlay that `reset()` forgets."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from .models import Link, Membership


@dataclass(frozen=True, slots=True)
class FreezeState:
    """A membership's freeze fields (and expiry) after a freeze or unfreeze."""

    is_frozen: bool
    freeze_period: int
    expires: datetime | None
    freeze_till: datetime | None = None

    def changes(self) -> dict[str, Any]:
        """The membership fields it sets."""
        return {
            "is_frozen": self.is_frozen,
            "freeze_period": self.freeze_period,
            "expires": self.expires,
        }


@dataclass(frozen=True, slots=True)
class PeriodState:
    """A membership's validity after set_period: its length and the expiry that follows."""

    period: int
    period_unit_id: int
    expires: datetime | None

    def changes(self) -> dict[str, Any]:
        """The membership fields it sets."""
        return {name.name: getattr(self, name.name) for name in fields(self)}


@dataclass(frozen=True, slots=True)
class BalanceState:
    """A membership's balance after set_balance: the shared pool and the lines."""

    united_balance_services_count: int
    links: tuple[Link, ...]

    def changes(self) -> dict[str, Any]:
        """The membership fields it sets."""
        return {name.name: getattr(self, name.name) for name in fields(self)}


type State = FreezeState | PeriodState | BalanceState


class MembershipWrites:
    """Per-sandbox changes to memberships; reads see them, the seeded records never change."""

    def __init__(self) -> None:
        self._changes: dict[int, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def current(self, membership: Membership) -> Membership:
        """The membership as every read sees it now."""
        changed = self._changes.get(membership.id)
        return membership if changed is None else replace(membership, **changed)

    @contextmanager
    def editing(self) -> Iterator[Callable[[Membership, State], None]]:
        """Check and write under one lock, so two concurrent writes cannot both pass a rule."""
        with self._lock:
            yield self._set

    def _set(self, membership: Membership, state: State) -> None:
        self._changes.setdefault(membership.id, {}).update(state.changes())

    def clear(self) -> None:
        """Undo every write."""
        with self._lock:
            self._changes.clear()
