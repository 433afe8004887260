"""The standalone sandbox server, started as `python -m loyalty.sandbox` in a subprocess."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from loyalty.sandbox import PARTNER_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server_url() -> Iterator[str]:
    """Start the server, wait until it answers, stop it afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "loyalty.sandbox", "--port", str(port), "--latency-ms", "5"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/__sandbox/calls", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"sandbox server did not start: {process.stderr}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_standalone_server_signs_in_and_lists_james_memberships(server_url: str) -> None:
    with httpx.Client(base_url=f"{server_url}/api/v1", timeout=5) as client:
        signed_in = client.post(
            "/auth",
            json={"login": "frontdesk@sandbox.example", "password": "frontdesk-demo"},
            headers={"Authorization": f"Bearer {PARTNER_TOKEN}"},
        )
        token = signed_in.json()["data"]["user_token"]
        listed = client.get(
            "/loyalty/abonements",
            params={"company_id": 720441, "phone": "13155550178"},
            headers={"Authorization": f"Bearer {PARTNER_TOKEN}, User {token}"},
        )
    calls = httpx.get(f"{server_url}/__sandbox/calls").json()
    assert signed_in.status_code == 201
    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    assert 659878 in {item["id"] for item in listed.json()["data"]}
    assert [call["endpoint"] for call in calls["calls"]] == ["auth", "M1"]
