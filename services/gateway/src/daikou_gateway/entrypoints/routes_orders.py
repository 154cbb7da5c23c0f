"""The customer's orders: place, list by tab, the details page, change before payment, report reception."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from daikou_gateway.application.conditions import condition_possible
from daikou_gateway.application.order_page import ensure_order_visible, order_page
from daikou_gateway.entrypoints.deps import AnyCaller, CustomerCaller, ServicesDep, forward
from daikou_gateway.entrypoints.schemas_messages import MessageOut
from daikou_gateway.entrypoints.schemas_orders import (
    NoteIn,
    OrderListOut,
    OrderOut,
    PlaceOrderIn,
    PurchaseConditionIn,
    QuantityIn,
    ReceptionIn,
    Tab,
)
from daikou_gateway.entrypoints.schemas_page import OrderPageOut, typed_page

Limit = Annotated[int, Query(ge=1, le=100, description="orders per page")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="orders to skip")]


# Order routes (customers; staff may read).
router = APIRouter(tags=["orders"])


@router.post("/orders", status_code=201, response_model=OrderOut)
async def place_order(
    services: ServicesDep, caller: CustomerCaller, body: PlaceOrderIn
) -> JSONResponse:
    """Apply for items; the order is the caller's."""
    return await forward(
        services.orders,
        "POST",
        "/orders",
        caller,
        json=body.model_dump(mode="json"),
        answer=OrderOut,
    )


@router.get("/orders", response_model=OrderListOut)
async def list_orders(
    services: ServicesDep,
    caller: AnyCaller,
    tab: Tab = Tab.ONGOING,
    limit: Limit = 20,
    offset: Offset = 0,
) -> JSONResponse:
    """The caller's orders in one tab, a page at a time (staff: every customer's)."""
    params = {
        "tab": tab.value,
        "customer_id": str(caller.user_id) if caller.is_customer else None,
        "limit": limit,
        "offset": offset,
    }
    return await forward(
        services.orders, "GET", "/orders", caller, params=params, answer=OrderListOut
    )


@router.get("/orders/{order_id}", response_model=OrderPageOut)
async def details_page(services: ServicesDep, caller: AnyCaller, order_id: UUID) -> OrderPageOut:
    """The order details page: seven parts, each available or saying why not."""
    return typed_page(await order_page(services, caller, order_id))


@router.patch("/orders/{order_id}/items/{item_id}", response_model=OrderOut)
async def change_quantity(
    services: ServicesDep, caller: CustomerCaller, order_id: UUID, item_id: UUID, body: QuantityIn
) -> JSONResponse:
    """Change a pre-payment item's quantity (the 1st billing is recalculated)."""
    path = f"/orders/{order_id}/items/{item_id}"
    return await forward(
        services.orders, "PATCH", path, caller, json=body.model_dump(), answer=OrderOut
    )


@router.post("/orders/{order_id}/items/{item_id}/cancel", response_model=OrderOut)
async def cancel_item(
    services: ServicesDep,
    caller: CustomerCaller,
    order_id: UUID,
    item_id: UUID,
    body: NoteIn | None = None,
) -> JSONResponse:
    """Cancel one pre-payment item."""
    path = f"/orders/{order_id}/items/{item_id}/cancel"
    note = (body or NoteIn()).model_dump()
    return await forward(services.orders, "POST", path, caller, json=note, answer=OrderOut)


@router.post(
    "/orders/{order_id}/items/{item_id}/purchase-condition",
    status_code=201,
    response_model=MessageOut,
)
async def purchase_condition(
    services: ServicesDep,
    caller: CustomerCaller,
    order_id: UUID,
    item_id: UUID,
    body: PurchaseConditionIn,
) -> JSONResponse:
    """Ask staff to confirm something with the seller before an item is bought (409 once it is
    bought, or the order is past purchasing: the condition could not be honoured)."""
    condition_possible(await ensure_order_visible(services, caller, order_id), item_id)
    message = {
        "title": body.title,
        "body": body.body,
        "purchase_condition_item_id": str(item_id),
    }
    path = f"/orders/{order_id}/messages"
    return await forward(services.messaging, "POST", path, caller, json=message, answer=MessageOut)


@router.post("/orders/{order_id}/cancel", response_model=OrderOut)
async def cancel_order(
    services: ServicesDep, caller: CustomerCaller, order_id: UUID, body: NoteIn | None = None
) -> JSONResponse:
    """Cancel the whole order (only before the 1st billing is paid)."""
    path = f"/orders/{order_id}/cancel"
    note = (body or NoteIn()).model_dump()
    return await forward(services.orders, "POST", path, caller, json=note, answer=OrderOut)


@router.post("/orders/{order_id}/photos-checked", response_model=OrderOut)
async def photos_checked(
    services: ServicesDep, caller: CustomerCaller, order_id: UUID
) -> JSONResponse:
    """Say the inspection photos were checked (clears the 'check photos' action)."""
    path = f"/orders/{order_id}/photos-checked"
    return await forward(services.orders, "POST", path, caller, answer=OrderOut)


@router.post("/orders/{order_id}/reception-report", response_model=OrderOut)
async def reception_report(
    services: ServicesDep, caller: CustomerCaller, order_id: UUID, body: ReceptionIn
) -> JSONResponse:
    """Report reception: ok (optional public comment) or a problem (with uploaded photo ids)."""
    path = f"/orders/{order_id}/reception-report"
    return await forward(
        services.orders, "POST", path, caller, json=body.model_dump(mode="json"), answer=OrderOut
    )
