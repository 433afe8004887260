"""Golden payloads against the client's parsers, and the sandbox's answers against the goldens.

(a) Every golden payload (a doc example or Altegio's own fixture) is read by the dashboard's own
client call for its endpoint, and what a person would see comes out of it. (b) The sandbox, in
its default shape, answers that same call with nothing the golden payloads of the endpoint lack,
key by key and kind by kind (null is always fine); richer shapes are named quirks.
"""

import json
from typing import Any

import httpx
import pytest

from loyalty.altegio import AltegioClient
from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport
from loyalty.sandbox.routing import build_routes
from tests.altegio.fake import run_async

from .golden import Golden, Shape, all_golden, beyond, golden_of, shape, union
from .registry import ALSO_CALLED, CONTRACTS, NOT_CALLED, Call, Contract

BASE_URL = "https://api.alteg.io/api/v1"
BY_KEY = {contract.key: contract for contract in CONTRACTS}


def answered_by(golden: Golden) -> httpx.MockTransport:
    """A transport that answers every request with the golden payload and its status.

    A payload of null is an answer with no body at all (set_balance's, docs/altegio.md §2.6).
    """
    body = b"" if golden.payload is None else json.dumps(golden.payload).encode()
    headers = {"Content-Type": "application/json"}
    return httpx.MockTransport(
        lambda request: httpx.Response(golden.status, headers=headers, content=body)
    )


def run_call(call: Call, transport: httpx.AsyncBaseTransport, token: str) -> Any:
    """The client call over `transport`, on a fresh event loop."""

    async def work() -> Any:
        client = AltegioClient(base_url=BASE_URL, partner_token=PARTNER_TOKEN, transport=transport)
        try:
            return await call(client, token)
        finally:
            await client.aclose()

    return run_async(work)


class Recording(httpx.AsyncBaseTransport):
    """The sandbox's transport, keeping every answer body the client got."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = SandboxTransport(sandbox)
        self.bodies: list[Any] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        self.bodies.append(json.loads(content) if content.strip() else None)
        return httpx.Response(response.status_code, headers=response.headers, content=content)


def sandbox_bodies(contract_call: Call, login: str | None) -> list[Any]:
    """The bodies a fresh sandbox, in its default shape, answers the call with."""
    sandbox = Sandbox()
    recording = Recording(sandbox)
    token = sandbox.issue_token(login) if login else ""
    run_call(contract_call, recording, token)
    return recording.bodies


def allowed_shape(contract: Contract) -> Shape:
    """The paths and kinds the golden payloads of an endpoint show (plus what it may borrow)."""
    shapes = [shape(golden.payload) for golden in golden_of(contract.key)]
    for here, key, there in contract.borrow:
        for golden in golden_of(key):
            found = shape(golden.payload).items()
            shapes.append({here + p[len(there) :]: k for p, k in found if p.startswith(there)})
    shapes.append({path: {"string"} for path in contract.requested})
    return union(shapes)


# --- (a) the parsers read every golden payload -------------------------------------------------


@pytest.mark.parametrize("golden", all_golden(), ids=lambda golden: golden.name)
def test_the_client_reads_every_golden_payload(golden: Golden) -> None:
    contract = BY_KEY.get(golden.key)
    assert contract is not None, f"{golden.name}.json has no contract in registry.py"
    result = run_call(contract.call, answered_by(golden), "user-token")
    contract.read(result, golden.payload)


@pytest.mark.parametrize("golden", all_golden(), ids=lambda golden: golden.name)
def test_every_golden_payload_says_where_it_comes_from(golden: Golden) -> None:
    assert golden.endpoint.split(" ", 1)[0] in {"GET", "POST"}
    assert len(golden.source) > 20, f"{golden.name}: name the doc page or the fixture"


# --- (b) the sandbox answers with Altegio's least ----------------------------------------------


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda contract: contract.key)
def test_the_sandbox_sends_nothing_the_golden_payloads_lack(contract: Contract) -> None:
    bodies = sandbox_bodies(contract.call, contract.login)
    assert bodies, "the sandbox was not asked"
    extra = beyond(union(shape(body) for body in bodies), allowed_shape(contract))
    assert not extra, (
        f"{contract.key}: the sandbox sends more than Altegio documents:\n" + "\n".join(extra)
    )


@pytest.mark.parametrize(("key", "call"), ALSO_CALLED, ids=[key for key, _ in ALSO_CALLED])
def test_other_calls_of_an_endpoint_get_the_same_least_shape(key: str, call: Call) -> None:
    bodies = sandbox_bodies(call, BY_KEY[key].login)
    assert not beyond(union(shape(body) for body in bodies), allowed_shape(BY_KEY[key]))


def test_every_endpoint_the_dashboard_calls_has_a_contract_and_a_golden_payload() -> None:
    routes = {route.key for route in build_routes(lambda ctx: None)}  # type: ignore[arg-type,return-value]
    covered = {contract.route for contract in CONTRACTS}
    assert routes - covered - NOT_CALLED == set(), "a sandbox route without a contract"
    assert {contract.key for contract in CONTRACTS} <= {golden.key for golden in all_golden()}
