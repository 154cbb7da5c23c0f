"""The warehouse service's internal HTTP API (called by the gateway only)."""

from fastapi import APIRouter

from daikou_warehouse.entrypoints import (
    routes_cases,
    routes_queues,
    routes_receiving,
    routes_shipping,
)
from daikou_warehouse.entrypoints.deps import HttpDeps


def router(deps: HttpDeps) -> APIRouter:
    """Routes of the warehouse service."""
    api = APIRouter()
    api.include_router(routes_receiving.router(deps))
    api.include_router(routes_cases.router(deps))
    api.include_router(routes_shipping.router(deps))
    api.include_router(routes_queues.router(deps))
    return api
