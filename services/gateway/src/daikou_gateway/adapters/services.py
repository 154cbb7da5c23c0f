"""Calls to the services' internal HTTP APIs, with the gateway's credential and the acting user."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

import httpx

from daikou_contracts.json_types import JsonObject, JsonValue
from daikou_gateway.adapters.breaker import CircuitBreaker
from daikou_gateway.application.ports import Params
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.order_page import Fetched, Unavailable
from daikou_gateway.domain.page_cache import PageCache
from daikou_kit.errors import DomainError, NotFound
from daikou_kit.headers import CORRELATION_HEADER, INTERNAL_TOKEN_HEADER, ROLE_HEADER, USER_HEADER

PUBLIC_USER = UUID(int=0)
UUID_IN_PATH = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
READS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")


class ServiceUnavailable(DomainError):
    """A service did not answer in time, or failed."""

    status = 503


class UpstreamRefused(DomainError):
    """A service refused the request (4xx); its status and body are passed on to the client."""

    def __init__(self, service: str, status: int, body: JsonValue) -> None:
        detail = body.get("detail") if isinstance(body, dict) else None
        super().__init__(str(detail or f"{service} refused the request"), code=f"{service}_refused")
        self.status = status
        self.body: JsonObject = body if isinstance(body, dict) else {"detail": self.reason}


WriteHook = Callable[[Caller, str], None]


class ServiceClient:
    """One service's internal API; the order page's parts go through its circuit breaker.

    `on_write` hears of every change the gateway forwards (any method but GET), with its path.
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        http: httpx.AsyncClient,
        token: str,
        timeout_s: float,
        *,
        breaker: CircuitBreaker | None = None,
        on_write: WriteHook | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.token = token
        self.timeout = httpx.Timeout(timeout_s)
        self.breaker = breaker
        self.on_write = on_write

    def unavailable(self, why: str) -> ServiceUnavailable:
        """The 503 naming this service."""
        return ServiceUnavailable(f"the {self.name} service {why}", code=f"{self.name}_unavailable")

    def headers(self, caller: Caller, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The credential, the acting user and the correlation id."""
        headers = {
            INTERNAL_TOKEN_HEADER: self.token,
            USER_HEADER: str(caller.user_id),
            ROLE_HEADER: str(caller.role),
            CORRELATION_HEADER: caller.correlation_id,
        }
        headers.update(extra or {})
        return headers

    async def send(
        self,
        method: str,
        path: str,
        caller: Caller,
        *,
        json: JsonValue = None,
        params: Params | None = None,
        content: AsyncIterable[bytes] | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> httpx.Response:
        """The service's answer when it is below 500; ServiceUnavailable otherwise."""
        try:
            return await self._request(
                method,
                path,
                caller,
                json=json,
                params=params,
                content=content,
                headers=headers,
                timeout_s=timeout_s,
            )
        finally:
            if self.on_write is not None and method not in READS:
                self.on_write(caller, path)

    async def _request(
        self,
        method: str,
        path: str,
        caller: Caller,
        *,
        json: JsonValue,
        params: Params | None,
        content: AsyncIterable[bytes] | bytes | None,
        headers: Mapping[str, str] | None,
        timeout_s: float | None,
    ) -> httpx.Response:
        try:
            response = await self.http.request(
                method,
                f"{self.base_url}{path}",
                json=json,
                params={k: v for k, v in (params or {}).items() if v is not None},
                content=content,
                headers=self.headers(caller, headers),
                timeout=httpx.Timeout(timeout_s) if timeout_s else self.timeout,
            )
        except httpx.HTTPError as exc:
            raise self.unavailable(f"is unavailable ({type(exc).__name__})") from None
        if response.status_code >= 500 or response.status_code == 401:
            # 401 means the gateway's own credential is wrong: a deployment fault, not the user's.
            raise self.unavailable(f"failed (status {response.status_code})")
        return response

    async def call(
        self,
        method: str,
        path: str,
        caller: Caller,
        *,
        json: JsonValue = None,
        params: Params | None = None,
    ) -> JsonValue:
        """The JSON answer of a successful call; UpstreamRefused carries a 4xx on."""
        response = await self.send(method, path, caller, json=json, params=params)
        body = decode_body(response)
        if response.status_code >= 400:
            raise UpstreamRefused(self.name, response.status_code, body)
        return body

    async def fetch(
        self,
        path: str,
        caller: Caller,
        params: Params | None = None,
        *,
        missing_ok: bool = False,
        budget_s: float | None = None,
    ) -> Fetched:
        """A part of a page: the JSON, or why it is unavailable; 404 is NotFound, or {} if missing_ok.

        With `budget_s`, a service that has not answered in that time makes the part unavailable.
        """
        breaker = self.breaker or CircuitBreaker(1, 0)
        if not breaker.allow():
            why = "is unavailable (it failed recently; not called for a while)"
            return Unavailable(self.name, f"the {self.name} service {why}")
        try:
            body = await self._within(budget_s, self.call("GET", path, caller, params=params))
        except ServiceUnavailable as exc:
            breaker.failed()
            return Unavailable(self.name, exc.reason)
        except TimeoutError:
            breaker.failed()
            return Unavailable(self.name, f"the {self.name} service did not answer in {budget_s}s")
        except UpstreamRefused as exc:
            breaker.succeeded()
            return self._refused(exc, missing_ok=missing_ok)
        breaker.succeeded()
        if isinstance(body, dict | list):
            return body
        return Unavailable(self.name, f"the {self.name} service answered something unexpected")

    @staticmethod
    async def _within(budget_s: float | None, call: Awaitable[T]) -> T:
        """The call's result, or TimeoutError after `budget_s`.

        The call is never cancelled: it finishes in the background, within the service time-out.
        Cutting httpx short while it connects (by cancelling it, or by a short connect time-out)
        leaves the connection in the pool, marked as connecting for ever; a few of those and the
        pool has no room left.
        """
        task = asyncio.ensure_future(call)
        try:
            done, _ = await asyncio.wait({task}, timeout=budget_s)
        finally:
            if not task.done():
                task.add_done_callback(_forget)
        if not done:
            raise TimeoutError
        return task.result()

    def _refused(self, exc: UpstreamRefused, *, missing_ok: bool) -> Fetched:
        """A refused part: 404 is NotFound (or empty if missing_ok); other refusals unavailable."""
        if exc.status == 404 and missing_ok:
            return {}
        if exc.status == 404:
            raise NotFound(exc.reason, code="not_found") from None
        return Unavailable(self.name, f"the {self.name} service refused: {exc.reason}")


def _forget(task: asyncio.Future[T]) -> None:
    """A call that finished after its part gave up on it: its outcome is of no use any more."""
    if not task.cancelled():
        task.exception()


def decode_body(response: httpx.Response) -> JsonValue:
    """The JSON of an answer; None when empty, its text as a detail when it is no JSON."""
    if not response.content:
        return None
    try:
        body: JsonValue = response.json()
    except ValueError:
        return {"detail": response.text[:500]}
    return body


@dataclass(frozen=True)
class Services:
    """The clients of every service the gateway calls."""

    orders: ServiceClient
    payments: ServiceClient
    messaging: ServiceClient
    warehouse: ServiceClient
    scheduler: ServiceClient
    notifications: ServiceClient
    page_budget_s: float | None = None
    """How long a part of the order page may wait for its service."""
    page_cache: PageCache | None = None
    """Recently composed order pages, dropped when the order changes."""


def forget_changed_pages(cache: PageCache, service: str) -> WriteHook:
    """The write hook of one service's client: drops what that service answered for the pages a
    change forwarded to it may alter, those of the ids in its path (an order, a customer) and, when
    a customer acts, every page of theirs. A service's API changes only its own state; the other
    services hear of the change by events, which drop their answers as they arrive."""

    def changed(caller: Caller, path: str) -> None:
        cache.changed(*(match.lower() for match in UUID_IN_PATH.findall(path)), source=service)
        if caller.is_customer:
            cache.customer_changed(str(caller.user_id), service)

    return changed
