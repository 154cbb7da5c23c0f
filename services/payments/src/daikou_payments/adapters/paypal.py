"""PayPal Checkout REST v2 over httpx: OAuth2 token, create order, capture, webhook verification."""

from __future__ import annotations

import time
from decimal import Decimal

import httpx

from daikou_contracts.json_types import JsonObject
from daikou_contracts.money import MINOR_UNITS
from daikou_payments.application.ports import (
    APPROVED,
    CAPTURE_COMPLETED,
    PaymentNotApproved,
    PaymentProviderError,
    ProviderCapture,
    ProviderOrder,
    WebhookNotice,
)

_TRANSMISSION_HEADERS = {
    "auth_algo": "paypal-auth-algo",
    "cert_url": "paypal-cert-url",
    "transmission_id": "paypal-transmission-id",
    "transmission_sig": "paypal-transmission-sig",
    "transmission_time": "paypal-transmission-time",
}


def to_value(amount: int, currency: str) -> str:
    """Minor units as PayPal's decimal string ("1040" JPY, "10.40" CNY)."""
    exponent = MINOR_UNITS[currency]
    return f"{Decimal(amount).scaleb(-exponent):.{exponent}f}"


def from_value(value: str, currency: str) -> int:
    """PayPal's decimal string as minor units."""
    return int(Decimal(value).scaleb(MINOR_UNITS[currency]))


class PayPalClient:
    """A PayPal REST client against a configurable base URL (live, sandbox or the local fake)."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        webhook_id: str,
        return_url: str,
        cancel_url: str,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout_s, transport=transport)
        self._auth = (client_id, client_secret)
        self._webhook_id = webhook_id
        self._return_url, self._cancel_url = return_url, cancel_url
        self._token: tuple[str, float] | None = None

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def _bearer(self) -> dict[str, str]:
        if self._token is None or self._token[1] < time.monotonic():
            body = await self._call(
                "POST",
                "/v1/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=self._auth,
            )
            expires = float(str(_at(body, "expires_in") or 300))
            self._token = (_text(body, "access_token"), time.monotonic() + expires - 30)
        return {"Authorization": f"Bearer {self._token[0]}"}

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: JsonObject | None = None,
        data: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> JsonObject:
        try:
            try:
                response = await self._http.request(
                    method, path, json=json, data=data, auth=auth, headers=headers
                )
            except httpx.RemoteProtocolError:
                # PayPal closed a kept-alive connection as the call went out on it: nothing was
                # answered, and every call here may be repeated (a token, a read, a verification,
                # or a create or capture under its PayPal-Request-Id), so once more on a new one.
                response = await self._http.request(
                    method, path, json=json, data=data, auth=auth, headers=headers
                )
        except httpx.HTTPError as exc:
            raise PaymentProviderError(f"PayPal unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise PaymentProviderError(
                f"PayPal {path} answered {response.status_code}: {response.text[:300]}"
            )
        result = response.json()
        if not isinstance(result, dict):
            raise PaymentProviderError(f"PayPal {path} answered something else than an object")
        return result

    async def create_order(
        self, reference: str, amount: int, currency: str, description: str
    ) -> ProviderOrder:
        """POST /v2/checkout/orders (intent CAPTURE); returns the id and the approve link."""
        body: JsonObject = {
            "intent": "CAPTURE",
            "purchase_units": [
                {
                    "reference_id": reference,
                    "custom_id": reference,
                    "description": description[:127],
                    "amount": {"currency_code": currency, "value": to_value(amount, currency)},
                }
            ],
            "application_context": {
                "return_url": self._return_url,
                "cancel_url": self._cancel_url,
                "user_action": "PAY_NOW",
                "shipping_preference": "NO_SHIPPING",
            },
        }
        headers = {**await self._bearer(), "PayPal-Request-Id": f"create-{reference}"}
        order = await self._call("POST", "/v2/checkout/orders", json=body, headers=headers)
        approve = next(
            (
                _at(link, "href")
                for link in _items(order, "links")
                if _at(link, "rel") in ("approve", "payer-action")
            ),
            None,
        )
        if approve is None:
            raise PaymentProviderError("PayPal order has no approve link")
        return ProviderOrder(order_id=_text(order, "id"), approve_url=str(approve))

    async def capture(self, order_id: str) -> ProviderCapture:
        """POST /v2/checkout/orders/{id}/capture; an already captured order answers its capture."""
        headers = {**await self._bearer(), "PayPal-Request-Id": f"capture-{order_id}"}
        try:
            order = await self._call(
                "POST", f"/v2/checkout/orders/{order_id}/capture", json={}, headers=headers
            )
        except PaymentProviderError as exc:
            if "ORDER_NOT_APPROVED" in str(exc):
                raise PaymentNotApproved(order_id) from None
            if "ORDER_ALREADY_CAPTURED" not in str(exc):
                raise
            order = await self._call("GET", f"/v2/checkout/orders/{order_id}", headers=headers)
        return _completed_capture(order)

    async def verify_webhook(self, headers: dict[str, str], event: JsonObject) -> bool:
        """POST /v1/notifications/verify-webhook-signature with the delivery's headers.

        A delivery without every transmission header cannot be PayPal's: refused without asking.
        """
        lowered = {k.lower(): v for k, v in headers.items()}
        body: JsonObject = {k: lowered.get(h, "") for k, h in _TRANSMISSION_HEADERS.items()}
        if not all(body.values()):
            return False
        body.update(webhook_id=self._webhook_id, webhook_event=event)
        result = await self._call(
            "POST",
            "/v1/notifications/verify-webhook-signature",
            json=body,
            headers=await self._bearer(),
        )
        return result.get("verification_status") == "SUCCESS"

    def read_webhook(self, event: JsonObject) -> WebhookNotice | None:
        """An order's approval, or its completed capture (with the capture when it is whole)."""
        return read_webhook(event)


def read_webhook(event: JsonObject) -> WebhookNotice | None:
    """The notice in a webhook event: `CHECKOUT.ORDER.APPROVED` or `PAYMENT.CAPTURE.COMPLETED`."""
    kind = str(event.get("event_type", ""))
    if kind == APPROVED:
        return WebhookNotice(kind, str(_at(event, "resource", "id") or ""))
    if kind != CAPTURE_COMPLETED:
        return None
    resource = _at(event, "resource")
    order_id = _at(resource, "supplementary_data", "related_ids", "order_id")
    capture_id, currency = _at(resource, "id"), _at(resource, "amount", "currency_code")
    value = _at(resource, "amount", "value")
    try:
        amount = from_value(str(value), str(currency))
    except (KeyError, ArithmeticError, ValueError):
        amount = None
    if capture_id is None or amount is None:
        return WebhookNotice(kind, str(order_id or ""))  # captured: its order tells how much
    return WebhookNotice(
        kind, str(order_id or ""), ProviderCapture(str(capture_id), amount, str(currency))
    )


def _at(value: object, *path: str) -> object:
    """What a JSON document holds at `path` (None when anything on the way is missing)."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _items(value: object, *path: str) -> list[object]:
    """The JSON list at `path` (empty when missing)."""
    found = _at(value, *path)
    return list(found) if isinstance(found, list) else []


def _text(value: object, *path: str) -> str:
    """The string at `path`; PayPal answering without it is a provider error."""
    found = _at(value, *path)
    if found is None:
        raise PaymentProviderError(f"PayPal answered without {'.'.join(path)}")
    return str(found)


def _completed_capture(order: JsonObject) -> ProviderCapture:
    for unit in _items(order, "purchase_units"):
        for capture in _items(unit, "payments", "captures"):
            if _at(capture, "status") == "COMPLETED":
                currency = _text(capture, "amount", "currency_code")
                return ProviderCapture(
                    capture_id=_text(capture, "id"),
                    amount=from_value(_text(capture, "amount", "value"), currency),
                    currency=currency,
                )
    raise PaymentProviderError(f"PayPal order {order.get('id')} has no completed capture")
