"""Fixtures for the Altegio client tests."""

import pytest

from .fake import FakeAltegio


@pytest.fixture
def altegio() -> FakeAltegio:
    """A fresh fake Altegio."""
    return FakeAltegio()
