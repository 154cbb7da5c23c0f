"""The customer's orders: the list with its three tabs and paging, and the new-order form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from daikou_web import order_form
from daikou_web.errors import explain, said
from daikou_web.gateway import GatewayError
from daikou_web.pages import gateway, redirect, render
from daikou_web.routes.deps import Customer

TABS = ("ongoing", "completed", "cancelled")
PAGE_SIZE = 10

router = APIRouter()
new_order_router = APIRouter()
"""The new-order form's routes, included before the list's (`/orders/new` first)."""


@router.get("/orders")
async def my_orders(
    request: Request,
    session: Customer,
    tab: str = "ongoing",
    page: int = Query(default=1, ge=1, le=10_000),
) -> Response:
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


async def _methods(request: Request) -> list[Any]:
    """The shipping methods to choose from (none when the gateway does not answer)."""
    try:
        found = await gateway(request).get("/shipping/methods")
    except GatewayError:
        return []
    return found if isinstance(found, list) else []


@new_order_router.get("/orders/new")
async def new_order(request: Request, session: Customer) -> Response:
    return render(
        request,
        "customer/new_order.html",
        form=order_form.blank(),
        errors={},
        methods=await _methods(request),
    )


@new_order_router.get("/orders/new/row")
async def item_row(
    request: Request,
    session: Customer,
    index: int = Query(ge=0, lt=order_form.MAX_ROWS),
) -> Response:
    return render(
        request, "customer/_item_row.html", index=index, row=order_form.empty_row(), errors={}
    )


@new_order_router.post("/orders/new")
async def place(request: Request, session: Customer) -> Response:
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
                        name = name.replace(f"items-{api_index}-", f"items-{used[api_index]}-", 1)
                form.errors.setdefault(name, said(reason))
            if not exc.fields:
                form.errors["_"] = explain(exc)
    return render(
        request,
        "customer/new_order.html",
        status_code=422,
        form=form,
        errors=form.errors,
        methods=await _methods(request),
    )
