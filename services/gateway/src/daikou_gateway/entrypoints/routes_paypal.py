"""PayPal's side of card payments: where it sends the buyer's browser back, and its webhook."""

from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import PUBLIC_USER, Caller
from daikou_gateway.entrypoints.deps import Gateway, forward
from daikou_kit.errors import PayloadTooLarge

Token = Annotated[str, Query(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")]
MAX_WEBHOOK_BYTES = 64 * 1024
"""PayPal's event notifications are a few KiB; anything far larger is not one."""


def router(gw: Gateway) -> APIRouter:
    """The return and cancel landings and the webhook (no sign-in: PayPal carries no token)."""
    api = APIRouter(tags=["payments"])

    @api.get("/payments/card/return")
    async def approved(token: Token) -> dict[str, str]:
        """The buyer approved at PayPal; PayPal's webhook captures, or the client calls `capture`."""
        return {
            "paypal_order_id": token,
            "status": "approved",
            "detail": "approved at PayPal; the payment is reflected once captured",
            "capture": f"/api/v1/card-payments/{token}/capture",
        }

    @api.get("/payments/card/cancel")
    async def cancelled(token: Token) -> dict[str, str]:
        """The buyer left PayPal without paying; the billing stays due."""
        return {
            "paypal_order_id": token,
            "status": "cancelled",
            "detail": "the card payment was not made; the billing is still due",
        }

    @api.post("/paypal/webhook")
    async def webhook(request: Request) -> JSONResponse:
        """PayPal's event notification, passed to payments as received: payments checks its signature."""
        body = await _capped_body(request)
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("paypal-")}
        headers["content-type"] = request.headers.get("content-type", "application/json")
        caller = Caller(PUBLIC_USER, "system", str(uuid4()))
        return await forward(
            gw.services.payments, "POST", "/paypal/webhook", caller, content=body, headers=headers
        )

    return api


async def _capped_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_WEBHOOK_BYTES:
            raise PayloadTooLarge(
                f"a webhook notification is at most {MAX_WEBHOOK_BYTES} bytes", code="too_large"
            )
    return body
