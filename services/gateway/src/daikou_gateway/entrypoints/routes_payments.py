"""Billings and payments of an order, the deposit, bank-transfer reports."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from daikou_gateway.application.order_page import ensure_order_visible
from daikou_gateway.entrypoints.deps import AnyCaller, CustomerCaller, ServicesDep, forward
from daikou_gateway.entrypoints.schemas_payments import (
    BillingOut,
    DepositOut,
    OrderBillingsOut,
    PaymentIn,
    PaymentOut,
    TransferOut,
    TransferReportIn,
)

# Payment routes (customers; staff may read).
router = APIRouter(tags=["payments"])


@router.get("/orders/{order_id}/billings", response_model=OrderBillingsOut)
async def billings(services: ServicesDep, caller: AnyCaller, order_id: UUID) -> JSONResponse:
    """Both billings of an order with lines, total, paid, due and status."""
    await ensure_order_visible(services, caller, order_id)
    params = {"order_id": str(order_id)}
    return await forward(
        services.payments, "GET", "/billings", caller, params=params, answer=OrderBillingsOut
    )


@router.post("/orders/{order_id}/billings/{billing_id}/payments", response_model=PaymentOut)
async def pay(
    services: ServicesDep, caller: CustomerCaller, order_id: UUID, billing_id: UUID, body: PaymentIn
) -> JSONResponse:
    """Pay a billing: the deposit first, the rest by `transfer` or `card` (PayPal approve URL)."""
    await ensure_order_visible(services, caller, order_id)
    path = f"/billings/{billing_id}/payments"
    return await forward(
        services.payments,
        "POST",
        path,
        caller,
        json=body.model_dump(mode="json"),
        answer=PaymentOut,
    )


@router.post(
    "/orders/{order_id}/billings/{billing_id}/transfers",
    status_code=201,
    response_model=TransferOut,
)
async def report_transfer(
    services: ServicesDep,
    caller: CustomerCaller,
    order_id: UUID,
    billing_id: UUID,
    body: TransferReportIn,
) -> JSONResponse:
    """Report a bank transfer made to our account (amount, payer name, date)."""
    await ensure_order_visible(services, caller, order_id)
    path = f"/billings/{billing_id}/transfers"
    return await forward(
        services.payments,
        "POST",
        path,
        caller,
        json=body.model_dump(mode="json"),
        answer=TransferOut,
    )


@router.post("/card-payments/{paypal_order_id}/capture", response_model=BillingOut)
async def capture(
    services: ServicesDep,
    caller: CustomerCaller,
    paypal_order_id: Annotated[str, Path(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")],
) -> JSONResponse:
    """After approving on PayPal: capture the card payment (the webhook would do it too)."""
    path = f"/card-payments/{paypal_order_id}/capture"
    return await forward(services.payments, "POST", path, caller, answer=BillingOut)


@router.get("/deposit", response_model=DepositOut)
async def deposit(services: ServicesDep, caller: CustomerCaller) -> JSONResponse:
    """The caller's deposit balance and recent entries."""
    path = f"/deposits/{caller.user_id}"
    return await forward(services.payments, "GET", path, caller, answer=DepositOut)
