"""Fixtures for the sign-in and session tests: an injectable session clock."""

import time

import pytest

from dashboard.accounts import middleware


class Clock:
    """A clock the session middleware reads instead of the real one; tests move it forward."""

    def __init__(self) -> None:
        self.moment = time.time()

    def __call__(self) -> float:
        return self.moment

    def advance(self, *, hours: float = 0, minutes: float = 0, seconds: float = 0) -> None:
        """Let time pass."""
        self.moment += hours * 3600 + minutes * 60 + seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The session clock, under the test's control (install it before signing in)."""
    fake = Clock()
    monkeypatch.setattr(middleware, "now", fake)
    return fake
