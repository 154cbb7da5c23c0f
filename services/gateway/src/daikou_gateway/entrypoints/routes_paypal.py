"""Where PayPal sends the buyer's browser back: a landing the web client turns into a capture call."""

from typing import Annotated

from fastapi import APIRouter, Query

Token = Annotated[str, Query(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")]


def router() -> APIRouter:
    """The return and cancel landings (no sign-in: a browser redirect carries no token)."""
    api = APIRouter(prefix="/payments/card", tags=["payments"])

    @api.get("/return")
    async def approved(token: Token) -> dict[str, str]:
        """The buyer approved at PayPal; PayPal's webhook captures, or the client calls `capture`."""
        return {
            "paypal_order_id": token,
            "status": "approved",
            "detail": "approved at PayPal; the payment is reflected once captured",
            "capture": f"/api/v1/card-payments/{token}/capture",
        }

    @api.get("/cancel")
    async def cancelled(token: Token) -> dict[str, str]:
        """The buyer left PayPal without paying; the billing stays due."""
        return {
            "paypal_order_id": token,
            "status": "cancelled",
            "detail": "the card payment was not made; the billing is still due",
        }

    return api
