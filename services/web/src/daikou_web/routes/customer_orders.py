"""The customer's orders: the list with its three tabs and paging."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from daikou_web.pages import gateway, render, require

TABS = ("ongoing", "completed", "cancelled")
PAGE_SIZE = 10


def router() -> APIRouter:
    """The order list's routes."""
    api = APIRouter()

    @api.get("/orders")
    async def my_orders(
        request: Request,
        tab: str = "ongoing",
        page: int = Query(default=1, ge=1, le=10_000),
    ) -> Response:
        require(request, "customer")
        tab = tab if tab in TABS else "ongoing"
        listing = await gateway(request).get(
            "/orders", tab=tab, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        total = int(listing.get("total", 0))
        pages = max(1, -(-total // PAGE_SIZE))
        return render(
            request,
            "customer/orders.html",
            tabs=TABS,
            tab=tab,
            orders=listing.get("orders", []),
            page=page,
            pages=pages,
            total=total,
        )

    return api
