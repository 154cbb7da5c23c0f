"""The customer's orders: the list with its three tabs and paging, and the new-order form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from daikou_web import order_form
from daikou_web.errors import explain
from daikou_web.gateway import GatewayError
from daikou_web.pages import gateway, redirect, render, require

TABS = ("ongoing", "completed", "cancelled")
PAGE_SIZE = 10


def router() -> APIRouter:
    """The order list's and the new-order form's routes (the form first: `/orders/new`)."""
    api = APIRouter()
    api.include_router(new_order_router())

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


def new_order_router() -> APIRouter:
    """The new-order form's routes."""
    api = APIRouter()

    async def methods(request: Request) -> list[Any]:
        try:
            found = await gateway(request).get("/shipping/methods")
        except GatewayError:
            return []
        return found if isinstance(found, list) else []

    @api.get("/orders/new")
    async def new_order(request: Request) -> Response:
        require(request, "customer")
        return render(
            request,
            "customer/new_order.html",
            form=order_form.blank(),
            errors={},
            methods=await methods(request),
        )

    @api.get("/orders/new/row")
    async def item_row(
        request: Request, index: int = Query(ge=0, lt=order_form.MAX_ROWS)
    ) -> Response:
        require(request, "customer")
        return render(
            request, "customer/_item_row.html", index=index, row=order_form.empty_row(), errors={}
        )

    @api.post("/orders/new")
    async def place(request: Request) -> Response:
        require(request, "customer")
        form = order_form.read(await request.form())
        body = form.body()
        if not form.errors:
            try:
                order = await gateway(request).post("/orders", body)
                return redirect(f"/orders/{order['order_id']}?done=placed", request)
            except GatewayError as exc:
                used = [i for i, _ in form.used_rows()]
                for location, reason in exc.fields.items():
                    name = order_form.api_field(location)
                    if name.startswith("items-"):
                        api_index = int(name.split("-")[1])
                        if api_index < len(used):
                            name = name.replace(
                                f"items-{api_index}-", f"items-{used[api_index]}-", 1
                            )
                    form.errors.setdefault(name, reason)
                if not exc.fields:
                    form.errors["_"] = explain(exc)
        return render(
            request,
            "customer/new_order.html",
            status_code=422,
            form=form,
            errors=form.errors,
            methods=await methods(request),
        )

    return api
