"""`python -m dashboard.serve`: workers only with a shared store, TCP_NODELAY, one trust list."""

import asyncio
import logging
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from dashboard.serve import (
    EXIT_REFUSED,
    ScrubAccessLog,
    ServeRefused,
    listening_socket,
    worker_count,
)

from .launch import ROOT, dashboard, server_env


def test_without_redis_one_worker_is_the_default() -> None:
    assert worker_count(None, redis_url="") == 1
    assert worker_count("", redis_url="") == 1
    assert worker_count("1", redis_url="") == 1


def test_with_redis_two_workers_are_the_default_and_more_are_allowed() -> None:
    assert worker_count(None, redis_url="redis://127.0.0.1:6379/0") == 2
    assert worker_count("4", redis_url="redis://127.0.0.1:6379/0") == 4


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_a_worker_count_that_is_not_a_positive_number_is_refused(workers: str) -> None:
    with pytest.raises(ServeRefused, match="WORKERS"):
        worker_count(workers, redis_url="redis://127.0.0.1:6379/0")


def test_several_workers_without_redis_are_refused_at_start_up_with_the_reason() -> None:
    env = server_env(WORKERS="2")

    started = subprocess.run(
        [sys.executable, "-m", "dashboard.serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert started.returncode == EXIT_REFUSED
    assert "WORKERS=2 needs REDIS_URL" in started.stderr
    assert "request budget" in started.stderr
    assert "WORKERS=1" in started.stderr
    assert "Uvicorn running" not in started.stdout + started.stderr


# --- TCP_NODELAY -------------------------------------------------------------------------------


class NodelayRecorder(H11Protocol):
    """uvicorn's HTTP protocol, noting whether each accepted connection has TCP_NODELAY."""

    seen: list[int] = []

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        NodelayRecorder.seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        super().connection_made(transport)


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def nodelay_of_a_connection_accepted_on(sock: socket.socket) -> int:
    """Serve `hello` with uvicorn on `sock`, make one request, return TCP_NODELAY as accepted."""
    NodelayRecorder.seen = []
    config = uvicorn.Config(hello, http=NodelayRecorder, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])))
    thread.start()
    try:
        host, port = sock.getsockname()[:2]
        for _ in range(100):
            if server.started:
                break
            threading.Event().wait(0.05)
        assert httpx.get(f"http://{host}:{port}/", timeout=5).text == "ok"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    (nodelay,) = NodelayRecorder.seen
    return nodelay


def test_connections_accepted_by_the_launchers_socket_have_tcp_nodelay() -> None:
    # Without it, each keep-alive response waits ~40 ms for the client's delayed ACK.
    assert nodelay_of_a_connection_accepted_on(listening_socket("127.0.0.1", 0)) != 0


def test_uvicorns_own_socket_for_several_workers_would_not_have_it() -> None:
    # Why the launcher makes its own socket (Kludex/uvicorn#3149): the same check can fail.
    sock = uvicorn.Config(hello, host="127.0.0.1", port=0, log_level="warning").bind_socket()

    assert nodelay_of_a_connection_accepted_on(sock) == 0


# --- The access log ----------------------------------------------------------------------------


def access_line(path: str) -> str:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "GET", path, "1.1", 200),
        None,
    )
    ScrubAccessLog().filter(record)
    return record.getMessage()


def test_the_access_log_keeps_no_query_value_and_no_phone() -> None:
    line = access_line("/audit/?phone=%2B13155550178&outcome=found&page=2")

    assert line == '127.0.0.1:50000 - "GET /audit/?phone=…&outcome=…&page=… HTTP/1.1" 200'


def test_the_access_log_masks_a_phone_in_a_path() -> None:
    line = access_line("/locations/720441/clients/13155550178/")

    assert "13155550178" not in line
    assert "/locations/720441/clients/" in line


# --- A launched server: one trust list, scrubbed log -------------------------------------------


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    """Where the launched server writes its output."""
    return tmp_path / "dashboard.log"


@pytest.mark.parametrize(
    ("trusted", "client_in_log"), [("", "127.0.0.1"), ("127.0.0.1", "203.0.113.9")]
)
def test_forwarded_headers_are_believed_only_from_trusted_proxies(
    log_file: Path, trusted: str, client_in_log: str
) -> None:
    env = server_env(TRUSTED_PROXIES=trusted, DATABASE_URL=f"sqlite:///{log_file.parent}/db")

    with dashboard(env, log_file) as (url, _):
        answer = httpx.get(
            f"{url}/healthz?phone=%2B13155550178",
            headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
        )
    log = log_file.read_text()

    assert answer.status_code == 200
    (line,) = [line for line in log.splitlines() if "GET /healthz?phone=…" in line]
    assert line.split(" - ")[0].split()[-1].rsplit(":", 1)[0] == client_in_log
    assert "13155550178" not in log
