"""Start `python -m dashboard.serve` (and the standalone sandbox) as real processes for a test."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
# Settings the parent test run may carry that must not leak into a launched server.
CONTROLLED = {
    "DJANGO_SETTINGS_MODULE",
    "REDIS_URL",
    "REDIS_KEY_PREFIX",
    "DATABASE_URL",
    "WORKERS",
    "HOST",
    "PORT",
    "TRUSTED_PROXIES",
    "DEBUG",
    "ALTEGIO_BASE_URL",
    "ALTEGIO_PARTNER_TOKEN",
    "ALTEGIO_RATE_LIMIT",
    "ALTEGIO_RATE_LIMIT_PER_MINUTE",
    "LOOKUPS_PER_MINUTE",
    "LOGIN_FAILURE_LIMIT",
    "UVICORN_ARGS",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(**settings: str) -> dict[str, str]:
    """The environment of a launched dashboard: production settings on plain HTTP, plus these."""
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dashboard.settings",
            "SECRET_KEY": "launch-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ALTEGIO_BASE_URL": "sandbox",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(settings)
    return env


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until it answers 200; fail with the server's log if it exits or never answers."""
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url} exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in time:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started with its own process group, and its workers with it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@contextlib.contextmanager
def running(
    command: list[str], *, env: dict[str, str], log: Path, health_url: str
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` (in its own process group) until the block ends, once `health_url` answers."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_healthy(health_url, process, log)
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def dashboard(env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m dashboard.serve` on a free port: its base URL and launcher process."""
    port = free_port()
    env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "dashboard.serve"]
    with running(command, env=env, log=log, health_url=f"{url}/healthz") as process:
        yield url, process


@contextlib.contextmanager
def sandbox(log: Path) -> Iterator[str]:
    """The standalone Altegio sandbox on a free port: its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "loyalty.sandbox", "--port", str(port)]
    env = server_env()
    with running(command, env=env, log=log, health_url=f"{url}/__sandbox/calls"):
        yield url


def migrate(env: dict[str, str]) -> None:
    """Create the database a launched dashboard will use."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
