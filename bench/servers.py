"""The two servers under test: the standalone sandbox and the dashboard via `make serve`.

Each runs in its own process group so that stopping it also stops whatever it started
(make → uvicorn → its workers), on success, failure or Ctrl-C alike.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 10.0
SANDBOX_PARTNER_TOKEN = "sandbox-partner-token"  # noqa: S105 - the sandbox's public demo token
# Every variable the dashboard reads that the bench sets itself; anything else passes through.
CONTROLLED = (
    "ALTEGIO_BASE_URL",
    "ALTEGIO_PARTNER_TOKEN",
    "ALTEGIO_RATE_LIMIT",
    "ALTEGIO_RATE_LIMIT_PER_MINUTE",
    "SECRET_KEY",
    "DEBUG",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "ALLOWED_HOSTS",
    "PORT",
    "HOST",
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_KEY_PREFIX",
    "LOOKUPS_PER_MINUTE",
    "RIGHTS_RELOAD_MINUTES",
    "BENCH_BARE_VIEW",
    "UVICORN_ARGS",
    "SANDBOX_LATENCY_MS",
    "DJANGO_SETTINGS_MODULE",
    # From an outer `make bench X=…`: command-line variables would override the ones above.
    "MAKEFLAGS",
    "MAKEOVERRIDES",
    "MFLAGS",
    "MAKELEVEL",
)


# The token of this run's dashboards: figure M scrapes /metrics with it (bench/metrics_scrape.py).
METRICS_TOKEN = secrets.token_urlsafe(24)


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, *, process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    """Poll `url` until it answers 200; fail early if the process dies."""
    deadline = time.monotonic() + START_TIMEOUT
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail(log)}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url).status_code == 200:
                    return
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url} within {START_TIMEOUT:.0f} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    """The last lines of a server log, for error messages."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, then SIGKILL whatever is still there."""
    if process.poll() is not None and not _group_alive(process.pid):
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and _group_alive(process.pid):
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_TIMEOUT)


def _group_alive(pgid: int) -> bool:
    """Whether any process of the group is still running."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Zombies answer signal 0 too: look for a live member.
    for proc in psutil.process_iter(["pid", "status"]):
        with contextlib.suppress(psutil.Error):
            if os.getpgid(proc.pid) == pgid and proc.status() != psutil.STATUS_ZOMBIE:
                return True
    return False


def _spawn(argv: list[str], *, env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start `argv` in a new session (its own process group), output to `log`."""
    return subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        argv,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@dataclass
class SandboxServer:
    """The Altegio emulator as its own HTTP server, with its control endpoints."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    control: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.control = httpx.Client(base_url=self.url, timeout=30.0)

    @property
    def url(self) -> str:
        """Its base URL (the dashboard adds `/api/v1`)."""
        return f"http://{HOST}:{self.port}"

    def set_latency(self, ms: int) -> None:
        """Delay every answer by `ms` milliseconds."""
        self._ok(self.control.post("/__sandbox/latency", json={"ms": ms}))

    def clear_calls(self) -> None:
        """Empty the call log."""
        self._ok(self.control.delete("/__sandbox/calls"))

    def calls(self) -> list[dict[str, Any]]:
        """The recorded calls since the last clear (endpoint key, path, timings, status)."""
        response = self.control.get("/__sandbox/calls")
        self._ok(response)
        calls: list[dict[str, Any]] = response.json()["calls"]
        return calls

    def reset(self) -> None:
        """Forget faults, latency overrides and calls."""
        self._ok(self.control.delete("/__sandbox/faults"))
        self._ok(self.control.post("/__sandbox/reset"))

    def cpu_seconds(self) -> float:
        """CPU time the sandbox process has used so far."""
        return cpu_seconds([self.process.pid])

    @staticmethod
    def _ok(response: httpx.Response) -> None:
        if response.status_code >= 300:
            raise RuntimeError(f"sandbox control {response.request.url}: {response.text}")


@contextlib.contextmanager
def sandbox_server(workdir: Path, *, latency_ms: int = 0) -> Iterator[SandboxServer]:
    """Run `python -m loyalty.sandbox` on a free port until the block ends."""
    port = free_port()
    log_path = workdir / "sandbox.log"
    argv = [sys.executable, "-m", "loyalty.sandbox", "--host", HOST, "--port", str(port)]
    argv += ["--latency-ms", str(latency_ms)]
    with log_path.open("ab") as log:
        process = _spawn(argv, env=dict(os.environ), log=log)
    server = SandboxServer(process, port, log_path)
    try:
        wait_for(f"{server.url}/__sandbox/faults", process=process, log=log_path, what="sandbox")
        yield server
    finally:
        server.control.close()
        stop_group(process)


@dataclass
class Dashboard:
    """Loyalty Desk as `make serve` runs it."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    env: dict[str, str]
    database: Path | None = None

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[psutil.Process]:
        """The uvicorn worker processes (the ones that serve requests)."""
        tree = _descendants(self.process.pid)
        # uvicorn spawns its workers through multiprocessing (spawn_main; not its resource tracker).
        spawned = [proc for proc in tree if "spawn_main" in _cmdline(proc)]
        if spawned:
            return spawned
        # One worker: the launcher (`python -m dashboard.serve`) serves in its own process.
        return [proc for proc in tree if _is_python(proc) and _serves(_cmdline(proc))]

    def cpu_seconds(self) -> float:
        """CPU time the serving workers have used so far."""
        return cpu_seconds([proc.pid for proc in self.workers()])


SERVING_COMMANDS = ("dashboard.serve", "uvicorn")


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        children: list[psutil.Process] = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return children


def _serves(cmdline: str) -> bool:
    return any(name in cmdline for name in SERVING_COMMANDS)


def _is_python(proc: psutil.Process) -> bool:
    """A Python process (not the shell make runs the recipe in)."""
    try:
        name: str = proc.name()
    except psutil.Error:
        return False
    return name.startswith("python")


def _cmdline(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except psutil.Error:
        return ""


def cpu_seconds(pids: list[int]) -> float:
    """Total user + system CPU seconds of these processes."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


# Where the production shape finds Redis: CI machines (and these) have it on 6379; db 14 keeps clear
# of the test suite's db 15, and a key prefix of the run's own keeps clear of anything else there.
REDIS_URL_VARIABLE = "BENCH_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
PRODUCTION_WORKERS = 2


@dataclass(frozen=True)
class RedisShape:
    """The production shape: several workers (and instances) sharing one Redis and key prefix."""

    url: str
    prefix: str
    workers: int = PRODUCTION_WORKERS

    def env(self) -> dict[str, str]:
        """What `make serve` gets on top of the one-worker environment."""
        workers = str(self.workers)
        return {"REDIS_URL": self.url, "REDIS_KEY_PREFIX": self.prefix, "WORKERS": workers}


def redis_url() -> str:
    """The Redis the production shape uses (BENCH_REDIS_URL, else 6379's db 14)."""
    return os.environ.get(REDIS_URL_VARIABLE, "").strip() or DEFAULT_REDIS_URL


@contextlib.contextmanager
def bench_redis(url: str) -> Iterator[RedisShape | None]:
    """A key prefix of this run's own on the Redis at `url` (None when it does not answer).

    Every key under the prefix is deleted afterwards: budget, sessions, cache, counters.
    """
    from redis import Redis
    from redis.exceptions import RedisError

    client = Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
    try:
        client.ping()
    except (RedisError, OSError):
        client.close()
        yield None
        return
    shape = RedisShape(url, f"loyaltybench-{secrets.token_hex(4)}")
    try:
        yield shape
    finally:
        with contextlib.suppress(RedisError, OSError):
            keys = list(client.scan_iter(match=f"{shape.prefix}*", count=1000))
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])
        client.close()


def dashboard_env(
    *,
    sandbox: SandboxServer,
    port: int,
    database: Path,
    rate_limited: bool,
    redis: RedisShape | None = None,
    secret_key: str | None = None,
) -> dict[str, str]:
    """The environment `make serve` gets: production settings on plain HTTP over loopback."""
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update(
        {
            "ALTEGIO_BASE_URL": sandbox.url,
            "ALTEGIO_PARTNER_TOKEN": SANDBOX_PARTNER_TOKEN,
            "SECRET_KEY": secret_key or secrets.token_urlsafe(50),
            "DEBUG": "false",
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "HOST": HOST,
            "PORT": str(port),
            "DATABASE_URL": f"sqlite:///{database}",
            # Lookups are throttled per person; the load phases are many lookups by one person.
            "LOOKUPS_PER_MINUTE": "1000000",
            # The 50 desks sign in within one minute, as no desk crew does, and carry on into the
            # production shape: at the default 10 minutes every one of them would reload its
            # rights (2 calls) in the same minute of the two-worker run, 100 of Altegio's 200.
            # Spread over real sign-ins that is 10 calls a minute (docs/benchmark.md).
            "RIGHTS_RELOAD_MINUTES": "30",
            "BENCH_BARE_VIEW": "true",
            # Figure M scrapes /metrics as Prometheus would (bench/metrics_scrape.py).
            "METRICS_TOKEN": METRICS_TOKEN,
            "UVICORN_ARGS": "--no-access-log",
        }
    )
    # Without Redis, WORKERS is left to `make serve` (or the caller's environment): the bench
    # measures the default deployment, whatever number of workers that is.
    if redis is not None:
        env.update(redis.env())
    if not rate_limited:
        # Figures 1, 2, 4 and 5 measure the dashboard, not Altegio's quota.
        env["ALTEGIO_RATE_LIMIT"] = "10000"
        env["ALTEGIO_RATE_LIMIT_PER_MINUTE"] = "0"
    return env


@contextlib.contextmanager
def dashboard_server(
    workdir: Path,
    *,
    sandbox: SandboxServer,
    rate_limited: bool,
    name: str,
    redis: RedisShape | None = None,
    deployment: Dashboard | None = None,
) -> Iterator[Dashboard]:
    """Run `make serve` on a free port with a fresh SQLite database until the block ends.

    Another instance of a `deployment` shares its database and secret key, so a session signed
    in on one is valid on the other, as behind a load balancer.
    """
    port = free_port()
    database = deployment.database if deployment is not None else None
    if database is None:
        database = workdir / f"{name}.sqlite3"
        database.unlink(missing_ok=True)
    env = dashboard_env(
        sandbox=sandbox,
        port=port,
        database=database,
        rate_limited=rate_limited,
        redis=redis,
        secret_key=deployment.env["SECRET_KEY"] if deployment is not None else None,
    )
    log_path = workdir / f"{name}.log"
    with log_path.open("ab") as log:
        process = _spawn(["make", "--no-print-directory", "serve"], env=env, log=log)
    dashboard = Dashboard(process, port, log_path, env, database)
    try:
        wait_for(f"{dashboard.url}/healthz", process=process, log=log_path, what="make serve")
        yield dashboard
    finally:
        stop_group(process)
