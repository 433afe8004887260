"""Fault injection in the sandbox: statuses, broken bodies, network failures, counting."""

import asyncio
import json
from typing import Any

import httpx
import pytest

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport

BASE_URL = "https://sandbox.invalid/api/v1"
M1 = "/loyalty/abonements?company_id=720441&phone=13155550178"


def get(sandbox: Sandbox, url: str = M1, method: str = "GET", **kwargs: Any) -> httpx.Response:
    """One request through the in-process transport as the manager."""
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token('manager@sandbox.example')}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.request(method, url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (401, "Authentication needed."),
        (403, "Access denied."),
        (404, "Not found"),
        (500, "Server error"),
        (503, "Server error"),
    ],
)
def test_a_status_fault_answers_with_the_vendors_error_envelope(status: int, message: str) -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", status=status)
    response = get(sandbox)
    assert response.status_code == status
    assert response.json() == {"success": False, "data": None, "meta": {"message": message}}


def test_a_422_fault_carries_field_errors() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", status=422)
    meta = get(sandbox).json()["meta"]
    assert meta["message"] == "An error occurred"
    assert meta["errors"]


def test_a_429_fault_can_send_retry_after() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", status=429, retry_after=7, times=1)
    sandbox.inject("M1", status=429, times=1)
    first, second = get(sandbox), get(sandbox)
    assert first.status_code == second.status_code == 429
    assert first.headers["Retry-After"] == "7"
    assert "Retry-After" not in second.headers


def test_success_false_arrives_with_http_200() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="success_false")
    response = get(sandbox)
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert response.json()["meta"]["message"]


def test_malformed_body_is_not_json() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="malformed")
    response = get(sandbox)
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_html_error_page_uses_the_given_status_or_502() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="html", times=1)
    sandbox.inject("M1", kind="html", status=504, times=1)
    default, given = get(sandbox), get(sandbox)
    assert default.status_code == 502
    assert default.headers["content-type"] == "text/html"
    assert "<html>" in default.text
    assert given.status_code == 504


def test_timeout_fault_raises_read_timeout_with_the_request() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="timeout")
    with pytest.raises(httpx.ReadTimeout) as caught:
        get(sandbox)
    assert caught.value.request.url.path == "/api/v1/loyalty/abonements"


def test_connect_fault_raises_connect_error() -> None:
    sandbox = Sandbox()
    sandbox.inject("*", kind="connect")
    with pytest.raises(httpx.ConnectError):
        get(sandbox, "/groups")


def test_missing_fields_drops_required_fields_from_every_record() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="missing_fields")
    records = get(sandbox).json()["data"]
    assert records
    assert all("status" not in record and "type" not in record for record in records)
    assert all("id" in record for record in records)


def test_missing_fields_reaches_inside_the_chain_lists_array_envelope() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("m3_array_envelope", True)
    sandbox.inject("M3", kind="missing_fields")
    records = get(sandbox, "/chain/145071/loyalty/abonements?count=3").json()[0]["data"]
    assert all("number" not in record for record in records)


def test_wrong_types_puts_strings_where_objects_belong() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", kind="wrong_types", times=1)
    sandbox.inject("M7", kind="wrong_types", times=1)
    records = get(sandbox).json()["data"]
    single = get(sandbox, "/chain/145071/loyalty/abonement_types/97801").json()
    assert all(isinstance(record["status"], str) for record in records)
    assert all(isinstance(record["balance_container"], str) for record in records)
    assert isinstance(single["data"], str)


def test_times_limits_a_fault_to_that_many_calls() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", status=503, times=2)
    statuses = [get(sandbox).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert sandbox.faults == []


def test_faults_play_in_injection_order() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", status=502, times=1)
    sandbox.inject("M1", status=429, times=1)
    assert [get(sandbox).status_code for _ in range(3)] == [502, 429, 200]


def test_a_fault_for_one_endpoint_leaves_the_others_alone() -> None:
    sandbox = Sandbox()
    sandbox.inject("C1", status=500)
    assert get(sandbox).status_code == 200
    assert get(sandbox, "/loyalty/certificates?company_id=720441&phone=1").status_code == 500


def test_star_fault_hits_every_endpoint_until_cleared() -> None:
    sandbox = Sandbox()
    sandbox.inject("*", status=500)
    assert get(sandbox).status_code == 500
    assert get(sandbox, "/groups").status_code == 500
    sandbox.clear_faults()
    assert get(sandbox).status_code == 200


def test_a_fault_can_slow_an_answer_down() -> None:
    sandbox = Sandbox()
    sandbox.inject("M1", delay_ms=80, times=1)
    response = get(sandbox)
    call = sandbox.calls[-1]
    assert response.status_code == 200
    assert call.ended - call.started >= 0.075


def test_unknown_fault_kind_or_endpoint_is_refused() -> None:
    sandbox = Sandbox()
    with pytest.raises(ValueError, match="kind"):
        sandbox.inject("M1", kind="gremlins")
    with pytest.raises(ValueError, match="endpoint"):
        sandbox.inject("M42", status=500)


def test_control_endpoints_add_list_and_clear_faults() -> None:
    sandbox = Sandbox()
    added = get(sandbox, "/__sandbox/faults", "POST", json={"endpoint": "M1", "status": 503})
    listed = get(sandbox, "/__sandbox/faults")
    failed = get(sandbox)
    cleared = get(sandbox, "/__sandbox/faults", "DELETE")
    assert added.status_code == 201
    assert listed.json()["faults"][0]["status"] == 503
    assert failed.status_code == 503
    assert cleared.status_code == 200
    assert get(sandbox).status_code == 200


def test_control_endpoint_refuses_a_bad_fault() -> None:
    sandbox = Sandbox()
    response = get(sandbox, "/__sandbox/faults", "POST", json={"endpoint": "M1", "kind": "nope"})
    assert response.status_code == 400
    assert sandbox.faults == []
