"""`python -m dashboard.serve`: the dashboard on uvicorn, as `make serve` and `make demo` run it.

- **Workers and shared state.** Without `REDIS_URL` every counter (sign-in lockout, lookup quota)
  and Altegio's request budget live in the worker's memory, so the deployment runs one worker and
  several are refused. With `REDIS_URL` they live in Redis, and any number of workers and instances
  on that Redis share one budget (`WORKERS` defaults to 2 then).
- **TCP_NODELAY.** The listening socket is made here with `IPPROTO_TCP`: asyncio sets TCP_NODELAY
  only on connections accepted from such a socket, and uvicorn's own socket for `--workers` has
  protocol 0, so each keep-alive response waited ~40 ms for a delayed ACK (Kludex/uvicorn#3149).
- **Proxies.** uvicorn believes `X-Forwarded-For`/`-Proto` from exactly `TRUSTED_PROXIES` (the list
  Django uses), and from nobody when it is empty; uvicorn's own default trusts 127.0.0.1.
- **Access log.** No phone and no query-string value reaches it (`ScrubAccessLog`).
- **Metrics.** Each worker counts in its own process, so a scrape answered by one worker must add
  up every worker's: prometheus_client's multiprocess mode, where each process writes its
  counters to files in `PROMETHEUS_MULTIPROC_DIR` and `/metrics` sums them. The launcher sets the
  directory up before any worker starts: the operator's (emptied of a previous run's files), or a
  temporary one of its own, removed at exit.
"""

from .access_log import ScrubAccessLog
from .launcher import EXIT_REFUSED, main
from .workers import ServeRefused, listening_socket, worker_count

__all__ = [
    "EXIT_REFUSED",
    "ScrubAccessLog",
    "ServeRefused",
    "listening_socket",
    "main",
    "worker_count",
]
