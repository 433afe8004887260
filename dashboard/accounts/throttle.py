"""Sign-in throttling: repeated failures per person and per client address lock sign-in a while.

A person is counted once however they type their login: an e-mail and a phone that Altegio has
said are theirs count together (people.py).

Counters live in the cache (Redis when REDIS_URL is set, so every worker shares them). They use
the sync `add`/`incr`, which are atomic on Redis and the local-memory cache; Django's async
`aincr` is a get-then-set and would lose counts under concurrent attempts.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext

from dashboard.proxies import client_address

from .people import person_key

FAILURES_KEY = "signin:failures:{scope}:{digest}"
LOCK_KEY = "signin:locked:{scope}:{digest}"


@dataclass(frozen=True)
class Lockout:
    """Sign-in is locked until `until` (seconds since the epoch)."""

    until: float

    @property
    def seconds_left(self) -> int:
        """Whole seconds until sign-in opens again (at least 1)."""
        return max(1, math.ceil(self.until - time.time()))

    @property
    def message(self) -> str:
        """What the sign-in page says while locked; the same whether or not the login exists."""
        minutes = math.ceil(self.seconds_left / 60)
        wait = ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
        return gettext(
            "Too many failed sign-in attempts. To protect your account, sign-in is paused for "
            "%(lockout)s minutes. Please try again in %(wait)s."
        ) % {"lockout": settings.LOGIN_LOCKOUT_MINUTES, "wait": wait}


def _scopes(request: HttpRequest, person: str) -> list[tuple[str, str]]:
    """The (scope, digest) pairs an attempt counts against; logins are hashed, not stored."""
    scopes = [("address", hashlib.sha256(client_address(request).encode()).hexdigest()[:32])]
    if person:
        scopes.append(("login", hashlib.sha256(person.encode()).hexdigest()[:32]))
    return scopes


def _window() -> int:
    return int(settings.LOGIN_LOCKOUT_MINUTES) * 60


def _lockout(scopes: list[tuple[str, str]]) -> Lockout | None:
    keys = [LOCK_KEY.format(scope=scope, digest=digest) for scope, digest in scopes]
    untils = [float(until) for until in cache.get_many(keys).values()]
    return Lockout(until=max(untils)) if untils else None


def _record_failure(scopes: list[tuple[str, str]]) -> Lockout | None:
    window = _window()
    for scope, digest in scopes:
        key = FAILURES_KEY.format(scope=scope, digest=digest)
        cache.add(key, 0, timeout=window)
        try:
            failures = cache.incr(key)
        except ValueError:  # the counter expired between add and incr: this is the first again
            cache.add(key, 1, timeout=window)
            failures = 1
        if failures >= settings.LOGIN_FAILURE_LIMIT:
            # `add`, so concurrent attempts that all crossed the limit cannot extend the lock.
            cache.add(
                LOCK_KEY.format(scope=scope, digest=digest), time.time() + window, timeout=window
            )
            cache.delete(key)
    return _lockout(scopes)


def _record_success(scopes: list[tuple[str, str]]) -> None:
    # Only the login's own count is forgiven: a shared address keeps its count, or an attacker
    # with one working account could reset it between guesses at others.
    cache.delete_many(
        [
            FAILURES_KEY.format(scope=scope, digest=digest)
            for scope, digest in scopes
            if scope == "login"
        ]
    )


# Each call below raises SharedStoreUnavailable when Redis does not answer: the sign-in page says
# so, and without a lockout to check, no attempt reaches Altegio.
async def lockout(request: HttpRequest, login: str) -> Lockout | None:
    """The lock on this person (whichever spelling of their login) or this address, if any."""
    scopes = _scopes(request, await person_key(login))
    return await sync_to_async(_lockout)(scopes)


async def record_failure(request: HttpRequest, login: str) -> Lockout | None:
    """Count a failed attempt against the person and the address; the lock if one starts."""
    scopes = _scopes(request, await person_key(login))
    lock = await sync_to_async(_record_failure)(scopes)
    return lock


async def record_success(request: HttpRequest, login: str) -> None:
    """Forget the person's failures after they signed in."""
    await sync_to_async(_record_success)(_scopes(request, await person_key(login)))
