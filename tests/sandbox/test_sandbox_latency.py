"""Latency, the call log and reset in the sandbox."""

import asyncio
import time
from typing import Any

import httpx

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
M1 = "/loyalty/abonements?company_id=720441&phone=13155550178"


async def fetch_many(sandbox: Sandbox, urls: list[str]) -> list[httpx.Response]:
    """Send the GETs concurrently through one client, as the manager."""
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token('manager@sandbox.example')}"
    transport = SandboxTransport(sandbox)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        calls = [client.get(url, headers={"Authorization": header}) for url in urls]
        return await asyncio.gather(*calls)


def timed(sandbox: Sandbox, urls: list[str]) -> tuple[float, list[httpx.Response]]:
    """Wall time and answers of a concurrent batch."""
    started = time.monotonic()
    responses = asyncio.run(fetch_many(sandbox, urls))
    return time.monotonic() - started, responses


def control(sandbox: Sandbox, method: str, name: str, **kwargs: Any) -> httpx.Response:
    """A call to a `/__sandbox/` control endpoint, which needs no token."""

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
            return await client.request(method, f"/__sandbox/{name}", **kwargs)

    return asyncio.run(send())


def test_latency_delays_every_answer() -> None:
    elapsed, responses = timed(Sandbox(latency_ms=60), [M1])
    assert responses[0].status_code == 200
    assert elapsed >= 0.055


def test_concurrent_calls_overlap_in_the_call_log() -> None:
    sandbox = Sandbox(latency_ms=100)
    _, responses = timed(sandbox, [M1] * 5)
    assert all(response.status_code == 200 for response in responses)
    calls = sandbox.calls
    assert [call.endpoint for call in calls] == ["M1"] * 5
    assert max(call.started for call in calls) < min(call.ended for call in calls)


def test_call_log_records_endpoint_method_path_and_status() -> None:
    sandbox = Sandbox()
    timed(sandbox, ["/groups", "/nowhere"])
    keys = {call.endpoint: call for call in sandbox.calls}
    assert keys["chains"].method == "GET"
    assert keys["chains"].path == "/api/v1/groups"
    assert keys["chains"].status == 200
    assert keys["unknown"].status == 404
    assert all(call.ended >= call.started for call in sandbox.calls)


def test_latency_can_be_set_for_one_endpoint() -> None:
    sandbox = Sandbox()
    sandbox.set_latency(80, endpoint="M1")
    timed(sandbox, [M1, "/groups"])
    durations = {call.endpoint: call.ended - call.started for call in sandbox.calls}
    assert durations["M1"] >= 0.075
    assert durations["chains"] < 0.05


def test_reset_forgets_faults_latency_and_calls_but_keeps_sessions() -> None:
    sandbox = Sandbox()
    sandbox.inject("*", status=500)
    sandbox.set_latency(500)
    token = sandbox.issue_token("manager@sandbox.example")
    timed(sandbox, [M1])
    sandbox.reset()
    assert sandbox.calls == []
    assert sandbox.faults == []
    elapsed, responses = timed(sandbox, [M1])
    assert responses[0].status_code == 200
    assert elapsed < 0.3
    assert sandbox.revoke(user_token=token) == 1


def test_control_endpoints_set_latency_and_show_the_calls() -> None:
    sandbox = Sandbox()
    set_latency = control(sandbox, "POST", "latency", json={"ms": 40})
    timed(sandbox, [M1])
    calls = control(sandbox, "GET", "calls").json()
    assert set_latency.status_code == 200
    assert calls["count"] == 1
    assert calls["calls"][0]["endpoint"] == "M1"
    assert calls["calls"][0]["ended"] - calls["calls"][0]["started"] >= 0.035
    assert control(sandbox, "POST", "reset").status_code == 200
    assert control(sandbox, "GET", "calls").json()["count"] == 0


def test_control_calls_are_not_logged_and_unknown_ones_are_404() -> None:
    sandbox = Sandbox()
    assert control(sandbox, "GET", "nothing").status_code == 404
    assert sandbox.calls == []
