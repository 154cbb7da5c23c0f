"""PayPal's side of card payments: where it sends the buyer's browser back, and its webhook."""

from typing import Annotated, Any
from uuid import uuid4

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import PUBLIC_USER
from daikou_gateway.domain.caller import Caller
from daikou_gateway.entrypoints.deps import ServicesDep, forward
from daikou_gateway.entrypoints.schemas_common import ERROR_RESPONSES, UPLOAD_ERRORS
from daikou_gateway.entrypoints.schemas_payments import CardLandingOut, WebhookAckOut
from daikou_kit.actors import Role
from daikou_kit.errors import PayloadTooLarge

Token = Annotated[str, Query(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")]
MAX_WEBHOOK_BYTES = 64 * 1024
"""PayPal's event notifications are a few KiB; anything far larger is not one."""
WEBHOOK_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "PayPal's notification, passed to payments byte for byte (signature checked there)",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "event_type": {"type": "string"},
                        "resource": {"type": "object"},
                    },
                    "required": ["id", "event_type", "resource"],
                    "examples": [
                        {
                            "id": "WH-2WR32451HC0233532-67976317FL4543714",
                            "event_type": "CHECKOUT.ORDER.APPROVED",
                            "resource": {"id": "5O190127TN364715T", "status": "APPROVED"},
                        }
                    ],
                }
            }
        },
    }
}


# The return and cancel landings and the webhook (no sign-in: PayPal carries no token).
router = APIRouter(tags=["payments"], responses=ERROR_RESPONSES)


@router.get("/payments/card/return", response_model=CardLandingOut)
async def approved(token: Token) -> CardLandingOut:
    """The buyer approved at PayPal; PayPal's webhook captures, or the client calls `capture`."""
    return CardLandingOut(
        paypal_order_id=token,
        status="approved",
        detail="approved at PayPal; the payment is reflected once captured",
        capture=f"/api/v1/card-payments/{token}/capture",
    )


@router.get("/payments/card/cancel", response_model=CardLandingOut)
async def cancelled(token: Token) -> CardLandingOut:
    """The buyer left PayPal without paying; the billing stays due."""
    return CardLandingOut(
        paypal_order_id=token,
        status="cancelled",
        detail="the card payment was not made; the billing is still due",
    )


@router.post(
    "/paypal/webhook",
    response_model=WebhookAckOut,
    openapi_extra=WEBHOOK_DOC,
    responses={413: UPLOAD_ERRORS[413]},
)
async def webhook(services: ServicesDep, request: Request) -> JSONResponse:
    """PayPal's event notification, passed to payments as received: payments checks its signature."""
    body = await _capped_body(request)
    headers = {k: v for k, v in request.headers.items() if k.lower().startswith("paypal-")}
    headers["content-type"] = request.headers.get("content-type", "application/json")
    caller = Caller(PUBLIC_USER, Role.SYSTEM, str(uuid4()))
    return await forward(
        services.payments,
        "POST",
        "/paypal/webhook",
        caller,
        content=body,
        headers=headers,
        answer=WebhookAckOut,
    )


async def _capped_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_WEBHOOK_BYTES:
            raise PayloadTooLarge(
                f"a webhook notification is at most {MAX_WEBHOOK_BYTES} bytes", code="too_large"
            )
    return body
