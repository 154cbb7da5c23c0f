"""The only way the web client reaches Daikou: the gateway's public API (`/api/v1`), over httpx.

Every call carries the signed-in customer's or staff member's token; a refusal becomes a
`GatewayError` with the API's status, reason and, for validation errors, the field it concerns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

API = "/api/v1"


@dataclass(frozen=True)
class FieldProblem:
    """What the API said of one field: the validation error's type, its message and its values
    (`{"type": "string_too_long", "msg": "...", "ctx": {"max_length": 300}}`)."""

    type: str
    msg: str
    ctx: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.msg


@dataclass
class GatewayError(Exception):
    """The gateway refused a call (or could not be reached: status 503)."""

    status: int
    detail: str
    code: str = ""
    fields: dict[str, FieldProblem] = field(default_factory=dict)
    retry_after: str = ""
    """The API's `Retry-After` (a busy or briefly unavailable service), passed on to the browser."""

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"

    @classmethod
    def from_response(cls, response: httpx.Response) -> GatewayError:
        """Read the API's error body: `{"detail": str, "code": str}` or a validation list."""
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, Mapping):
            body = {}
        detail = body.get("detail")
        fields: dict[str, FieldProblem] = {}
        if isinstance(detail, list):
            for problem in detail:
                if isinstance(problem, Mapping):
                    loc = [str(part) for part in problem.get("loc", []) if part != "body"]
                    fields.setdefault(".".join(loc) or "_", _problem(problem))
            detail = "; ".join(f"{k}: {v}" for k, v in fields.items())
        return cls(
            status=response.status_code,
            detail=str(detail or response.reason_phrase or "refused"),
            code=str(body.get("code", "")),
            fields=fields,
            retry_after=response.headers.get("Retry-After", "")[:20],
        )


def _problem(error: Mapping[str, Any]) -> FieldProblem:
    ctx = error.get("ctx")
    return FieldProblem(
        type=str(error.get("type", "")),
        msg=str(error.get("msg", "")),
        ctx=ctx if isinstance(ctx, Mapping) else {},
    )


class Gateway:
    """The public API as one person (or no one, for public pages) sees it."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_(self, token: str | None) -> Gateway:
        """The same connection pool, acting with another token."""
        return Gateway(self.http, token)

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        """One call; a 4xx/5xx answer raises `GatewayError`."""
        try:
            response = await self.http.request(
                method,
                f"{API}{path}",
                json=json,
                params=params,
                content=content,
                headers=self._headers(headers),
                timeout=timeout,
            )
        except httpx.HTTPError as exc:
            raise GatewayError(503, f"the service is unreachable ({type(exc).__name__})") from exc
        if response.status_code >= 400:
            raise GatewayError.from_response(response)
        return response

    async def get(self, path: str, **params: Any) -> Any:
        """GET a JSON document."""
        clean = {k: v for k, v in params.items() if v is not None}
        return (await self.request("GET", path, params=clean)).json()

    async def post(self, path: str, body: Any = None) -> Any:
        """POST a JSON body; the JSON answer (or None when empty)."""
        response = await self.request("POST", path, json=body if body is not None else {})
        return response.json() if response.content else None

    async def patch(self, path: str, body: Any) -> Any:
        """PATCH a JSON body."""
        response = await self.request("PATCH", path, json=body)
        return response.json() if response.content else None

    async def upload(
        self, path: str, data: bytes, content_type: str, filename: str, timeout: float
    ) -> Any:
        """POST a file's bytes as the body (the API's upload format; the name as a query parameter,
        so that any name, Japanese included, travels intact)."""
        response = await self.request(
            "POST",
            path,
            content=data,
            params={"filename": filename},
            headers={"content-type": content_type},
            timeout=timeout,
        )
        return response.json()
