"""Altegio's request budget as the waiting person sees it: would an interactive call wait now?"""

import inspect

from loyalty.altegio import get_client

# An interactive call that would wait at least this long is waiting for the request limit.
LIMIT_BUSY_SECONDS = 0.25


async def interactive_wait_seconds() -> float:
    """How long an interactive Altegio call would wait for a slot now; asks no one upstream."""
    limiter = getattr(get_client(), "limiter", None)
    # The priority limiter (issue 15, part 1) answers this without booking a slot; a limiter
    # that cannot tell is taken to have no queue, so the words blame slowness, not the limit.
    ask = getattr(limiter, "interactive_wait_seconds", None)
    if ask is None:
        return 0.0
    wait = ask()
    if inspect.isawaitable(wait):
        wait = await wait
    return max(0.0, float(wait))


async def request_limit_busy() -> tuple[bool, float]:
    """Whether interactive calls are queueing for Altegio's request limit, and for how long."""
    wait = await interactive_wait_seconds()
    return wait >= LIMIT_BUSY_SECONDS, wait
