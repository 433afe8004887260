"""How much of Altegio's request budget is in use now, read from the limiter (no Altegio call)."""

from dataclasses import dataclass

from .ratelimit import LocalRateLimiter, RateLimiter, RedisRateLimiter


@dataclass(frozen=True)
class WindowUse:
    """Calls sent within the last `seconds`, against the `limit` for that window."""

    seconds: float
    limit: int
    used: int


async def budget_in_use(limiter: RateLimiter | None) -> list[WindowUse]:
    """Each window of the budget (a second, a minute) and the calls sent within it until now.

    With Redis this is the whole deployment's use; without, this process's (its only worker's).
    SharedStoreUnavailable when Redis does not answer.
    """
    if isinstance(limiter, RedisRateLimiter):
        now, grants = await limiter.book()
    elif isinstance(limiter, LocalRateLimiter):
        now, grants = limiter.book()
    else:
        return []
    return [
        WindowUse(
            seconds=seconds,
            limit=limit,
            used=sum(1 for grant in grants if now - seconds < grant <= now),
        )
        for limit, seconds in limiter.windows
    ]
