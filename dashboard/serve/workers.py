"""How the dashboard is served: how many workers, on which socket (TCP_NODELAY)."""

import socket


class ServeRefused(Exception):
    """The requested way of serving would break a deployment-wide guarantee."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (proto IPPROTO_TCP) whose accepted connections get TCP_NODELAY."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)  # uvicorn hands it to its worker processes
    return sock


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
