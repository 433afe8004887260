"""A fake Altegio behind `httpx.MockTransport`: queued answers, requests recorded, no sleeping."""

import asyncio
import json
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from loyalty.altegio import AltegioClient, RetryPolicy, UserClient

BASE_URL = "https://api.alteg.io/api/v1"
PARTNER_TOKEN = "partner-7f3a9c1e5b2d"
USER_TOKEN = "user-4d8e2a6f0c9b"
OTHER_USER_TOKEN = "user-0a1b2c3d4e5f"

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def run_async[T](work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `work()` to completion on a fresh event loop, as a sync caller would.

    When this thread already has a running loop (Playwright's sync API keeps one for the rest of
    the session once a browser test has run), the fresh loop gets a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


class FakeClock:
    """A monotonic clock that only moves when a fake sleep moves it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeAltegio:
    """Answers requests from a queue (the last answer repeats) and records each request."""

    answers: list[Answer] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)
    clock: FakeClock = field(default_factory=FakeClock)
    gate: asyncio.Event | None = None  # when set to an Event, answers wait until it is set

    def answer(
        self,
        json_body: Any = None,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        text: str | None = None,
    ) -> "FakeAltegio":
        """Queue one answer: a JSON body, or raw text when `text` is given."""
        if text is not None:
            response = httpx.Response(status, text=text, headers=headers)
        elif json_body is None:
            response = httpx.Response(status, headers=headers)
        else:
            response = httpx.Response(status, json=json_body, headers=headers)
        self.answers.append(response)
        return self

    def fail(self, error: Exception) -> "FakeAltegio":
        """Queue a transport failure (timeout, refused connection)."""
        self.answers.append(error)
        return self

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        await asyncio.sleep(0)  # let concurrent callers interleave, as over a real network
        if self.gate is not None:
            await self.gate.wait()
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        # A Response can be sent once; hand out a fresh copy each time.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    async def sleep(self, seconds: float) -> None:
        """Record the delay and move the clock instead of waiting."""
        self.sleeps.append(seconds)
        self.clock.now += seconds
        await asyncio.sleep(0)

    def client(self, **overrides: Any) -> AltegioClient:
        """An AltegioClient wired to this fake: mock transport, fake sleep and clock."""
        options: dict[str, Any] = {
            "base_url": BASE_URL,
            "partner_token": PARTNER_TOKEN,
            "transport": httpx.MockTransport(self._handle),
            "sleep": self.sleep,
            "clock": self.clock,
            "retry": RetryPolicy(attempts=3, backoff=0.25, max_backoff=2.0, budget=10.0),
        }
        options.update(overrides)
        return AltegioClient(**options)

    def run[T](self, work: Callable[[AltegioClient], Awaitable[T]], **overrides: Any) -> T:
        """Run `work` with a fresh client on a fresh event loop, closing the client after."""

        async def main() -> T:
            client = self.client(**overrides)
            try:
                return await work(client)
            finally:
                await client.aclose()

        return run_async(main)

    def call[T](self, endpoint: Callable[..., Awaitable[T]], /, **kwargs: Any) -> T:
        """Call an endpoint function as the signed-in staff member (user token attached)."""

        async def work(client: AltegioClient) -> T:
            api: UserClient = client.as_user(USER_TOKEN)
            return await endpoint(api, **kwargs)

        return self.run(work)

    @property
    def last(self) -> httpx.Request:
        """The most recent request."""
        assert self.requests, "no request reached Altegio"
        return self.requests[-1]


def query(request: httpx.Request) -> list[tuple[str, str]]:
    """The request's query string as decoded (name, value) pairs, in order."""
    return list(request.url.params.multi_items())


def body(request: httpx.Request) -> Any:
    """The request's JSON body."""
    return json.loads(request.content)
