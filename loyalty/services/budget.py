"""Altegio's request budget as the waiting person sees it: would an interactive call wait now?"""

from loyalty.altegio import expected_wait

# An interactive call that would wait at least this long is waiting for the request limit.
LIMIT_BUSY_SECONDS = 0.25


async def interactive_wait_seconds() -> float:
    """How long an interactive Altegio call would wait for a slot now; asks no one upstream."""
    # The shared limiter answers without booking a slot (Redis or this worker's own).
    return max(0.0, float(await expected_wait()))


async def request_limit_busy() -> tuple[bool, float]:
    """Whether interactive calls are queueing for Altegio's request limit, and for how long."""
    wait = await interactive_wait_seconds()
    return wait >= LIMIT_BUSY_SECONDS, wait
