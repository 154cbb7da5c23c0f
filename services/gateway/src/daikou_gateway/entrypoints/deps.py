"""What every route needs: the gateway's parts, the signed-in caller, role checks, forwarding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import uuid4

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from daikou_gateway.adapters.services import ServiceClient, Services, UpstreamRefused, decode_body
from daikou_gateway.adapters.sessions import SessionStore
from daikou_gateway.adapters.unit_of_work import GatewayUnitOfWork, GatewayUnits
from daikou_gateway.domain import tokens
from daikou_gateway.domain.accounts import Unauthenticated
from daikou_gateway.domain.caller import Caller
from daikou_gateway.entrypoints.schemas_common import checked
from daikou_gateway.settings import GatewaySettings
from daikou_kit.actors import Role
from daikou_kit.app import flow_of, part, unit_dependency
from daikou_kit.clock import Clock
from daikou_kit.errors import Forbidden
from daikou_kit.unit_of_work import Database

bearer = HTTPBearer(auto_error=False, description="The access token from POST /api/v1/sessions")


@dataclass(frozen=True)
class Gateway:
    """The gateway's parts, built once in the wiring."""

    settings: GatewaySettings
    database: Database
    clock: Clock
    services: Services
    units: GatewayUnits
    """The one factory of the gateway's units of work (the account stores, hasher and policy)."""

    @property
    def sessions(self) -> SessionStore:
        """Server-side sessions and sign-in counters."""
        return SessionStore(self.database.engine)


GatewayDep = Annotated[Gateway, Depends(part(Gateway))]
"""The gateway's parts (settings, clock, database, sessions, the services' clients, the unit's factory)."""
ServicesDep = Annotated[Services, Depends(part(Services))]
"""The clients of the services' internal APIs."""
SettingsDep = Annotated[GatewaySettings, Depends(part(GatewaySettings))]
"""The gateway's settings."""
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


Unit = Annotated[GatewayUnitOfWork, unit_dependency()]
"""The request's transaction with the account stores on it."""


def request_units(request: Request, gw: GatewayDep) -> GatewayUnits:
    """The gateway's units of work, opened in the request's flow."""
    return gw.units.in_flow(flow_of(request))


Units = Annotated[GatewayUnits, Depends(request_units)]
"""Transactions opened one after another (for a use case that hashes a password between them)."""


async def identify(
    request: Request, credentials: Credentials, gw: Gateway, roles: frozenset[Role]
) -> Caller:
    """The signed-in caller (401 without a valid token); 403 when `roles` is not empty and the
    caller's role is not in it."""
    if credentials is None:
        raise Unauthenticated(
            "sign in first: send 'Authorization: Bearer <token>'", code="not_signed_in"
        )
    now = gw.clock.now()
    claims = tokens.verify(
        credentials.credentials, gw.settings.token_secret.get_secret_value(), now
    )
    if claims.session_id is None or not await gw.sessions.is_active(
        claims.session_id, claims.subject, now
    ):
        raise Unauthenticated(
            "this session has ended (signed out); sign in again", code="session_revoked"
        )
    if roles and claims.role not in roles:
        named = " or ".join(sorted(roles))
        raise Forbidden(f"only {named} staff may do this", code="forbidden_for_role")
    chosen = getattr(request.state, "request_id", "") or str(uuid4())  # the request guard's id
    correlation = flow_of(request) or chosen
    request.state.correlation_id = correlation
    return Caller(claims.subject, claims.role, correlation, claims.session_id)


def caller_in(*roles: Role) -> Any:
    """`Depends` answering the signed-in caller; with `roles`, refusing any other role with 403."""
    allowed = frozenset(roles)

    async def signed_in(request: Request, credentials: Credentials, gw: GatewayDep) -> Caller:
        return await identify(request, credentials, gw, allowed)

    return Depends(signed_in)


AnyCaller = Annotated[Caller, caller_in()]
"""Anyone signed in (customers, and staff who may read)."""
CustomerCaller = Annotated[Caller, caller_in(Role.CUSTOMER)]
"""A signed-in customer."""
OpsCaller = Annotated[Caller, caller_in(Role.OPS)]
"""Signed-in ops staff."""
StaffCaller = Annotated[Caller, caller_in(Role.OPS, Role.WAREHOUSE)]
"""Signed-in ops or warehouse staff."""


async def forward(
    client: ServiceClient,
    method: str,
    path: str,
    caller: Caller,
    *,
    answer: Any = None,
    **kwargs: Any,
) -> JSONResponse:
    """Call a service and answer with its status and JSON; its refusals pass through unchanged.

    `answer` is the route's response model (a model or e.g. `list[Model]`): the service's answer
    is checked against it and shaped by it; one that does not fit is a 503
    `<service>_unexpected_answer`, never a 500.
    """
    response = await client.send(method, path, caller, **kwargs)
    body = decode_body(response)
    if response.status_code >= 400:
        raise UpstreamRefused(client.name, response.status_code, body)
    if answer is not None:
        body = checked(client.name, answer, body)
    return JSONResponse(body, status_code=response.status_code)


def body_without(body: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The body without identity fields a client must not choose."""
    return {k: v for k, v in body.items() if k not in keys}
