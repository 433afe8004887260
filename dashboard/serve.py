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

import argparse
import copy
import logging
import os
import re
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

APP = "dashboard.asgi:application"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
EXIT_REFUSED = 2

_SAFE_NAME = re.compile(r"[A-Za-z0-9_.\-\[\]]{1,40}")


class ServeRefused(Exception):
    """The requested way of serving would break a deployment-wide guarantee."""


# --- The listening socket ----------------------------------------------------------------------


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (proto IPPROTO_TCP) whose accepted connections get TCP_NODELAY."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)  # uvicorn hands it to its worker processes
    return sock


# --- Workers -----------------------------------------------------------------------------------


def worker_count(raw: str | None, *, redis_url: str) -> int:
    """WORKERS, else 2 with Redis and 1 without; several workers need Redis."""
    if raw is None or not raw.strip():
        return 2 if redis_url else 1
    try:
        workers = int(raw)
    except ValueError:
        raise ServeRefused(f"WORKERS must be a whole number, not {raw!r}.") from None
    if workers < 1:
        raise ServeRefused("WORKERS must be at least 1.")
    if workers > 1 and not redis_url:
        raise ServeRefused(
            f"WORKERS={workers} needs REDIS_URL. Without Redis, each worker would keep its own "
            "Altegio request budget, sign-in lockout and lookup quota, so together they would "
            "exceed Altegio's limit and let more sign-in attempts and lookups through than "
            "configured. Set REDIS_URL to share them, or run one worker (WORKERS=1)."
        )
    return workers


# --- Metrics -----------------------------------------------------------------------------------


def metrics_directory() -> tuple[Path, bool]:
    """PROMETHEUS_MULTIPROC_DIR for the workers; whether the launcher made it (and removes it)."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if not given:
        made = Path(tempfile.mkdtemp(prefix="loyaltydesk-metrics-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(made)
        return made, True
    directory = Path(given)
    directory.mkdir(parents=True, exist_ok=True)
    # A previous run's counters would be added to this run's: start from zero, as a process does.
    for stale in directory.glob("*.db"):
        stale.unlink()
    return directory, False


# --- Access log --------------------------------------------------------------------------------


def scrub_path(path: str) -> str:
    """The request path for the access log: phones masked, query values dropped (names kept)."""
    from loyalty.altegio.logging import scrub

    base, has_query, query = path.partition("?")
    base = scrub(base)
    if not has_query:
        return base
    names = [part.split("=", 1)[0] for part in query.split("&") if part]
    shown = [name if _SAFE_NAME.fullmatch(name) else "…" for name in names]
    return f"{base}?" + "&".join(f"{name}=…" for name in shown)


class ScrubAccessLog(logging.Filter):
    """Rewrite uvicorn's access-log lines so no phone or query-string value is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn logs '%s - "%s %s HTTP/%s" %d' with (client, method, path+query, version, status).
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, version, status = args
            record.args = (client, method, scrub_path(str(path)), version, status)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the access log scrubbed."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["scrub_access"] = {"()": f"{__name__}.ScrubAccessLog"}
    config["handlers"]["access"]["filters"] = ["scrub_access"]
    return config


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    """HOST, PORT and WORKERS from the environment, overridable here; a few uvicorn options."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.serve", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST") or DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or DEFAULT_PORT))
    parser.add_argument("--workers", default=os.environ.get("WORKERS"))
    # The uvicorn options `UVICORN_ARGS` may carry, under uvicorn's own names.
    parser.add_argument("--no-access-log", dest="access_log", action="store_false")
    parser.add_argument("--log-level", default=None)
    parser.add_argument("--timeout-keep-alive", type=int, default=5)
    parser.add_argument("--limit-concurrency", type=int, default=None)
    parser.add_argument("--backlog", type=int, default=2048)
    parser.add_argument("--http", choices=["auto", "h11", "httptools"], default="auto")
    parser.add_argument("--loop", choices=["auto", "asyncio", "uvloop"], default="auto")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; a refused configuration exits with status 2 and says why."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
    # The same settings the app reads (environment and .env): one trust list, one REDIS_URL.
    from django.conf import settings

    try:
        workers = worker_count(args.workers, redis_url=settings.REDIS_URL)
    except ServeRefused as exc:
        print(f"Refusing to start: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    trusted = [proxy.strip() for proxy in settings.TRUSTED_PROXIES if proxy.strip()]
    # Before uvicorn imports the app in any worker: prometheus_client reads it at import.
    metrics_dir, made_metrics_dir = metrics_directory()

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        APP,
        host=args.host,
        port=args.port,
        workers=workers,
        lifespan="on",
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_config=log_config(),
        log_level=args.log_level,
        access_log=args.access_log,
        timeout_keep_alive=args.timeout_keep_alive,
        limit_concurrency=args.limit_concurrency,
        backlog=args.backlog,
        http=args.http,
        loop=args.loop,
    )
    sock = listening_socket(args.host, args.port)
    where = (
        f"http://[{args.host}]:{args.port}"
        if ":" in args.host
        else f"http://{args.host}:{args.port}"
    )
    shared = "shared through Redis" if settings.REDIS_URL else "in this one process"
    logging.getLogger("uvicorn.error").info(
        "Loyalty Desk on %s: %d worker(s), counters and request budget %s", where, workers, shared
    )
    try:
        if workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            server = uvicorn.Server(config)
            server.run(sockets=[sock])
            if not server.started:
                return 3
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if made_metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
