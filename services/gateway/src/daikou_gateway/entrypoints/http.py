"""The gateway's public HTTP API, versioned under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from daikou_gateway.entrypoints import (
    errors,
    routes_accounts,
    routes_calendar,
    routes_deposit,
    routes_live,
    routes_messages,
    routes_notices,
    routes_orders,
    routes_payments,
    routes_public,
    routes_staff,
    routes_staff_customers,
    routes_staff_queues,
)
from daikou_gateway.entrypoints.deps import Gateway
from daikou_gateway.entrypoints.schemas_common import ERROR_RESPONSES

PREFIX = "/api/v1"


def router(gw: Gateway) -> APIRouter:
    """Every public route."""
    api = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    for part in (
        routes_accounts.router(gw),
        routes_orders.router(gw),
        routes_payments.router(gw),
        routes_deposit.router(gw),
        routes_deposit.staff_router(gw),
        routes_deposit.statement_router(gw),
        routes_messages.router(gw),
        routes_public.router(gw),
        routes_staff.ops_router(gw),
        routes_staff.warehouse_router(gw),
        routes_live.router(gw),
        routes_staff_queues.router(gw),
        routes_staff_customers.router(gw),
        routes_calendar.public_router(gw),
        routes_calendar.staff_router(gw),
        routes_notices.router(gw),
        routes_notices.staff_router(gw),
    ):
        api.include_router(part)
    return api


def install_upstream_handler(app: FastAPI) -> None:
    """Every error as ErrorOut; a service's refusal keeps the service's status, code and reason."""
    errors.install_error_handlers(app)
