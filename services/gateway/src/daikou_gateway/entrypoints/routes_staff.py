"""staff_caller routes: ops (estimate, purchase, transfers, deposits, inbox) and warehouse (arrive, inspect,
exchange/return, pack, ship). Customers get 403."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import Caller
from daikou_gateway.entrypoints.deps import Gateway, caller_dependency, forward
from daikou_gateway.entrypoints.routes_messages import UPLOAD_DOC, capped
from daikou_kit.errors import InvalidInput

JsonBody = Annotated[dict[str, Any], Body()]


def ops_router(gw: Gateway) -> APIRouter:
    """Routes for ops staff."""
    api = APIRouter(prefix="/staff", tags=["staff: ops"])
    ops_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops"))]
    staff_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops", "warehouse"))]
    orders, payments = gw.services.orders, gw.services.payments

    @api.get("/orders")
    async def all_orders(
        caller: staff_caller,
        tab: Annotated[str | None, Query(pattern="^(ongoing|completed|cancelled)$")] = None,
        status: Annotated[str | None, Query(max_length=40)] = None,
        customer_id: UUID | None = None,
    ) -> JSONResponse:
        """Every customer's orders, filtered by tab, status or customer."""
        params = {
            "tab": tab,
            "status": status,
            "customer_id": str(customer_id) if customer_id else None,
        }
        return await forward(orders, "GET", "/orders", caller, params=params)

    @api.post("/orders/{order_id}/estimate")
    async def estimate(caller: ops_caller, order_id: UUID, body: JsonBody) -> JSONResponse:
        """Estimate: unit prices, China shipping, service fee, exchange rate (issues the 1st billing)."""
        return await forward(orders, "POST", f"/orders/{order_id}/estimate", caller, json=body)

    @api.post("/orders/{order_id}/items/{item_id}/purchased")
    async def purchased(
        caller: ops_caller, order_id: UUID, item_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Record an item as bought from the seller."""
        path = f"/orders/{order_id}/items/{item_id}/purchased"
        return await forward(orders, "POST", path, caller, json=body)

    @api.post("/orders/{order_id}/items/{item_id}/out-of-stock")
    async def out_of_stock(
        caller: ops_caller, order_id: UUID, item_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Record an item as out of stock (cancelled; its share refunded to the deposit)."""
        path = f"/orders/{order_id}/items/{item_id}/out-of-stock"
        return await forward(orders, "POST", path, caller, json=body)

    @api.post("/orders/{order_id}/items/{item_id}/purchase-condition/answer")
    async def condition_answer(
        caller: ops_caller, order_id: UUID, item_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Record the seller's answer to a purchase condition."""
        path = f"/orders/{order_id}/items/{item_id}/purchase-condition/answer"
        return await forward(orders, "POST", path, caller, json=body)

    @api.post("/orders/{order_id}/cancel")
    async def cancel(caller: ops_caller, order_id: UUID, body: JsonBody) -> JSONResponse:
        """Cancel an order (cannot purchase or forward), with a reason."""
        return await forward(orders, "POST", f"/orders/{order_id}/cancel", caller, json=body)

    @api.get("/transfers")
    async def transfers(
        caller: ops_caller, status: Annotated[str, Query(max_length=40)] = "reported"
    ) -> JSONResponse:
        """Bank-transfer reports waiting for confirmation."""
        return await forward(payments, "GET", "/transfers", caller, params={"status": status})

    @api.post("/transfers/{transfer_id}/confirm")
    async def confirm(caller: ops_caller, transfer_id: UUID, body: JsonBody) -> JSONResponse:
        """Confirm a reported transfer with the amount received."""
        return await forward(
            payments, "POST", f"/transfers/{transfer_id}/confirm", caller, json=body
        )

    @api.post("/transfers/{transfer_id}/reject")
    async def reject(caller: ops_caller, transfer_id: UUID, body: JsonBody) -> JSONResponse:
        """Reject a reported transfer, with a reason."""
        return await forward(
            payments, "POST", f"/transfers/{transfer_id}/reject", caller, json=body
        )

    @api.post("/deposits/{customer_id}/top-ups", status_code=201)
    async def top_up(caller: ops_caller, customer_id: UUID, body: JsonBody) -> JSONResponse:
        """Credit (or adjust) a customer's deposit."""
        path = f"/deposits/{customer_id}/top-ups"
        return await forward(payments, "POST", path, caller, json=body)

    @api.get("/inbox")
    async def inbox(caller: staff_caller) -> JSONResponse:
        """Unread customer messages across orders."""
        return await forward(gw.services.messaging, "GET", "/inbox", caller)

    @api.get("/deadlines/stats")
    async def deadline_stats(caller: staff_caller) -> JSONResponse:
        """Pending deadlines, next due and lateness figures."""
        return await forward(gw.services.scheduler, "GET", "/deadlines/stats", caller)

    return api


def warehouse_router(gw: Gateway) -> APIRouter:
    """Routes for warehouse staff (ops may use them too)."""
    api = APIRouter(prefix="/staff", tags=["staff: warehouse"])
    staff_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops", "warehouse"))]
    warehouse = gw.services.warehouse

    @api.get("/orders/{order_id}/warehouse")
    async def view(caller: staff_caller, order_id: UUID) -> JSONResponse:
        """Expected items, arrivals, inspections, cases, parcels and shipment of an order."""
        return await forward(warehouse, "GET", f"/orders/{order_id}", caller)

    @api.post("/orders/{order_id}/arrivals", status_code=201)
    async def arrival(caller: staff_caller, order_id: UUID, body: JsonBody) -> JSONResponse:
        """Record what arrived (item, quantity, seller's tracking number)."""
        return await forward(warehouse, "POST", f"/orders/{order_id}/arrivals", caller, json=body)

    @api.post("/orders/{order_id}/items/{item_id}/inspection", openapi_extra=UPLOAD_DOC)
    async def inspection(
        caller: staff_caller, order_id: UUID, item_id: UUID, request: Request
    ) -> JSONResponse:
        """Inspect an item: quantity, product type, notes and photos (multipart, see warehouse README)."""
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("multipart/form-data"):
            raise InvalidInput("send the inspection as multipart/form-data", code="not_multipart")
        return await forward(
            warehouse,
            "POST",
            f"/orders/{order_id}/items/{item_id}/inspection",
            caller,
            content=capped(request, gw.settings.upload_max_bytes * 10),
            headers={"content-type": content_type},
            timeout_s=gw.settings.upload_timeout_s,
        )

    @api.post("/orders/{order_id}/items/{item_id}/cases", status_code=201)
    async def open_case(
        caller: staff_caller, order_id: UUID, item_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Open an exchange/return case for a problem item."""
        path = f"/orders/{order_id}/items/{item_id}/cases"
        return await forward(warehouse, "POST", path, caller, json=body)

    @api.post("/cases/{case_id}/seller-response")
    async def seller_response(caller: staff_caller, case_id: UUID, body: JsonBody) -> JSONResponse:
        """Record whether the seller accepted the exchange/return."""
        path = f"/cases/{case_id}/seller-response"
        return await forward(warehouse, "POST", path, caller, json=body)

    @api.post("/cases/{case_id}/resolve")
    async def resolve(caller: staff_caller, case_id: UUID, body: JsonBody) -> JSONResponse:
        """Resolve a case (re-arrived or returned) with its local shipping cost."""
        return await forward(warehouse, "POST", f"/cases/{case_id}/resolve", caller, json=body)

    @api.post("/orders/{order_id}/packing")
    async def packing(caller: staff_caller, order_id: UUID, body: JsonBody) -> JSONResponse:
        """Pack into parcels (weight, size, method): issues the 2nd billing."""
        return await forward(warehouse, "POST", f"/orders/{order_id}/packing", caller, json=body)

    @api.post("/orders/{order_id}/dispatch")
    async def dispatch(caller: staff_caller, order_id: UUID, body: JsonBody) -> JSONResponse:
        """Ship with carrier and tracking numbers (only after the 2nd billing is paid)."""
        return await forward(warehouse, "POST", f"/orders/{order_id}/dispatch", caller, json=body)

    return api
