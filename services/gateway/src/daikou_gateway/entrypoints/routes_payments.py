"""Billings and payments of an order, the deposit, bank-transfer reports."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Path
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import Caller
from daikou_gateway.application.order_page import ensure_order_visible
from daikou_gateway.entrypoints.deps import Gateway, caller_dependency, forward

JsonBody = Annotated[dict[str, Any], Body()]


def router(gw: Gateway) -> APIRouter:
    """Payment routes (customers; staff may read)."""
    api = APIRouter(tags=["payments"])
    any_caller = Annotated[Caller, Depends(caller_dependency(gw))]
    customer_caller = Annotated[Caller, Depends(caller_dependency(gw, "customer"))]
    payments = gw.services.payments

    @api.get("/orders/{order_id}/billings")
    async def billings(caller: any_caller, order_id: UUID) -> JSONResponse:
        """Both billings of an order with lines, total, paid, due and status."""
        await ensure_order_visible(gw.services, caller, order_id)
        return await forward(
            payments, "GET", "/billings", caller, params={"order_id": str(order_id)}
        )

    @api.post("/orders/{order_id}/billings/{billing_id}/payments")
    async def pay(
        caller: customer_caller, order_id: UUID, billing_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Pay a billing: the deposit first, the rest by `transfer` or `card` (PayPal approve URL)."""
        await ensure_order_visible(gw.services, caller, order_id)
        return await forward(
            payments, "POST", f"/billings/{billing_id}/payments", caller, json=body
        )

    @api.post("/orders/{order_id}/billings/{billing_id}/transfers", status_code=201)
    async def report_transfer(
        caller: customer_caller, order_id: UUID, billing_id: UUID, body: JsonBody
    ) -> JSONResponse:
        """Report a bank transfer made to our account (amount, payer name, date)."""
        await ensure_order_visible(gw.services, caller, order_id)
        return await forward(
            payments, "POST", f"/billings/{billing_id}/transfers", caller, json=body
        )

    @api.post("/card-payments/{paypal_order_id}/capture")
    async def capture(
        caller: customer_caller,
        paypal_order_id: Annotated[
            str, Path(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")
        ],
    ) -> JSONResponse:
        """After approving on PayPal: capture the card payment (the webhook would do it too)."""
        path = f"/card-payments/{paypal_order_id}/capture"
        return await forward(payments, "POST", path, caller)

    @api.get("/deposit")
    async def deposit(caller: customer_caller) -> JSONResponse:
        """The caller's deposit balance and recent entries."""
        return await forward(payments, "GET", f"/deposits/{caller.user_id}", caller)

    return api
