"""A Redis server of a test's own: `redis-server` on a free port in a temporary folder.

Never the shared 6379: each test run starts its own, stops it, pauses it (SIGSTOP: it accepts
connections and never answers, like a hung server) and starts it again on the same port.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError

from tests.serving.launch import free_port

REDIS_SERVER = shutil.which("redis-server")
needs_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None, reason="redis-server is not on PATH: no Redis of the test's own"
)


class RedisServer:
    """One redis-server process, on one port for its whole life (stopped and started again)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (again) and return once it answers PING."""
        assert REDIS_SERVER is not None
        command = [
            REDIS_SERVER,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--save", "",
            "--appendonly", "no",
            "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 20
        while not self.answers():
            assert self.process.poll() is None, (self.directory / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not answer in time"
            time.sleep(0.05)

    def answers(self) -> bool:
        """Whether it answers PING now."""
        client = Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            return bool(client.ping())
        except RedisError:
            return False
        finally:
            client.close()

    def stop(self) -> None:
        """Stop it (a paused one is resumed first, so it can end)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def pause(self) -> None:
        """Hang it: connections are still accepted, nothing is answered."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused server answer again."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    """A started RedisServer, stopped when the block ends."""
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()
