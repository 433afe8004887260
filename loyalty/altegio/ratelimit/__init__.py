"""Client-side rate limiting for Altegio: one request budget, the front desk first.

The rule is policy.py's; a process keeps the budget in local_limiter.py, a deployment in Redis
(redis_limiter.py, which runs redis_scripts.py's Lua); the priority travels with the request
(priority.py) and every caller learns what it waited (grants.py).
"""

from .grants import Grant, WaitLog, note_grant, track_waits
from .local_limiter import LocalRateLimiter
from .policy import BudgetPolicy, RateLimiter, Window, windows_for
from .priority import (
    Priority,
    bulk_work,
    current_priority,
    finish_first,
    follow_up_work,
    note_started,
)
from .redis_limiter import RedisRateLimiter

__all__ = [
    "BudgetPolicy",
    "Grant",
    "LocalRateLimiter",
    "Priority",
    "RateLimiter",
    "RedisRateLimiter",
    "WaitLog",
    "Window",
    "bulk_work",
    "current_priority",
    "finish_first",
    "follow_up_work",
    "note_grant",
    "note_started",
    "track_waits",
    "windows_for",
]
