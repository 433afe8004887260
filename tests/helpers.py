"""The tests' one helpers module: the demo logins and places, signing in, reading a page as a
person does, the headers htmx sends, a lookup, a write form, and Chromium's screenshots and axe.

Fixtures stay in the conftest modules; plain helpers and constants live here, imported by name.
"""

import asyncio
import csv
import html
import io
import json
import os
import re
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import psutil
from asgiref.sync import async_to_sync
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from prometheus_client import REGISTRY

from dashboard.accounts.models import StaffUser
from loyalty.models import AuditEntry
from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport
from loyalty.services.audit import record
from loyalty.services.phones import parse_phone

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse
    from playwright.sync_api import Page

    # What Django's test client returns: a response with `content`, `json()`, `templates`...
    type ClientResponse = _MonkeyPatchedWSGIResponse
else:
    ClientResponse = HttpResponse

# The sandbox's demo logins and places (loyalty/sandbox/seed_demo.py).
FRONT_DESK = {"username": "frontdesk@sandbox.example", "password": "frontdesk-demo"}
MANAGER = {"username": "manager@sandbox.example", "password": "manager-demo"}
HARBOR_STUDIO = 720441  # the front desk's only location
HARBOR_NORTH = 720442
NEVSKY_CENTRAL = 830001
HARBOR_CHAIN = 145071
NEVSKY_CHAIN = 706028

# Markup a person never reads as text: scripts, styles and the options of a <datalist>.
_UNSEEN = re.compile(r"<(script|style|datalist)\b.*?</\1>", flags=re.S)


class HasContent(Protocol):
    """A response with its whole body at hand (Django's test client answers, HttpResponse)."""

    @property
    def content(self) -> bytes: ...


def sign_in(client: Client, credentials: dict[str, str]) -> Client:
    """Sign `client` in through the real sign-in page."""
    response = client.post("/accounts/login/", credentials)
    assert response.status_code == 302, response.content[:500]
    return client


def readable(markup: str) -> str:
    """HTML as a person reads it: unseen parts and tags dropped, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _UNSEEN.sub(" ", markup)))
    return re.sub(r"\s+", " ", text).strip()


def visible_text(response: HasContent) -> str:
    """The response's text as a person reads it."""
    return readable(response.content.decode())


async def streamed(response: object) -> bytes:
    """The whole body of a streamed response, whether it streams synchronously or not."""
    assert isinstance(response, StreamingHttpResponse), "the response is not streamed"
    stream = response.streaming_content
    if isinstance(stream, AsyncIterator):
        return b"".join([chunk async for chunk in stream])
    return b"".join(stream)


def first_match(pattern: str, text: str, group: int = 0, flags: int = 0) -> str:
    """The part of `text` that `pattern` matches (its `group`); the test fails when nothing does."""
    match = re.search(pattern, text, flags)
    assert match, f"{pattern!r} not found in {text[:300]!r}"
    return match.group(group)


def htmx_headers(target: str = "", page: str = "", *, current_url: str = "") -> dict[str, str]:
    """The headers htmx 2 sends: `HX-Target` when it swaps an element with an id, and the page it
    was sent from: `page`, a path of the test server, or `current_url` exactly as sent."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    if page or current_url:
        headers["HX-Current-URL"] = current_url or f"http://testserver{page}"
    return headers


def calls_to(requests: list[httpx.Request], suffix: str) -> list[httpx.Request]:
    """The recorded requests whose path ends with `suffix`."""
    return [request for request in requests if request.url.path.endswith(suffix)]


def counted(name: str, **labels: str) -> float:
    """This process's value of the Prometheus sample `name` with these labels (0 when absent)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def redis_url() -> str:
    """The Redis server under test, or '' when none is named."""
    return os.environ.get("REDIS_URL", "")


# The front desk's lookup, as a test drives it.
LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
JAMES = "+1 315 555 0178"  # James Smith at Harbor Studio, the brief's example client
JAMES_ID = 146915197  # his client id at Harbor Studio
LOPEZ = "+1 315 555 0199"
NORA = "+1 315 555 0111"
NOBODY = "+1 315 555 0000"


def search(client: Client, phone: str, *, htmx: bool = True, url: str = LOOKUP) -> "ClientResponse":
    """POST the lookup form, as htmx would (swapping #results) or as a plain browser would."""
    headers = htmx_headers("results", url) if htmx else {}
    return client.post(url, {"phone": phone}, headers=headers)


def follow_up(
    client: Client, response: "ClientResponse", *, phone: str | None = None, url: str = LOOKUP
) -> "ClientResponse":
    """Load the client card the way htmx does after the swap: POST the phone box and the ticket."""
    body = response.content.decode()
    placeholder = re.search(r'<div id="client-card"[^>]*hx-trigger="load"[^>]*>', body)
    assert placeholder, "the results carry no client card placeholder"
    card_url = html.unescape(re.search(r'hx-post="([^"]*)"', placeholder.group(0)).group(1))
    vals = json.loads(html.unescape(re.search(r"hx-vals='([^']*)'", placeholder.group(0)).group(1)))
    typed = phone if phone is not None else response.wsgi_request.POST["phone"]
    return client.post(card_url, {"phone": typed, **vals}, headers=htmx_headers("client-card", url))


def search_all(client: Client, phone: str, *, url: str = LOOKUP) -> str:
    """An htmx lookup and its client card, as the desk reads them once both are in."""
    first = search(client, phone, url=url)
    return f"{visible_text(first)} {visible_text(follow_up(client, first, url=url))}"


# A write form.
def posts(requests: list[httpx.Request]) -> list[httpx.Request]:
    """The POSTs among the recorded requests (sign-in's POST /auth left out)."""
    return [r for r in requests if r.method == "POST" and not r.url.path.endswith("/auth")]


def form_key(response: HasContent) -> str:
    """The one-time key of the form in the response."""
    found = re.search(r'name="key" value="([^"]+)"', response.content.decode())
    assert found, "no one-time key in the form"
    return found.group(1)


def write_url(membership_id: int, action: str, chain_id: int = HARBOR_CHAIN) -> str:
    """Our address of one write to a membership (…/freeze/, …/extend/, …/balance/)."""
    return f"/chains/{chain_id}/memberships/{membership_id}/{action}/"


def open_write(
    client: Client, membership_id: int, action: str, *, chain_id: int = HARBOR_CHAIN
) -> "ClientResponse":
    """GET a write's inline form as htmx does from a lookup card at Harbor Studio."""
    return client.get(
        write_url(membership_id, action, chain_id),
        {"show": "card", "location_id": str(HARBOR_STUDIO)},
        headers=htmx_headers(f"freeze-box-{membership_id}"),
    )


def send_write_form(
    client: Client,
    membership_id: int,
    action: str,
    fields: dict[str, str],
    *,
    chain_id: int = HARBOR_CHAIN,
    show: str = "card",
) -> "ClientResponse":
    """POST a write's form (its key among `fields`) as htmx does, swapping the card or row."""
    data = {"show": show, "location_id": str(HARBOR_STUDIO), **fields}
    return client.post(
        write_url(membership_id, action, chain_id),
        data,
        headers=htmx_headers(f"membership-{show}-{membership_id}"),
    )


def write_audit(kind: str) -> list[AuditEntry]:
    """The audit rows of one kind of write, oldest first."""
    return list(AuditEntry.objects.filter(kind=kind).order_by("id"))


# Chromium (tests/browser): screenshots to look at, and axe-core from npm.
SCREENSHOTS = Path(__file__).parent / "browser" / "screenshots"
AXE_JS = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def sign_in_as(page: "Page", login: str, password: str) -> None:
    """Sign in through the sign-in page like a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Altegio login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def open_later_days(page: "Page") -> None:
    """Open the picker's "Later days" as a person would: a click, unless it is open already.

    It starts open once today has no classes left (after Harbor's last class, 21:50 in New
    York), so a blind click would fold it away late in the evening.
    """
    later = page.locator(".later-days").first
    later.wait_for()
    if later.get_attribute("open") is None:
        later.locator("summary").click()


def address_query(page: "Page") -> dict[str, list[str]]:
    """The address bar's query parameters (not the host and port: their digits can be anything)."""
    return parse_qs(urlsplit(page.url).query)


def screenshot(page: "Page", name: str) -> Path:
    """Save a full-page screenshot for review under tests/browser/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: "Page", impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """Run axe-core (from npm) in the page; return the violations of the given impacts."""
    # Evaluated over the DevTools protocol, so the page's strict CSP stays on for the test.
    page.evaluate(AXE_JS.read_text() + "\n;0")
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    return [v for v in violations if v.get("impact") in impacts]


# The audit log.
JAMES_PHONE = parse_phone(JAMES, region="US")


def add_entry(user: StaffUser, *, at: datetime | None = None, **fields) -> AuditEntry:
    """Record an entry the way the lookup and chain pages do, optionally back-dated."""
    entry = async_to_sync(record)(
        user=user, kind=fields.pop("kind", AuditEntry.Kind.CLIENT_LOOKUP), **fields
    )
    if at is not None:
        AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def lookup_by(user: StaffUser, location_id: int = HARBOR_STUDIO, **fields) -> AuditEntry:
    """A client lookup of James Smith's phone."""
    defaults = {
        "location_id": location_id,
        "place": f"Location {location_id}",
        "phone_masked": JAMES_PHONE.masked,
        "phone_digits": JAMES_PHONE.digits,
        "result_count": 1,
    }
    return add_entry(user, **{**defaults, **fields})


def rows(page: str) -> list[str]:
    """The table rows of the results."""
    return re.findall(r"<tr>\s*<td><time.*?</tr>", page, re.S)


# The chain's memberships: the summary and the export.
SUMMARY = f"/chains/{HARBOR_CHAIN}/memberships/summary/"
NEW_YORK = ZoneInfo("America/New_York")


def polls_again(body: str) -> bool:
    """Whether the fragment asks htmx to fetch the next step."""
    return 'hx-trigger="load delay:300ms"' in body


def summarise(client: Client, params: dict[str, str]) -> tuple[str, int]:
    """Poll like htmx does until the summary is done; the final fragment and the poll count."""
    for polls in range(1, 200):
        body = client.get(SUMMARY, params, headers=htmx_headers("summary")).content.decode()
        if not polls_again(body):
            return body, polls
    raise AssertionError("the summary never finished")


def sold_since(sandbox: Sandbox, days: int) -> tuple[str, list]:
    """A `created_after` some days back, and the sandbox's memberships sold since then."""
    since = sandbox.data.today - timedelta(days=days)
    start = datetime.combine(since, time.min, NEW_YORK)
    return since.isoformat(), sandbox.data.memberships_between(HARBOR_CHAIN, start, None)


def stat(body: str, label: str) -> int:
    """The number shown under a summary label."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(\d+)</dd>", body)
    assert found, label
    return int(found.group(1))


EXPORT = f"/chains/{HARBOR_CHAIN}/memberships/export.csv"


async def read_rows(response: Any) -> list[list[str]]:
    """Consume a streamed CSV response into rows."""
    body = await streamed(response)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# The sandbox, asked directly through its transport.
SANDBOX_URL = "https://sandbox.invalid/api/v1"
AUTH_NEEDED = {"success": False, "data": None, "meta": {"message": "Authentication needed."}}


def call(
    sandbox: Sandbox,
    method: str,
    url: str,
    *,
    user_token: str | None = None,
    authorization: str | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """One request through the in-process transport, carrying the partner (and user) token."""
    header = f"Bearer {PARTNER_TOKEN}" + (f", User {user_token}" if user_token else "")
    if authorization is not None:
        header = authorization

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=SANDBOX_URL) as client:
            return await client.request(method, url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


def login(sandbox: Sandbox, login_name: str, password: str) -> httpx.Response:
    """POST /auth with the partner token only."""
    return call(sandbox, "POST", "/auth", json={"login": login_name, "password": password})


# A deployment of several workers: a tab pinned to one of them (tests/backends, tests/operating).
def uvicorn_workers(launcher: int) -> list[int]:
    """The launcher's uvicorn worker processes (multiprocessing's helpers excluded)."""
    children = psutil.Process(launcher).children(recursive=True)
    return [child.pid for child in children if "resource_tracker" not in " ".join(child.cmdline())]


class Tab:
    """One browser tab: one keep-alive connection from `source`, so one worker serves it."""

    def __init__(self, base_url: str, source: str) -> None:
        self.http = httpx.Client(
            base_url=base_url,
            transport=httpx.HTTPTransport(local_address=source),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            timeout=60,
        )
        self.http.get("/accounts/login/").raise_for_status()  # opens the connection, sets CSRF

    @property
    def local_port(self) -> int:
        """The client-side port of this tab's connection."""
        answer = self.http.get("/healthz")
        return int(answer.extensions["network_stream"].get_extra_info("client_addr")[1])

    def sign_in(self, username: str, password: str) -> httpx.Response:
        token = self.http.cookies["csrftoken"]
        return self.http.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )

    def look_up(self, phone: str) -> httpx.Response:
        headers = {"X-CSRFToken": self.http.cookies["csrftoken"]}
        return self.http.post(LOOKUP, data={"phone": phone}, headers=headers)

    def close(self) -> None:
        self.http.close()


def worker_serving(tab: Tab, workers: list[int], server_port: int) -> int | None:
    """The worker process that holds this tab's connection."""
    port = tab.local_port
    for pid in workers:
        for connection in psutil.Process(pid).net_connections(kind="tcp"):
            local, remote = connection.laddr, connection.raddr
            if local and remote and (local.port, remote.port) == (server_port, port):
                return pid
    return None
