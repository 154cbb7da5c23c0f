"""The customer's orders: place, list by tab, the details page, change before payment, report reception."""

from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from daikou_gateway.adapters.services import Caller
from daikou_gateway.application.order_page import ensure_order_visible, order_page
from daikou_gateway.entrypoints.deps import Gateway, body_without, caller_dependency, forward

JsonBody = Annotated[dict[str, Any], Body()]


class Tab(StrEnum):
    """The order list's tabs."""

    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class QuantityChange(BaseModel):
    """A new quantity for a pre-payment item."""

    quantity: int = Field(ge=1, le=9999)


class Note(BaseModel):
    """An optional reason."""

    reason: str = Field(default="", max_length=2000)


class PurchaseCondition(BaseModel):
    """'Confirm the following before purchasing the item'."""

    title: str = Field(default="Confirm before purchasing", min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=2000)


def router(gw: Gateway) -> APIRouter:
    """Order routes (customers; staff may read)."""
    api = APIRouter(tags=["orders"])
    anyone = caller_dependency(gw)
    customer = caller_dependency(gw, "customer")
    orders = gw.services.orders
    any_caller = Annotated[Caller, Depends(anyone)]
    customer_caller = Annotated[Caller, Depends(customer)]

    @api.post("/orders", status_code=201)
    async def place_order(caller: customer_caller, body: JsonBody) -> JSONResponse:
        """Apply for items (shape: see the orders README); the order is the caller's."""
        return await forward(
            orders, "POST", "/orders", caller, json=body_without(body, "customer_id")
        )

    @api.get("/orders")
    async def list_orders(
        caller: any_caller,
        tab: Tab = Tab.ONGOING,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> JSONResponse:
        """The caller's orders in one tab, a page at a time (staff: every customer's)."""
        params = {
            "tab": tab.value,
            "customer_id": str(caller.user_id) if caller.is_customer else None,
            "limit": limit,
            "offset": offset,
        }
        return await forward(orders, "GET", "/orders", caller, params=params)

    @api.get("/orders/{order_id}")
    async def details_page(caller: any_caller, order_id: UUID) -> dict[str, Any]:
        """The order details page: seven parts, each available or saying why not."""
        return await order_page(gw.services, caller, order_id)

    @api.patch("/orders/{order_id}/items/{item_id}")
    async def change_quantity(
        caller: customer_caller, order_id: UUID, item_id: UUID, body: QuantityChange
    ) -> JSONResponse:
        """Change a pre-payment item's quantity (the 1st billing is recalculated)."""
        path = f"/orders/{order_id}/items/{item_id}"
        return await forward(orders, "PATCH", path, caller, json=body.model_dump())

    @api.post("/orders/{order_id}/items/{item_id}/cancel")
    async def cancel_item(
        caller: customer_caller, order_id: UUID, item_id: UUID, body: Note | None = None
    ) -> JSONResponse:
        """Cancel one pre-payment item."""
        path = f"/orders/{order_id}/items/{item_id}/cancel"
        return await forward(orders, "POST", path, caller, json=(body or Note()).model_dump())

    @api.post("/orders/{order_id}/items/{item_id}/purchase-condition", status_code=201)
    async def purchase_condition(
        caller: customer_caller, order_id: UUID, item_id: UUID, body: PurchaseCondition
    ) -> JSONResponse:
        """Ask staff to confirm something with the seller before buying a pre-payment item."""
        await ensure_order_visible(gw.services, caller, order_id)
        message = {
            "title": body.title,
            "body": body.body,
            "purchase_condition_item_id": str(item_id),
        }
        path = f"/orders/{order_id}/messages"
        return await forward(gw.services.messaging, "POST", path, caller, json=message)

    @api.post("/orders/{order_id}/cancel")
    async def cancel_order(
        caller: customer_caller, order_id: UUID, body: Note | None = None
    ) -> JSONResponse:
        """Cancel the whole order (only before the 1st billing is paid)."""
        path = f"/orders/{order_id}/cancel"
        return await forward(orders, "POST", path, caller, json=(body or Note()).model_dump())

    @api.post("/orders/{order_id}/photos-checked")
    async def photos_checked(caller: customer_caller, order_id: UUID) -> JSONResponse:
        """Say the inspection photos were checked (clears the 'check photos' action)."""
        return await forward(orders, "POST", f"/orders/{order_id}/photos-checked", caller)

    @api.post("/orders/{order_id}/reception-report")
    async def reception_report(
        caller: customer_caller, order_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Report reception: ok (optional public comment) or a problem (with uploaded photo ids)."""
        path = f"/orders/{order_id}/reception-report"
        return await forward(orders, "POST", path, caller, json=body)

    return api
