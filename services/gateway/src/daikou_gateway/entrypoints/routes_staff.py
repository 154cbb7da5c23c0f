"""staff_caller routes: ops (estimate, purchase, transfers, deposits, inbox) and warehouse (arrive, inspect,
exchange/return, pack, ship). Customers get 403."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from daikou_contracts.catalogue.common import OrderStatus
from daikou_gateway.adapters.services import Caller
from daikou_gateway.entrypoints.deps import Gateway, caller_dependency, forward
from daikou_gateway.entrypoints.routes_messages import capped
from daikou_gateway.entrypoints.schemas_common import UPLOAD_ERRORS
from daikou_gateway.entrypoints.schemas_messages import InboxOut
from daikou_gateway.entrypoints.schemas_orders import (
    AnswerIn,
    EstimateIn,
    NoteIn,
    OrderListOut,
    Tab,
)
from daikou_gateway.entrypoints.schemas_orders import OrderOut as Order
from daikou_gateway.entrypoints.schemas_payments import (
    DepositOut,
    TopUpIn,
    TransferConfirmationIn,
    TransferOut,
    TransferRejectionIn,
    TransferStatus,
)
from daikou_gateway.entrypoints.schemas_warehouse import (
    ARRIVAL_EXAMPLE,
    ArrivalIn,
    ArrivalOut,
    CaseIn,
    CaseOut,
    DeadlineStatsOut,
    DispatchIn,
    InspectionOut,
    PackingIn,
    PackingOut,
    ResolveIn,
    SellerResponseIn,
    WarehouseOrderOut,
    WarehouseShipmentOut,
)
from daikou_kit.errors import InvalidInput

INSPECTION_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "quantity_received": {"type": "integer", "minimum": 0, "maximum": 9999},
                        "type_matches": {"type": "boolean"},
                        "notes": {"type": "string", "maxLength": 2000},
                        "problem_noted": {"type": "boolean"},
                        "inspection_id": {"type": "string", "format": "uuid"},
                        "photos": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                    "required": ["quantity_received", "type_matches", "photos"],
                    "examples": [
                        {
                            "quantity_received": 2,
                            "type_matches": True,
                            "notes": "",
                            "photos": ["(the bytes of front.jpg)", "(the bytes of back.jpg)"],
                        }
                    ],
                }
            }
        },
    }
}
ARRIVAL_REPEATED: dict[int | str, dict[str, Any]] = {
    200: {
        "model": list[ArrivalOut],
        "description": "the same package reported again (same `package_id`): what was recorded",
        "content": {"application/json": {"example": [ARRIVAL_EXAMPLE]}},
    }
}
INSPECTION_REPEATED: dict[int | str, dict[str, Any]] = {
    200: {
        "model": InspectionOut,
        "description": "the same inspection sent again (same `inspection_id`): what was recorded",
    }
}
Limit = Annotated[int, Query(ge=1, le=100, description="orders per page")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="orders to skip")]


def ops_router(gw: Gateway) -> APIRouter:
    """Routes for ops staff."""
    api = APIRouter(prefix="/staff", tags=["staff: ops"])
    ops_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops"))]
    staff_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops", "warehouse"))]
    orders, payments = gw.services.orders, gw.services.payments

    @api.get("/orders", response_model=OrderListOut)
    async def all_orders(  # noqa: PLR0917
        caller: staff_caller,
        tab: Tab | None = None,
        status: OrderStatus | None = None,
        customer_id: UUID | None = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> JSONResponse:
        """Every customer's orders, filtered by tab, status or customer, a page at a time."""
        params = {
            "tab": tab.value if tab else None,
            "status": status.value if status else None,
            "customer_id": str(customer_id) if customer_id else None,
            "limit": limit,
            "offset": offset,
        }
        return await forward(orders, "GET", "/orders", caller, params=params, answer=OrderListOut)

    @api.post("/orders/{order_id}/estimate", response_model=Order)
    async def estimate(caller: ops_caller, order_id: UUID, body: EstimateIn) -> JSONResponse:
        """Estimate: unit prices, China shipping, service fee, exchange rate (issues the 1st billing)."""
        path = f"/orders/{order_id}/estimate"
        json = body.model_dump(mode="json")
        return await forward(orders, "POST", path, caller, json=json, answer=Order)

    @api.put("/orders/{order_id}/estimate", response_model=Order)
    async def correct_estimate(
        caller: ops_caller, order_id: UUID, body: EstimateIn
    ) -> JSONResponse:
        """Correct the estimate while the 1st billing is unpaid: the billing is re-issued as a new
        revision; the payment deadline restarts only when the total rose (409 once paid)."""
        path = f"/orders/{order_id}/estimate"
        json = body.model_dump(mode="json")
        return await forward(orders, "PUT", path, caller, json=json, answer=Order)

    @api.post("/orders/{order_id}/items/{item_id}/purchased", response_model=Order)
    async def purchased(caller: ops_caller, order_id: UUID, item_id: UUID) -> JSONResponse:
        """Record an item as bought from the seller."""
        path = f"/orders/{order_id}/items/{item_id}/purchased"
        return await forward(orders, "POST", path, caller, answer=Order)

    @api.post("/orders/{order_id}/items/{item_id}/out-of-stock", response_model=Order)
    async def out_of_stock(
        caller: ops_caller, order_id: UUID, item_id: UUID, body: NoteIn | None = None
    ) -> JSONResponse:
        """Record an item as out of stock (cancelled; its share refunded to the deposit)."""
        path = f"/orders/{order_id}/items/{item_id}/out-of-stock"
        note = (body or NoteIn()).model_dump()
        return await forward(orders, "POST", path, caller, json=note, answer=Order)

    @api.post("/orders/{order_id}/items/{item_id}/purchase-condition/answer", response_model=Order)
    async def condition_answer(
        caller: ops_caller, order_id: UUID, item_id: UUID, body: AnswerIn
    ) -> JSONResponse:
        """Record the seller's answer to a purchase condition."""
        path = f"/orders/{order_id}/items/{item_id}/purchase-condition/answer"
        return await forward(orders, "POST", path, caller, json=body.model_dump(), answer=Order)

    @api.post("/orders/{order_id}/cancel", response_model=Order)
    async def cancel(
        caller: ops_caller, order_id: UUID, body: NoteIn | None = None
    ) -> JSONResponse:
        """Cancel an order (cannot purchase or forward), with a reason."""
        path = f"/orders/{order_id}/cancel"
        note = (body or NoteIn()).model_dump()
        return await forward(orders, "POST", path, caller, json=note, answer=Order)

    @api.get("/transfers", response_model=list[TransferOut])
    async def transfers(
        caller: ops_caller, status: TransferStatus = TransferStatus.REPORTED
    ) -> JSONResponse:
        """Bank-transfer reports waiting for confirmation (or confirmed, rejected)."""
        params = {"status": status.value}
        return await forward(
            payments, "GET", "/transfers", caller, params=params, answer=list[TransferOut]
        )

    @api.post("/transfers/{transfer_id}/confirm", response_model=TransferOut)
    async def confirm(
        caller: ops_caller, transfer_id: UUID, body: TransferConfirmationIn
    ) -> JSONResponse:
        """Confirm a reported transfer with the amount received."""
        path = f"/transfers/{transfer_id}/confirm"
        return await forward(
            payments, "POST", path, caller, json=body.model_dump(), answer=TransferOut
        )

    @api.post("/transfers/{transfer_id}/reject", response_model=TransferOut)
    async def reject(
        caller: ops_caller, transfer_id: UUID, body: TransferRejectionIn
    ) -> JSONResponse:
        """Reject a reported transfer, with a reason."""
        path = f"/transfers/{transfer_id}/reject"
        return await forward(
            payments, "POST", path, caller, json=body.model_dump(), answer=TransferOut
        )

    @api.post("/deposits/{customer_id}/top-ups", status_code=201, response_model=DepositOut)
    async def top_up(caller: ops_caller, customer_id: UUID, body: TopUpIn) -> JSONResponse:
        """Credit (or adjust) a customer's deposit."""
        path = f"/deposits/{customer_id}/top-ups"
        json = body.model_dump(mode="json")
        return await forward(payments, "POST", path, caller, json=json, answer=DepositOut)

    @api.get("/inbox", response_model=InboxOut)
    async def inbox(caller: staff_caller) -> JSONResponse:
        """Unread customer messages across orders."""
        return await forward(gw.services.messaging, "GET", "/inbox", caller, answer=InboxOut)

    @api.get("/deadlines/stats", response_model=DeadlineStatsOut)
    async def deadline_stats(caller: staff_caller) -> JSONResponse:
        """Pending deadlines, next due and lateness figures."""
        return await forward(
            gw.services.scheduler, "GET", "/deadlines/stats", caller, answer=DeadlineStatsOut
        )

    return api


def warehouse_router(gw: Gateway) -> APIRouter:
    """Routes for warehouse staff (ops may use them too)."""
    api = APIRouter(prefix="/staff", tags=["staff: warehouse"])
    staff_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops", "warehouse"))]
    warehouse = gw.services.warehouse

    @api.get("/orders/{order_id}/warehouse", response_model=WarehouseOrderOut)
    async def view(caller: staff_caller, order_id: UUID) -> JSONResponse:
        """Expected items, arrivals, inspections, cases, parcels and shipment of an order."""
        path = f"/orders/{order_id}"
        return await forward(warehouse, "GET", path, caller, answer=WarehouseOrderOut)

    @api.post(
        "/orders/{order_id}/arrivals",
        status_code=201,
        response_model=list[ArrivalOut],
        responses=ARRIVAL_REPEATED,
    )
    async def arrival(caller: staff_caller, order_id: UUID, body: ArrivalIn) -> JSONResponse:
        """Record what arrived (item, quantity, seller's tracking number)."""
        path = f"/orders/{order_id}/arrivals"
        json = body.model_dump(mode="json")
        return await forward(warehouse, "POST", path, caller, json=json, answer=list[ArrivalOut])

    @api.post(
        "/orders/{order_id}/items/{item_id}/inspection",
        status_code=201,
        openapi_extra=INSPECTION_DOC,
        response_model=InspectionOut,
        responses={**INSPECTION_REPEATED, **UPLOAD_ERRORS},
    )
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
            answer=InspectionOut,
        )

    @api.post("/orders/{order_id}/items/{item_id}/cases", status_code=201, response_model=CaseOut)
    async def open_case(
        caller: staff_caller, order_id: UUID, item_id: UUID, body: CaseIn
    ) -> JSONResponse:
        """Open an exchange/return case for a problem item."""
        path = f"/orders/{order_id}/items/{item_id}/cases"
        json = body.model_dump(mode="json")
        return await forward(warehouse, "POST", path, caller, json=json, answer=CaseOut)

    @api.post("/cases/{case_id}/seller-response", response_model=CaseOut)
    async def seller_response(
        caller: staff_caller, case_id: UUID, body: SellerResponseIn
    ) -> JSONResponse:
        """Record whether the seller accepted the exchange/return."""
        path = f"/cases/{case_id}/seller-response"
        json = body.model_dump(mode="json")
        return await forward(warehouse, "POST", path, caller, json=json, answer=CaseOut)

    @api.post("/cases/{case_id}/resolve", response_model=CaseOut)
    async def resolve(caller: staff_caller, case_id: UUID, body: ResolveIn) -> JSONResponse:
        """Resolve a case (re-arrived or returned) with its local shipping cost."""
        path = f"/cases/{case_id}/resolve"
        json = body.model_dump(mode="json")
        return await forward(warehouse, "POST", path, caller, json=json, answer=CaseOut)

    @api.post("/orders/{order_id}/packing", status_code=201, response_model=PackingOut)
    async def packing(caller: staff_caller, order_id: UUID, body: PackingIn) -> JSONResponse:
        """Pack into parcels (weight, size, method): issues the 2nd billing."""
        path = f"/orders/{order_id}/packing"
        json = body.model_dump(mode="json", exclude_none=True)
        return await forward(warehouse, "POST", path, caller, json=json, answer=PackingOut)

    @api.post("/orders/{order_id}/dispatch", status_code=201, response_model=WarehouseShipmentOut)
    async def dispatch(caller: staff_caller, order_id: UUID, body: DispatchIn) -> JSONResponse:
        """Ship with carrier and tracking numbers (only after the 2nd billing is paid)."""
        path = f"/orders/{order_id}/dispatch"
        json = body.model_dump(mode="json")
        return await forward(
            warehouse, "POST", path, caller, json=json, answer=WarehouseShipmentOut
        )

    return api
