"""The staff home page: the signed-in member's work queues and how much waits in each."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from daikou_web.pages import require
from daikou_web.routes.staff_common import OPS_QUEUES, WAREHOUSE_QUEUES, queue_sizes, staff_render

PAGE_OF_QUEUE = {
    "estimate": "/staff/ops/estimate",
    "purchase": "/staff/ops/purchase",
    "out_of_stock": "/staff/ops/out-of-stock",
    "conditions": "/staff/ops/conditions",
    "arrivals": "/staff/warehouse/arrivals",
    "inspection": "/staff/warehouse/inspection",
    "cases": "/staff/warehouse/cases",
    "packing": "/staff/warehouse/packing",
    "dispatch": "/staff/warehouse/dispatch",
}


def router() -> APIRouter:
    """The staff home page."""
    api = APIRouter()

    @api.get("/staff")
    async def home(request: Request) -> Response:
        session = require(request, "ops", "warehouse")
        names = (*OPS_QUEUES, *WAREHOUSE_QUEUES) if session.role == "ops" else WAREHOUSE_QUEUES
        sizes = await queue_sizes(request, names)
        return staff_render(request, "staff/home.html", sizes=sizes, pages=PAGE_OF_QUEUE)

    return api
