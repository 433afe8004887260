"""`python -m dashboard.serve`: read the settings, set up, run uvicorn; refuse what would break."""

import argparse
import logging
import os
import shutil
import sys

from .access_log import log_config
from .metrics_dir import metrics_directory
from .workers import ServeRefused, listening_socket, worker_count

APP = "dashboard.asgi:application"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
EXIT_REFUSED = 2


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
