"""The gateway's public HTTP API, versioned under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import UpstreamRefused
from daikou_gateway.entrypoints import (
    routes_accounts,
    routes_calendar,
    routes_live,
    routes_messages,
    routes_orders,
    routes_payments,
    routes_public,
    routes_staff,
    routes_staff_customers,
    routes_staff_queues,
)
from daikou_gateway.entrypoints.deps import Gateway

PREFIX = "/api/v1"


def router(gw: Gateway) -> APIRouter:
    """Every public route."""
    api = APIRouter(prefix=PREFIX)
    for part in (
        routes_accounts.router(gw),
        routes_orders.router(gw),
        routes_payments.router(gw),
        routes_messages.router(gw),
        routes_public.router(gw),
        routes_staff.ops_router(gw),
        routes_staff.warehouse_router(gw),
        routes_live.router(gw),
        routes_staff_queues.router(gw),
        routes_staff_customers.router(gw),
        routes_calendar.public_router(gw),
        routes_calendar.staff_router(gw),
    ):
        api.include_router(part)
    return api


def install_upstream_handler(app: FastAPI) -> None:
    """A service's refusal reaches the client with the service's status and body."""

    @app.exception_handler(UpstreamRefused)
    async def upstream(_: Request, exc: UpstreamRefused) -> JSONResponse:
        body = dict(exc.body)
        body.setdefault("code", exc.code)
        return JSONResponse(status_code=exc.status, content=body)
