"""The PayPal client against the fake PayPal, in-process (no network)."""

import httpx
import pytest

from daikou_fake_paypal import FakePayPalConfig, create_app
from daikou_payments.adapters.paypal import PayPalClient, from_value, read_webhook, to_value
from daikou_payments.application.ports import (
    PaymentNotApproved,
    PaymentProviderError,
    ProviderCapture,
    WebhookNotice,
)


def client(
    app: object,
    secret: str = "daikou-dev-secret",
    transport: httpx.AsyncBaseTransport | None = None,
) -> PayPalClient:
    return PayPalClient(
        "http://paypal",
        "daikou-dev-client",
        secret,
        webhook_id="daikou-dev-webhook",
        return_url="http://shop/return",
        cancel_url="http://shop/cancel",
        transport=transport or httpx.ASGITransport(app=app),  # type: ignore[arg-type]
    )


def test_amounts_are_written_in_paypal_decimal_form() -> None:
    assert (to_value(4184, "JPY"), to_value(1005, "CNY")) == ("4184", "10.05")
    assert (from_value("4184", "JPY"), from_value("10.05", "CNY")) == (4184, 1005)


async def test_create_approve_capture_and_capture_again() -> None:
    app = create_app(FakePayPalConfig(base_url="http://paypal"))
    paypal = client(app)
    order = await paypal.create_order("ref-1", 4184, "JPY", "1st billing")
    assert order.approve_url == f"http://paypal/checkoutnow?token={order.order_id}"
    with pytest.raises(PaymentNotApproved, match="not been approved"):
        await paypal.capture(order.order_id)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://paypal"
    ) as buyer:
        approved = await buyer.post(f"/checkoutnow/{order.order_id}/approve")
    assert approved.json()["redirect"] == f"http://shop/return?token={order.order_id}"
    first = await paypal.capture(order.order_id)
    assert (first.amount, first.currency) == (4184, "JPY")
    assert await paypal.capture(order.order_id) == first
    again = await paypal.create_order("ref-1", 4184, "JPY", "1st billing")
    assert again.order_id == order.order_id  # same PayPal-Request-Id, same order
    await paypal.aclose()


async def test_webhook_signatures_are_verified_by_paypal() -> None:
    app = create_app(FakePayPalConfig(base_url="http://paypal"))
    paypal = client(app)
    order = await paypal.create_order("ref-2", 100, "JPY", "2nd billing")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://paypal"
    ) as buyer:
        await buyer.post(f"/checkoutnow/{order.order_id}/approve")
        [delivery] = (await buyer.get("/fake/webhooks")).json()
    assert await paypal.verify_webhook(delivery["headers"], delivery["event"])
    forged = {**delivery["headers"], "paypal-transmission-sig": "AAAA"}
    assert not await paypal.verify_webhook(forged, delivery["event"])
    assert not await paypal.verify_webhook(delivery["headers"], {**delivery["event"], "id": "WH-X"})
    await paypal.aclose()


async def test_a_webhook_without_paypal_headers_is_refused_without_asking_paypal() -> None:
    paypal = client(create_app(FakePayPalConfig()), secret="wrong")  # asking would raise
    event = {"id": "WH-1", "event_type": "CHECKOUT.ORDER.APPROVED", "resource": {}}
    assert not await paypal.verify_webhook({}, event)
    partial = {"paypal-transmission-id": "x", "paypal-transmission-sig": "AAAA"}
    assert not await paypal.verify_webhook(partial, event)
    await paypal.aclose()


async def test_wrong_credentials_are_a_provider_error() -> None:
    paypal = client(create_app(FakePayPalConfig()), secret="wrong")
    with pytest.raises(PaymentProviderError, match="401"):
        await paypal.create_order("ref-3", 100, "JPY", "x")
    await paypal.aclose()


async def test_a_browser_approving_is_sent_back_to_the_return_page() -> None:
    app = create_app(FakePayPalConfig(base_url="http://paypal"))
    paypal = client(app)
    order = await paypal.create_order("ref-browser", 4184, "JPY", "1st billing")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://paypal"
    ) as browser:
        page = await browser.get(f"/checkoutnow?token={order.order_id}")
        approved = await browser.post(
            f"/checkoutnow/{order.order_id}/approve", data={"browser": "1"}
        )
    assert "id='pay-now'" in page.text
    assert approved.status_code == 303
    assert approved.headers["location"] == f"http://shop/return?token={order.order_id}"
    assert (await paypal.capture(order.order_id)).amount == 4184
    await paypal.aclose()


class ClosesFirst(httpx.AsyncBaseTransport):
    """The fake PayPal behind connections that the server closes unanswered `drops` times."""

    def __init__(self, app: object, drops: int) -> None:
        self._inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        self.drops = drops
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.drops > 0:
            self.drops -= 1
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return await self._inner.handle_async_request(request)


async def test_a_connection_closed_unanswered_is_tried_once_more() -> None:
    app = create_app(FakePayPalConfig(base_url="http://paypal"))
    transport = ClosesFirst(app, drops=1)
    paypal = client(app, transport=transport)
    order = await paypal.create_order("ref-9", 500, "JPY", "1st billing")
    assert order.order_id
    assert transport.calls == 3  # the token twice (the first dropped), then the order
    await paypal.aclose()


async def test_a_connection_closed_twice_is_a_provider_error() -> None:
    app = create_app(FakePayPalConfig(base_url="http://paypal"))
    transport = ClosesFirst(app, drops=2)
    paypal = client(app, transport=transport)
    with pytest.raises(PaymentProviderError, match="unreachable: RemoteProtocolError"):
        await paypal.create_order("ref-10", 500, "JPY", "1st billing")
    assert transport.calls == 2
    await paypal.aclose()


def test_a_webhook_is_read_as_a_typed_notice() -> None:
    completed = {
        "event_type": "PAYMENT.CAPTURE.COMPLETED",
        "resource": {
            "id": "CAP-1",
            "amount": {"currency_code": "CNY", "value": "10.05"},
            "supplementary_data": {"related_ids": {"order_id": "ORDER-1"}},
        },
    }
    broken = {**completed, "resource": {"supplementary_data": {"related_ids": {"order_id": "O"}}}}

    notice = read_webhook(completed)
    assert notice is not None
    assert (notice.order_id, notice.capture) == ("ORDER-1", ProviderCapture("CAP-1", 1005, "CNY"))
    assert read_webhook(broken) == WebhookNotice("PAYMENT.CAPTURE.COMPLETED", "O")
    approved = read_webhook({"event_type": "CHECKOUT.ORDER.APPROVED", "resource": {"id": "X"}})
    assert approved == WebhookNotice("CHECKOUT.ORDER.APPROVED", "X")
    assert read_webhook({"event_type": "PAYMENT.CAPTURE.DENIED"}) is None
