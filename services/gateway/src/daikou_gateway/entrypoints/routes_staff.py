"""staff_caller routes: ops (estimate, purchase, transfers, deposits, inbox) and warehouse (arrive, inspect,
exchange/return, pack, ship). Customers get 403."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from daikou_contracts.catalogue.common import OrderStatus
from daikou_gateway.entrypoints.deps import (
    OpsCaller,
    ServicesDep,
    SettingsDep,
    StaffCaller,
    forward,
)
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


# Routes for ops staff.
ops_router = APIRouter(prefix="/staff", tags=["staff: ops"])


@ops_router.get("/orders", response_model=OrderListOut)
async def all_orders(
    *,
    services: ServicesDep,
    caller: StaffCaller,
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
    return await forward(
        services.orders, "GET", "/orders", caller, params=params, answer=OrderListOut
    )


@ops_router.post("/orders/{order_id}/estimate", response_model=Order)
async def estimate(
    services: ServicesDep, caller: OpsCaller, order_id: UUID, body: EstimateIn
) -> JSONResponse:
    """Estimate: unit prices, China shipping, service fee, exchange rate (issues the 1st billing)."""
    path = f"/orders/{order_id}/estimate"
    json = body.model_dump(mode="json")
    return await forward(services.orders, "POST", path, caller, json=json, answer=Order)


@ops_router.put("/orders/{order_id}/estimate", response_model=Order)
async def correct_estimate(
    services: ServicesDep, caller: OpsCaller, order_id: UUID, body: EstimateIn
) -> JSONResponse:
    """Correct the estimate while the 1st billing is unpaid: the billing is re-issued as a new
    revision; the payment deadline restarts only when the total rose (409 once paid)."""
    path = f"/orders/{order_id}/estimate"
    json = body.model_dump(mode="json")
    return await forward(services.orders, "PUT", path, caller, json=json, answer=Order)


@ops_router.post("/orders/{order_id}/items/{item_id}/purchased", response_model=Order)
async def purchased(
    services: ServicesDep, caller: OpsCaller, order_id: UUID, item_id: UUID
) -> JSONResponse:
    """Record an item as bought from the seller."""
    path = f"/orders/{order_id}/items/{item_id}/purchased"
    return await forward(services.orders, "POST", path, caller, answer=Order)


@ops_router.post("/orders/{order_id}/items/{item_id}/out-of-stock", response_model=Order)
async def out_of_stock(
    services: ServicesDep,
    caller: OpsCaller,
    order_id: UUID,
    item_id: UUID,
    body: NoteIn | None = None,
) -> JSONResponse:
    """Record an item as out of stock (cancelled; its share refunded to the deposit)."""
    path = f"/orders/{order_id}/items/{item_id}/out-of-stock"
    note = (body or NoteIn()).model_dump()
    return await forward(services.orders, "POST", path, caller, json=note, answer=Order)


@ops_router.post(
    "/orders/{order_id}/items/{item_id}/purchase-condition/answer", response_model=Order
)
async def condition_answer(
    services: ServicesDep, caller: OpsCaller, order_id: UUID, item_id: UUID, body: AnswerIn
) -> JSONResponse:
    """Record the seller's answer to a purchase condition."""
    path = f"/orders/{order_id}/items/{item_id}/purchase-condition/answer"
    return await forward(
        services.orders, "POST", path, caller, json=body.model_dump(), answer=Order
    )


@ops_router.post("/orders/{order_id}/cancel", response_model=Order)
async def cancel(
    services: ServicesDep, caller: OpsCaller, order_id: UUID, body: NoteIn | None = None
) -> JSONResponse:
    """Cancel an order (cannot purchase or forward), with a reason."""
    path = f"/orders/{order_id}/cancel"
    note = (body or NoteIn()).model_dump()
    return await forward(services.orders, "POST", path, caller, json=note, answer=Order)


@ops_router.get("/transfers", response_model=list[TransferOut])
async def transfers(
    services: ServicesDep, caller: OpsCaller, status: TransferStatus = TransferStatus.REPORTED
) -> JSONResponse:
    """Bank-transfer reports waiting for confirmation (or confirmed, rejected)."""
    params = {"status": status.value}
    return await forward(
        services.payments, "GET", "/transfers", caller, params=params, answer=list[TransferOut]
    )


@ops_router.post("/transfers/{transfer_id}/confirm", response_model=TransferOut)
async def confirm(
    services: ServicesDep, caller: OpsCaller, transfer_id: UUID, body: TransferConfirmationIn
) -> JSONResponse:
    """Confirm a reported transfer with the amount received."""
    path = f"/transfers/{transfer_id}/confirm"
    return await forward(
        services.payments, "POST", path, caller, json=body.model_dump(), answer=TransferOut
    )


@ops_router.post("/transfers/{transfer_id}/reject", response_model=TransferOut)
async def reject(
    services: ServicesDep, caller: OpsCaller, transfer_id: UUID, body: TransferRejectionIn
) -> JSONResponse:
    """Reject a reported transfer, with a reason."""
    path = f"/transfers/{transfer_id}/reject"
    return await forward(
        services.payments, "POST", path, caller, json=body.model_dump(), answer=TransferOut
    )


@ops_router.post("/deposits/{customer_id}/top-ups", status_code=201, response_model=DepositOut)
async def top_up(
    services: ServicesDep, caller: OpsCaller, customer_id: UUID, body: TopUpIn
) -> JSONResponse:
    """Credit (or adjust) a customer's deposit."""
    path = f"/deposits/{customer_id}/top-ups"
    json = body.model_dump(mode="json")
    return await forward(services.payments, "POST", path, caller, json=json, answer=DepositOut)


@ops_router.get("/inbox", response_model=InboxOut)
async def inbox(services: ServicesDep, caller: StaffCaller) -> JSONResponse:
    """Unread customer messages across orders."""
    return await forward(services.messaging, "GET", "/inbox", caller, answer=InboxOut)


@ops_router.get("/deadlines/stats", response_model=DeadlineStatsOut)
async def deadline_stats(services: ServicesDep, caller: StaffCaller) -> JSONResponse:
    """Pending deadlines, next due and lateness figures."""
    return await forward(
        services.scheduler, "GET", "/deadlines/stats", caller, answer=DeadlineStatsOut
    )


# Routes for warehouse staff (ops may use them too).
warehouse_router = APIRouter(prefix="/staff", tags=["staff: warehouse"])


@warehouse_router.get("/orders/{order_id}/warehouse", response_model=WarehouseOrderOut)
async def view(services: ServicesDep, caller: StaffCaller, order_id: UUID) -> JSONResponse:
    """Expected items, arrivals, inspections, cases, parcels and shipment of an order."""
    path = f"/orders/{order_id}"
    return await forward(services.warehouse, "GET", path, caller, answer=WarehouseOrderOut)


@warehouse_router.post(
    "/orders/{order_id}/arrivals",
    status_code=201,
    response_model=list[ArrivalOut],
    responses=ARRIVAL_REPEATED,
)
async def arrival(
    services: ServicesDep, caller: StaffCaller, order_id: UUID, body: ArrivalIn
) -> JSONResponse:
    """Record what arrived (item, quantity, seller's tracking number)."""
    path = f"/orders/{order_id}/arrivals"
    json = body.model_dump(mode="json")
    return await forward(
        services.warehouse, "POST", path, caller, json=json, answer=list[ArrivalOut]
    )


@warehouse_router.post(
    "/orders/{order_id}/items/{item_id}/inspection",
    status_code=201,
    openapi_extra=INSPECTION_DOC,
    response_model=InspectionOut,
    responses={**INSPECTION_REPEATED, **UPLOAD_ERRORS},
)
async def inspection(
    *,
    settings: SettingsDep,
    services: ServicesDep,
    caller: StaffCaller,
    order_id: UUID,
    item_id: UUID,
    request: Request,
) -> JSONResponse:
    """Inspect an item: quantity, product type, notes and photos (multipart, see warehouse README)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise InvalidInput("send the inspection as multipart/form-data", code="not_multipart")
    return await forward(
        services.warehouse,
        "POST",
        f"/orders/{order_id}/items/{item_id}/inspection",
        caller,
        content=capped(request, settings.upload_max_bytes * 10),
        headers={"content-type": content_type},
        timeout_s=settings.upload_timeout_s,
        answer=InspectionOut,
    )


@warehouse_router.post(
    "/orders/{order_id}/items/{item_id}/cases", status_code=201, response_model=CaseOut
)
async def open_case(
    services: ServicesDep, caller: StaffCaller, order_id: UUID, item_id: UUID, body: CaseIn
) -> JSONResponse:
    """Open an exchange/return case for a problem item."""
    path = f"/orders/{order_id}/items/{item_id}/cases"
    json = body.model_dump(mode="json")
    return await forward(services.warehouse, "POST", path, caller, json=json, answer=CaseOut)


@warehouse_router.post("/cases/{case_id}/seller-response", response_model=CaseOut)
async def seller_response(
    services: ServicesDep, caller: StaffCaller, case_id: UUID, body: SellerResponseIn
) -> JSONResponse:
    """Record whether the seller accepted the exchange/return."""
    path = f"/cases/{case_id}/seller-response"
    json = body.model_dump(mode="json")
    return await forward(services.warehouse, "POST", path, caller, json=json, answer=CaseOut)


@warehouse_router.post("/cases/{case_id}/resolve", response_model=CaseOut)
async def resolve(
    services: ServicesDep, caller: StaffCaller, case_id: UUID, body: ResolveIn
) -> JSONResponse:
    """Resolve a case (re-arrived or returned) with its local shipping cost."""
    path = f"/cases/{case_id}/resolve"
    json = body.model_dump(mode="json")
    return await forward(services.warehouse, "POST", path, caller, json=json, answer=CaseOut)


@warehouse_router.post("/orders/{order_id}/packing", status_code=201, response_model=PackingOut)
async def packing(
    services: ServicesDep, caller: StaffCaller, order_id: UUID, body: PackingIn
) -> JSONResponse:
    """Pack into parcels (weight, size, method): issues the 2nd billing."""
    path = f"/orders/{order_id}/packing"
    json = body.model_dump(mode="json", exclude_none=True)
    return await forward(services.warehouse, "POST", path, caller, json=json, answer=PackingOut)


@warehouse_router.post(
    "/orders/{order_id}/dispatch", status_code=201, response_model=WarehouseShipmentOut
)
async def dispatch(
    services: ServicesDep, caller: StaffCaller, order_id: UUID, body: DispatchIn
) -> JSONResponse:
    """Ship with carrier and tracking numbers (only after the 2nd billing is paid)."""
    path = f"/orders/{order_id}/dispatch"
    json = body.model_dump(mode="json")
    return await forward(
        services.warehouse, "POST", path, caller, json=json, answer=WarehouseShipmentOut
    )
