"""Calls to the services' internal HTTP APIs, with the gateway's credential and the acting user."""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx

from daikou_gateway.domain.order_page import Fetched, Unavailable
from daikou_kit.errors import DomainError, NotFound
from daikou_kit.http import CORRELATION_HEADER, INTERNAL_TOKEN_HEADER, ROLE_HEADER, USER_HEADER

PUBLIC_USER = UUID(int=0)


@dataclass(frozen=True)
class Caller:
    """Who the gateway acts for (the signed-in user), and the flow the request belongs to."""

    user_id: UUID
    role: str
    correlation_id: str

    @property
    def is_customer(self) -> bool:
        """A customer, as opposed to staff."""
        return self.role == "customer"


class ServiceUnavailable(DomainError):
    """A service did not answer in time, or failed."""

    status = 503


class UpstreamRefused(DomainError):
    """A service refused the request (4xx); its status and body are passed on to the client."""

    def __init__(self, service: str, status: int, body: Any) -> None:
        detail = body.get("detail") if isinstance(body, Mapping) else None
        super().__init__(str(detail or f"{service} refused the request"), code=f"{service}_refused")
        self.status = status
        self.body = body if isinstance(body, Mapping) else {"detail": self.reason}


class ServiceClient:
    """One service's internal API."""

    def __init__(
        self, name: str, base_url: str, http: httpx.AsyncClient, token: str, timeout_s: float
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.token = token
        self.timeout = httpx.Timeout(timeout_s)

    def headers(self, caller: Caller, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The credential, the acting user and the correlation id."""
        headers = {
            INTERNAL_TOKEN_HEADER: self.token,
            USER_HEADER: str(caller.user_id),
            ROLE_HEADER: caller.role,
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
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        content: AsyncIterable[bytes] | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> httpx.Response:
        """The service's answer when it is below 500; ServiceUnavailable otherwise."""
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
            raise ServiceUnavailable(
                f"the {self.name} service is unavailable ({type(exc).__name__})",
                code=f"{self.name}_unavailable",
            ) from None
        if response.status_code >= 500 or response.status_code == 401:
            # 401 means the gateway's own credential is wrong: a deployment fault, not the user's.
            raise ServiceUnavailable(
                f"the {self.name} service failed (status {response.status_code})",
                code=f"{self.name}_unavailable",
            )
        return response

    async def call(self, method: str, path: str, caller: Caller, **kwargs: Any) -> Any:
        """The JSON answer of a successful call; UpstreamRefused carries a 4xx on."""
        response = await self.send(method, path, caller, **kwargs)
        body = decode_body(response)
        if response.status_code >= 400:
            raise UpstreamRefused(self.name, response.status_code, body)
        return body

    async def fetch(
        self,
        path: str,
        caller: Caller,
        params: Mapping[str, Any] | None = None,
        *,
        missing_ok: bool = False,
    ) -> Fetched:
        """A part of a page: the JSON, or why it is unavailable; 404 is NotFound, or {} if missing_ok."""
        try:
            body = await self.call("GET", path, caller, params=params)
        except ServiceUnavailable as exc:
            return Unavailable(self.name, exc.reason)
        except UpstreamRefused as exc:
            if exc.status == 404 and missing_ok:
                return {}
            if exc.status == 404:
                raise NotFound(exc.reason, code="not_found") from None
            return Unavailable(self.name, f"the {self.name} service refused: {exc.reason}")
        if isinstance(body, dict | list):
            return body
        return Unavailable(self.name, f"the {self.name} service answered something unexpected")


def decode_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return {"detail": response.text[:500]}


@dataclass(frozen=True)
class Services:
    """The clients of every service the gateway calls."""

    orders: ServiceClient
    payments: ServiceClient
    messaging: ServiceClient
    warehouse: ServiceClient
    scheduler: ServiceClient
