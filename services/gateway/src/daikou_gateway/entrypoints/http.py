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
from daikou_gateway.entrypoints.schemas_common import ERROR_RESPONSES

PREFIX = "/api/v1"


router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
"""Every public route."""
for routes in (
    routes_accounts.router,
    routes_orders.router,
    routes_payments.router,
    routes_deposit.router,
    routes_deposit.staff_router,
    routes_deposit.statement_router,
    routes_messages.router,
    routes_public.router,
    routes_staff.ops_router,
    routes_staff.warehouse_router,
    routes_live.router,
    routes_staff_queues.router,
    routes_staff_customers.router,
    routes_calendar.public_router,
    routes_calendar.staff_router,
    routes_notices.router,
    routes_notices.staff_router,
):
    router.include_router(routes)


def install_upstream_handler(app: FastAPI) -> None:
    """Every error as ErrorOut; a service's refusal keeps the service's status, code and reason."""
    errors.install_error_handlers(app)
