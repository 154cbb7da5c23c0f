"""A bounded load of order lives, driven through the public API as the demo does (`scripts/demo.py`'s
`Story`), by a client that waits out a system in trouble: a refused connection or a 5xx is tried
again (bounded in time), as a customer's browser would."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from demo import Actors, Api, StepFailed, Story
from system_harness import System

RETRYABLE = {500, 502, 503, 504}
CALL_PATIENCE_S = 90.0
ORDER_TIMEOUT_S = 300.0


def retryable(response: httpx.Response) -> bool:
    """A 5xx, or a 404 saying a service has not yet heard of an order that exists (the fact is
    on its way through the broker, delayed by the fault)."""
    if response.status_code in RETRYABLE:
        return True
    return response.status_code == 404 and '"order_not_found"' in response.text


@dataclass
class PatientApi(Api):
    """The demo's API client, trying a call again while the system answers 5xx or not at all."""

    retries: int = 0
    quiet: bool = True

    async def send(
        self, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """One answer that is not a retryable failure, or StepFailed after the patience."""
        deadline = time.monotonic() + CALL_PATIENCE_S
        while True:
            try:
                response = await super().send(method, path, token, **kwargs)
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}"
            else:
                if not retryable(response):
                    return response
                failure = f"{response.status_code} {response.text[:200]}"
            if time.monotonic() > deadline:
                raise StepFailed(
                    f"{method} {path}: still failing after {CALL_PATIENCE_S}s: {failure}"
                )
            self.retries += 1
            await asyncio.sleep(0.5)


@dataclass
class OrderLife:
    """One order driven by a script, and what became of it."""

    script: str
    expected: str
    order_id: str = ""
    reached: str = ""
    error: str = ""

    @property
    def correct(self) -> bool:
        """Whether it reached the state its script expects."""
        return not self.error and self.reached == self.expected


@dataclass
class Load:
    """Order lives in flight on one system."""

    system: System
    lives: list[OrderLife] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    customers: list[str] = field(default_factory=list)
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    retries: int = 0

    async def actors(self, api: Api) -> Actors:
        """A new customer, signed in, with the suite's staff."""
        email = f"fault-{uuid.uuid4().hex[:10]}@example.jp"
        token = await api.register(email, "a fault-suite customer password", "Fault Customer")
        me = await api.call("GET", "/me", token)
        self.customers.append(str(me["id"]))
        staff = self.system.staff_tokens
        return Actors(token, staff["ops"], staff["warehouse"], str(me["id"]))

    def start(self, script: str, count: int, stagger_s: float = 0.5) -> None:
        """Start `count` order lives of a script ("full": to completed; "lapse": estimated and never
        paid, to cancelled by the payment deadline), `stagger_s` apart."""
        for n in range(count):
            life = OrderLife(script, "completed" if script == "full" else "cancelled")
            self.lives.append(life)
            self.tasks.append(asyncio.create_task(self._live(life, n * stagger_s)))

    async def _live(self, life: OrderLife, delay: float) -> None:
        await asyncio.sleep(delay)
        client = self.system.client()
        self.clients.append(client)
        api = PatientApi(client, say=lambda _: None, timeout_s=180)
        story = Story(api, Actors("", "", ""))
        try:
            story.actors = await self.actors(api)
            script = story.run() if life.script == "full" else self._lapse(story)
            page = await asyncio.wait_for(script, ORDER_TIMEOUT_S)
            life.reached = page["progress"]["data"]["status"]
        except Exception as exc:
            life.error = f"{type(exc).__name__}: {exc}"[:500]
        finally:
            life.order_id = story.order_id
            self.retries += api.retries

    @staticmethod
    async def _lapse(story: Story) -> Any:
        """Placed and estimated, never paid: the payment deadline cancels it."""
        await story.place()
        await story.estimate()
        return await story.api.wait_status(story.actors.customer, story.order_id, "cancelled")

    async def finish(self) -> list[OrderLife]:
        """Wait for every life to end; the lives."""
        await asyncio.gather(*self.tasks)
        for client in self.clients:
            await client.aclose()
        return self.lives

    @property
    def correct(self) -> int:
        """How many lives reached the state their script expects."""
        return sum(life.correct for life in self.lives)

    def failures(self) -> str:
        """What went wrong, one line a life."""
        return "\n".join(
            f"{life.script} {life.order_id or '?'}: reached {life.reached or '-'} {life.error}"
            for life in self.lives
            if not life.correct
        )
