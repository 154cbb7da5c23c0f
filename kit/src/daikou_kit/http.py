"""HTTP helpers for a service's internal API: the gateway's credential, the acting user, errors."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import UUID

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from daikou_kit.actors import STAFF, Actor, Role
from daikou_kit.errors import DomainError

INTERNAL_TOKEN_HEADER = "X-Daikou-Internal-Token"  # noqa: S105  (a header name)
USER_HEADER = "X-Daikou-User"
ROLE_HEADER = "X-Daikou-Role"
CORRELATION_HEADER = "X-Correlation-Id"

__all__ = ["STAFF", "Actor", "Role", "actor_dependency", "correlation_id", "install_error_handlers"]


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


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors to their status code with a readable reason."""

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"detail": exc.reason, "code": exc.code}
        )
