"""HTTP helpers for a service's internal API: the gateway's credential, the acting user, errors."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.requests import ClientDisconnect

from daikou_contracts.text import excerpt
from daikou_kit.actors import STAFF, Actor, Role
from daikou_kit.errors import DomainError
from daikou_kit.guard import BodyLimits, RequestGuard
from daikou_kit.headers import CORRELATION_HEADER, INTERNAL_TOKEN_HEADER, ROLE_HEADER, USER_HEADER

CLIENT_KEEPALIVE_S = 2.0
"""How long an HTTP client between our processes keeps an idle connection for reuse: well under
uvicorn's keep-alive timeout (5 s), so a client never sends a request on a connection the server
is closing at that moment (httpx's default is also 5 s; the request then fails with
`RemoteProtocolError`, seen once as a failed page under load)."""

__all__ = [
    "CLIENT_KEEPALIVE_S",
    "CORRELATION_HEADER",
    "INTERNAL_TOKEN_HEADER",
    "ROLE_HEADER",
    "STAFF",
    "USER_HEADER",
    "Actor",
    "BodyLimits",
    "Role",
    "actor_dependency",
    "correlation_id",
    "install_error_handlers",
    "request_id",
]


def actor_dependency(token: str, *roles: Role) -> Callable[..., Awaitable[Actor]]:
    """A FastAPI dependency: checks the gateway's credential and returns the acting user.

    With `roles`, actors of any other role are refused with 403.
    """

    async def current_actor(
        x_daikou_internal_token: Annotated[str | None, Header()] = None,
        x_daikou_user: Annotated[str | None, Header()] = None,
        x_daikou_role: Annotated[str | None, Header()] = None,
    ) -> Actor:
        given = (x_daikou_internal_token or "").encode()
        if not hmac.compare_digest(given, token.encode()):
            raise HTTPException(401, "missing or wrong internal credential")
        try:
            actor = Actor(user_id=UUID(x_daikou_user or ""), role=Role(x_daikou_role or ""))
        except ValueError:
            raise HTTPException(400, "acting user and role headers are required") from None
        if roles and actor.role not in roles:
            raise HTTPException(403, f"role {actor.role} may not do this")
        return actor

    return current_actor


def correlation_id(request: Request) -> str | None:
    """The flow id the gateway passed along, if any."""
    return request.headers.get(CORRELATION_HEADER)


def request_id(request: Request) -> str:
    """The id the request guard gave this request (answered in `X-Request-Id`)."""
    return str(getattr(request.state, "request_id", ""))


def install_error_handlers(app: FastAPI, limits: BodyLimits | None = None) -> None:
    """The request guard (`daikou_kit.guard`), and errors as JSON with a reason and a code.

    Domain errors answer their status; a request that finds every database connection taken
    answers 503 `busy` with `Retry-After`, one that finds the database unreachable (restarting,
    its connection lost) answers 503 `database_unavailable` with `Retry-After`; validation errors answer 422 quoting at most a short
    excerpt of the refused input; a value a use case computed out of its bounds (e.g. a total
    beyond the largest amount) answers 422 `out_of_range` instead of failing; a client that closed
    its request before sending the whole body answers 400 `client_closed` (not an error here).
    """
    app.add_middleware(RequestGuard, limits=limits)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"detail": exc.reason, "code": exc.code}
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": short_errors(exc.errors()), "code": "invalid_request"},
        )

    @app.exception_handler(PoolTimeout)
    async def busy(_: Request, exc: PoolTimeout) -> JSONResponse:
        # every database connection is taken: the client may try again shortly
        return JSONResponse(
            status_code=503,
            content={"detail": "the service is busy; try again shortly", "code": "busy"},
            headers={"Retry-After": "1"},
        )

    async def database_unavailable(_: Request, exc: Exception) -> JSONResponse:
        # the database refused or lost the connection: nothing was committed; try again shortly
        return JSONResponse(
            status_code=503,
            content={
                "detail": "the service's database is unavailable; try again shortly",
                "code": "database_unavailable",
            },
            headers={"Retry-After": "2"},
        )

    for unreachable in (OperationalError, InterfaceError, ConnectionError):
        app.add_exception_handler(unreachable, database_unavailable)

    @app.exception_handler(ClientDisconnect)
    async def client_gone(_: Request, exc: ClientDisconnect) -> JSONResponse:
        # the client stopped sending its body (an upload abandoned): its fault, not an error here
        return JSONResponse(
            status_code=400,
            content={"detail": "the client closed the request early", "code": "client_closed"},
        )

    @app.exception_handler(ValidationError)
    async def out_of_range(_: Request, exc: ValidationError) -> JSONResponse:
        errors = short_errors(exc.errors(include_url=False))
        reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:3])
        return JSONResponse(
            status_code=422,
            content={
                "detail": f"a computed value is out of range: {reason}",
                "code": "out_of_range",
            },
        )


def short_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors with each refused input cut to a short excerpt (at most 20 errors)."""
    short: list[dict[str, Any]] = []
    for error in list(errors)[:20]:
        item = {k: v for k, v in dict(error).items() if k in ("type", "loc", "msg")}
        item["msg"] = str(item.get("msg", ""))[:300]
        if "input" in error:
            item["input"] = excerpt(error["input"])
        short.append(item)
    return short
