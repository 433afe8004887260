"""The dashboard's Prometheus metrics (prometheus_client), each documented in docs/operating.md.

Counters and histograms are written by the code that does the work, through the `note_*`
functions below. Under `python -m dashboard.serve` every worker writes them to files in
PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode), and a scrape of any worker
adds up all of them. The request budget in use is read at scrape time from the limiter itself
(loyalty/views/metrics.py), so it is the deployment's, not one worker's.
"""

import re

from prometheus_client import Counter, Histogram

NAMESPACE = "loyaltydesk"

ALTEGIO_REQUESTS = Counter(
    "altegio_requests",
    "Calls to Altegio, by endpoint family and HTTP status (or timeout / unreachable).",
    ["method", "family", "status"],
    namespace=NAMESPACE,
)
ALTEGIO_LATENCY = Histogram(
    "altegio_request_duration_seconds",
    "How long Altegio took to answer a call (after the request budget let it go).",
    ["method", "family"],
    namespace=NAMESPACE,
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
BUDGET_WAIT = Histogram(
    "altegio_budget_wait_seconds",
    "How long a call waited for Altegio's request budget, front desk (interactive) or bulk.",
    ["priority"],
    namespace=NAMESPACE,
    buckets=(0.001, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0),
)
SEND_LATENESS = Histogram(
    "altegio_send_lateness_seconds",
    "How long after its budget slot a call's request really left (a new connection's handshake, "
    "a busy worker); a late call is stamped again when it leaves.",
    namespace=NAMESPACE,
    buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0),
)
LOOKUPS = Counter(
    "lookups",
    "Client lookups, visit histories and group-event checks, by kind and outcome.",
    ["kind", "outcome"],
    namespace=NAMESPACE,
)
WRITES = Counter(
    "membership_writes",
    "Membership writes (freeze, unfreeze, …), by action and outcome.",
    ["action", "outcome"],
    namespace=NAMESPACE,
)
SIGN_INS = Counter(
    "sign_ins",
    "Sign-in attempts, by outcome (signed_in, wrong_credentials, locked, paused, failed).",
    ["outcome"],
    namespace=NAMESPACE,
)
LOCKOUTS = Counter(
    "sign_in_lockouts",
    "Sign-in lockouts started (a person or an address reached LOGIN_FAILURE_LIMIT).",
    namespace=NAMESPACE,
)
SHARED_STORE_ERRORS = Counter(
    "shared_store_errors",
    "Calls to Redis that failed or timed out (each opens the breaker for REDIS_RETRY_SECONDS).",
    namespace=NAMESPACE,
)

# Altegio paths by what they are about (first match wins: types before their objects).
_FAMILIES = [
    ("auth", re.compile(r"^auth$")),
    ("membership_types", re.compile(r"abonement_types")),
    ("memberships", re.compile(r"abonements")),
    ("gift_card_types", re.compile(r"certificate_types")),
    ("gift_cards", re.compile(r"certificates")),
    ("loyalty_cards", re.compile(r"^loyalty/(client_)?cards/")),
    ("visits", re.compile(r"visits")),
    ("transactions", re.compile(r"transactions")),
    ("group_events", re.compile(r"^activity/")),
    ("clients", re.compile(r"(^|/)clients?(/|$)")),
    ("locations", re.compile(r"^(companies|groups)$")),
]


def endpoint_family(path: str) -> str:
    """The family of an Altegio path ("chain/1/loyalty/abonements" → "memberships")."""
    path = path.strip("/")
    return next((name for name, pattern in _FAMILIES if pattern.search(path)), "other")


def note_altegio_call(*, method: str, path: str, status: str, seconds: float) -> None:
    """One call to Altegio answered (`status` is the HTTP status) or failed ("timeout"...)."""
    family = endpoint_family(path)
    ALTEGIO_REQUESTS.labels(method=method, family=family, status=status).inc()
    ALTEGIO_LATENCY.labels(method=method, family=family).observe(seconds)


def note_budget_wait(*, priority: str, seconds: float) -> None:
    """One call's wait for the request budget (0 when a slot was free)."""
    BUDGET_WAIT.labels(priority=priority).observe(seconds)


def note_send_lateness(seconds: float) -> None:
    """How long after its slot was granted a call's request really left."""
    SEND_LATENESS.observe(max(0.0, seconds))


def note_sign_in(outcome: str) -> None:
    """One sign-in attempt: signed_in, wrong_credentials, locked, paused or failed."""
    SIGN_INS.labels(outcome=outcome).inc()


def note_lockout_started() -> None:
    """A person or an address has just been locked out of sign-in."""
    LOCKOUTS.inc()


def note_shared_store_error() -> None:
    """A call to Redis failed or timed out."""
    SHARED_STORE_ERRORS.inc()


# The first words of an audit outcome (loyalty/services/*) and the metric's word for them.
_OUTCOMES = [
    ("limit reached", "limit_reached"),
    ("nothing found", "nothing_found"),
    ("found", "found"),
    ("can pay", "answered"),
    ("done", "done"),
    ("not sent", "not_sent"),
    ("refused by altegio", "refused_by_altegio"),
    ("refused by loyalty desk", "refused_here"),
    ("outcome unknown", "unknown"),
    ("paused", "paused"),
    ("altegio", "failed"),
]
# Every audited look at a client's data counts as a lookup (visits count against the quota too).
_LOOKUP_KINDS = {"client_lookup", "client_visits", "event_check"}
# Every write to a membership is audited as `membership_<action>` (services/writes/).
WRITE_KIND_PREFIX = "membership_"


def outcome_word(outcome: str) -> str:
    """An audit outcome in a few fixed words ("found (national form)" → "found")."""
    text = outcome.casefold()
    return next((word for start, word in _OUTCOMES if text.startswith(start)), "other")


def note_audited(*, kind: str, outcome: str, chain_wide: bool = False) -> None:
    """Count an audited lookup or write (every one goes through the audit log)."""
    if kind in _LOOKUP_KINDS:
        name = "chain_lookup" if kind == "client_lookup" and chain_wide else kind
        LOOKUPS.labels(kind=name, outcome=outcome_word(outcome)).inc()
    elif kind.startswith(WRITE_KIND_PREFIX):
        action = kind.removeprefix(WRITE_KIND_PREFIX)
        WRITES.labels(action=action, outcome=outcome_word(outcome)).inc()
