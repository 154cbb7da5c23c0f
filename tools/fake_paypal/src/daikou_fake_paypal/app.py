"""The fake PayPal's HTTP endpoints: the real Checkout v2 paths, plus buyer approval and re-sending."""

from __future__ import annotations

import asyncio
import base64
import hmac
import logging
from collections.abc import Callable
from typing import Annotated, Any

import httpx
from fastapi import FastAPI, Form, Header, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from daikou_fake_paypal.state import FakePayPalConfig, FakeState, new_id, now_iso

log = logging.getLogger(__name__)

__all__ = ["FakePayPalConfig", "create_app"]


def _error(status: int, name: str, issue: str) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={"name": name, "message": issue, "details": [{"issue": issue}]},
    )


def create_app(
    config: FakePayPalConfig, webhook_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """The fake's app; `webhook_transport` lets tests deliver webhooks in-process."""
    state = FakeState(config)
    app = FastAPI(title="Fake PayPal")
    app.state.fake = state
    sender = WebhookSender(config, webhook_transport)
    _checkout_routes(app, state, sender)
    _buyer_and_test_routes(app, state, sender)
    return app


class WebhookSender:
    """Delivers webhook events to the configured URL."""

    def __init__(
        self, config: FakePayPalConfig, transport: httpx.AsyncBaseTransport | None
    ) -> None:
        self.config, self.transport = config, transport
        self._sending: set[asyncio.Task[None]] = set()

    async def deliver(self, delivery: dict[str, Any]) -> int | None:
        """Post one delivery now; returns the receiver's status code (None if unreachable)."""
        if not self.config.webhook_url:
            return None
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=10) as client:
                response = await client.post(
                    self.config.webhook_url, json=delivery["event"], headers=delivery["headers"]
                )
            log.info("webhook %s -> %s", delivery["event"]["event_type"], response.status_code)
        except httpx.HTTPError as exc:
            log.warning("webhook delivery failed: %s", exc)
            return None
        return response.status_code

    async def _deliver_quietly(self, delivery: dict[str, Any]) -> None:
        await self.deliver(delivery)

    def send_later(self, delivery: dict[str, Any]) -> None:
        """Post after answering: the receiver may be waiting on the very call that caused it."""
        task = asyncio.get_running_loop().create_task(self._deliver_quietly(delivery))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)


def _checkout_routes(app: FastAPI, state: FakeState, sender: WebhookSender) -> None:
    """The real PayPal paths: token, orders, capture, webhook verification."""
    config = state.config

    def bearer(authorization: str | None) -> None:
        token = (authorization or "").removeprefix("Bearer ")
        if token not in state.tokens:
            raise HTTPException(401, "invalid or missing access token")

    def order_of(order_id: str) -> dict[str, Any]:
        order = state.orders.get(order_id)
        if order is None:
            raise HTTPException(404, "RESOURCE_NOT_FOUND")
        return order

    _order_routes(app, state, sender, bearer, order_of)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": "fake-paypal"}

    @app.post("/v1/oauth2/token")
    async def token(
        grant_type: Annotated[str, Form()], authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        expected = base64.b64encode(f"{config.client_id}:{config.client_secret}".encode()).decode()
        given = (authorization or "").removeprefix("Basic ")
        if not hmac.compare_digest(given, expected) or grant_type != "client_credentials":
            raise HTTPException(401, "invalid_client")
        access = new_id("A21AA")
        state.tokens.add(access)
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 32400,
            "app_id": "APP-FAKE",
            "nonce": now_iso(),
        }

    @app.post("/v1/notifications/verify-webhook-signature")
    async def verify(
        body: dict[str, Any], authorization: Annotated[str | None, Header()] = None
    ) -> Any:
        bearer(authorization)
        event = body.get("webhook_event") or {}
        expected = state.sign(
            str(body.get("transmission_id", "")),
            str(body.get("transmission_time", "")),
            str(event.get("id", "")),
        )
        ok = (
            body.get("webhook_id") == config.webhook_id
            and hmac.compare_digest(str(body.get("transmission_sig", "")), expected)
            and event.get("id") in state.webhooks
        )
        return {"verification_status": "SUCCESS" if ok else "FAILURE"}


def _order_routes(
    app: FastAPI,
    state: FakeState,
    sender: WebhookSender,
    bearer: Callable[[str | None], None],
    order_of: Callable[[str], dict[str, Any]],
) -> None:
    """Create, read and capture checkout orders."""
    config = state.config

    @app.post("/v2/checkout/orders", status_code=201)
    async def create_order(
        body: dict[str, Any],
        authorization: Annotated[str | None, Header()] = None,
        paypal_request_id: Annotated[str | None, Header()] = None,
    ) -> Any:
        bearer(authorization)
        if paypal_request_id and paypal_request_id in state.request_ids:
            return state.orders[state.request_ids[paypal_request_id]]
        units = body.get("purchase_units") or []
        if body.get("intent") != "CAPTURE" or len(units) != 1 or "amount" not in units[0]:
            return _error(422, "UNPROCESSABLE_ENTITY", "INVALID_PARAMETER_VALUE")
        order_id = new_id()
        base = config.base_url
        state.orders[order_id] = {
            "id": order_id,
            "intent": "CAPTURE",
            "status": "CREATED",
            "create_time": now_iso(),
            "purchase_units": [
                {**units[0], "reference_id": units[0].get("reference_id", "default")}
            ],
            "application_context": body.get("application_context", {}),
            "links": [
                {"href": f"{base}/v2/checkout/orders/{order_id}", "rel": "self", "method": "GET"},
                {"href": f"{base}/checkoutnow?token={order_id}", "rel": "approve", "method": "GET"},
                {
                    "href": f"{base}/v2/checkout/orders/{order_id}/capture",
                    "rel": "capture",
                    "method": "POST",
                },
            ],
        }
        if paypal_request_id:
            state.request_ids[paypal_request_id] = order_id
        return state.orders[order_id]

    @app.get("/v2/checkout/orders/{order_id}")
    async def get_order(
        order_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> Any:
        bearer(authorization)
        return order_of(order_id)

    @app.post("/v2/checkout/orders/{order_id}/capture", status_code=201)
    async def capture(order_id: str, authorization: Annotated[str | None, Header()] = None) -> Any:
        bearer(authorization)
        order = order_of(order_id)
        if order["status"] == "COMPLETED":
            return _error(422, "UNPROCESSABLE_ENTITY", "ORDER_ALREADY_CAPTURED")
        if order["status"] != "APPROVED":
            return _error(422, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED")
        unit = order["purchase_units"][0]
        captured = {
            "id": new_id("CAP"),
            "status": "COMPLETED",
            "amount": unit["amount"],
            "final_capture": True,
            "custom_id": unit.get("custom_id", ""),
            "create_time": now_iso(),
            "supplementary_data": {"related_ids": {"order_id": order_id}},
        }
        unit["payments"] = {"captures": [captured]}
        order["status"] = "COMPLETED"
        sender.send_later(state.event("PAYMENT.CAPTURE.COMPLETED", captured, "Payment completed"))
        return order


def _buyer_and_test_routes(app: FastAPI, state: FakeState, sender: WebhookSender) -> None:
    """What the buyer does on PayPal's pages, and the fake's own helpers for tests and the demo."""
    config = state.config

    def order_of(order_id: str) -> dict[str, Any]:
        order = state.orders.get(order_id)
        if order is None:
            raise HTTPException(404, "RESOURCE_NOT_FOUND")
        return order

    @app.get("/checkoutnow", response_class=HTMLResponse)
    async def checkout_page(token: str) -> str:
        order = order_of(token)
        amount = order["purchase_units"][0]["amount"]
        return (
            f"<html><body><h1>Fake PayPal</h1><p>Pay {amount['value']} "
            f"{amount['currency_code']}</p><form method='post' "
            f"action='/checkoutnow/{token}/approve'><input type='hidden' name='browser' value='1'>"
            "<button id='pay-now'>Pay now</button></form>"
            "</body></html>"
        )

    @app.post("/checkoutnow/{order_id}/approve", response_model=None)
    async def approve(order_id: str, request: Request) -> dict[str, str] | RedirectResponse:
        """What the buyer does on PayPal's page: approve; PayPal then notifies and redirects
        (a browser's form post is redirected to the return URL; a script gets the URL as JSON)."""
        order = order_of(order_id)
        if order["status"] == "CREATED":
            order["status"] = "APPROVED"
            order["payer"] = {"payer_id": new_id("PAYER"), "email_address": "buyer@example.com"}
            sender.send_later(
                state.event(
                    "CHECKOUT.ORDER.APPROVED",
                    {k: v for k, v in order.items() if k != "application_context"},
                    "An order has been approved by buyer",
                )
            )
        return_url = order["application_context"].get("return_url", "")
        redirect = f"{return_url}?token={order_id}"
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return RedirectResponse(redirect, status_code=303)
        return {"status": order["status"], "redirect": redirect}

    @app.get("/fake/webhooks")
    async def sent_webhooks() -> list[dict[str, Any]]:
        """Every webhook the fake sent (for tests and the demo)."""
        return list(state.webhooks.values())

    @app.post("/fake/webhooks/{event_id}/resend")
    async def resend(event_id: str) -> dict[str, Any]:
        """Deliver a webhook again, as PayPal does when unsure it arrived."""
        delivery = state.webhooks.get(event_id)
        if delivery is None:
            raise HTTPException(404, "no such webhook")
        return {"status": "resent", "receiver_status": await sender.deliver(delivery)}

    @app.post("/fake/config")
    async def configure(body: dict[str, str]) -> dict[str, str]:
        """Change where webhooks go."""
        config.webhook_url = body.get("webhook_url", config.webhook_url)
        return {"webhook_url": config.webhook_url}
