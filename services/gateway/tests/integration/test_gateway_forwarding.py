"""Forwarding to the services: identity headers, ownership, refusals passed on, the page degrading."""

from typing import Any

import pytest
from gateway_support import ORDER, TOKEN, GatewayUnderTest, bearer, place

from daikou_kit.actors import Role

pytestmark = pytest.mark.integration


async def test_placing_forwards_the_caller_as_the_acting_customer(
    gateway: GatewayUnderTest,
) -> None:
    token, account = await gateway.register()
    order = await place(gateway, token)
    assert order["customer_id"] == account["id"]
    service, call, headers, body = gateway.stand_ins.seen[-1]
    assert (service, call) == ("orders", "POST /orders")
    assert headers["x-daikou-internal-token"] == TOKEN
    assert headers["x-daikou-user"] == account["id"]
    assert headers["x-daikou-role"] == "customer"
    assert headers["x-correlation-id"] == "flow-42"
    assert "customer_id" not in body
    before = len(gateway.stand_ins.seen)
    chosen = await gateway.client.post(
        "/api/v1/orders", headers=bearer(token), json={**ORDER, "customer_id": account["id"]}
    )
    assert chosen.status_code == 422  # a client cannot choose whose order it is
    assert chosen.json()["code"] == "invalid_input"
    assert len(gateway.stand_ins.seen) == before


async def test_the_order_list_is_paged(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    for _ in range(3):
        await place(gateway, token)
    response = await gateway.client.get(
        "/api/v1/orders", params={"tab": "ongoing", "limit": 2, "offset": 2}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    listing = response.json()
    assert (listing["total"], listing["limit"], listing["offset"]) == (3, 2, 2)
    assert len(listing["orders"]) == 1
    too_big = await gateway.client.get(
        "/api/v1/orders", params={"limit": 1000}, headers=bearer(token)
    )
    assert too_big.status_code == 422


async def test_the_page_has_seven_parts_and_empty_ones_before_the_services_heard(
    gateway: GatewayUnderTest,
) -> None:
    token, _ = await gateway.register()
    order = await place(gateway, token)
    page = (
        await gateway.client.get(f"/api/v1/orders/{order['order_id']}", headers=bearer(token))
    ).json()
    parts = ["tabs", "progress", "basic_info", "billing", "items", "shipping", "messages"]
    assert all(page[p]["available"] for p in parts), page
    assert page["progress"]["data"]["status"] == "applied"
    assert page["progress"]["data"]["can_cancel"] is True
    assert page["tabs"]["data"][0]["current"] is True
    assert page["billing"]["data"]["first"] is None
    assert page["shipping"]["data"]["tracking_numbers"] == []
    assert page["messages"]["data"]["window"]["open"] is True


async def test_a_service_down_leaves_the_rest_of_the_page(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    order = await place(gateway, token)
    gateway.router.down.add("payments")
    response = await gateway.client.get(
        f"/api/v1/orders/{order['order_id']}", headers=bearer(token)
    )
    assert response.status_code == 200
    page = response.json()
    assert page["billing"]["available"] is False
    assert "payments service is unavailable" in page["billing"]["unavailable_reason"]
    assert page["items"]["available"]
    assert page["progress"]["available"]


async def test_orders_down_still_renders_a_page_without_500(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    order = await place(gateway, token)
    gateway.router.down.add("orders")
    response = await gateway.client.get(
        f"/api/v1/orders/{order['order_id']}", headers=bearer(token)
    )
    assert response.status_code == 200
    page = response.json()
    assert not page["progress"]["available"]
    assert page["messages"]["available"]
    listing = await gateway.client.get("/api/v1/orders", headers=bearer(token))
    assert listing.status_code == 503
    assert listing.json()["code"] == "orders_unavailable"


async def test_another_customer_gets_404_for_the_page_and_for_acting(
    gateway: GatewayUnderTest,
) -> None:
    token_a, _ = await gateway.register()
    token_b, _ = await gateway.register()
    order = await place(gateway, token_a)
    oid = order["order_id"]
    assert (
        await gateway.client.get(f"/api/v1/orders/{oid}", headers=bearer(token_b))
    ).status_code == 404
    cancel = await gateway.client.post(f"/api/v1/orders/{oid}/cancel", headers=bearer(token_b))
    assert cancel.status_code == 404
    billings = await gateway.client.get(f"/api/v1/orders/{oid}/billings", headers=bearer(token_b))
    assert billings.status_code == 404
    assert gateway.stand_ins.orders[oid]["status"] == "applied"


async def test_a_refusal_reaches_the_client_with_its_status_and_reason(
    gateway: GatewayUnderTest,
) -> None:
    token, _ = await gateway.register()
    oid = (await place(gateway, token))["order_id"]
    first = await gateway.client.post(f"/api/v1/orders/{oid}/cancel", headers=bearer(token))
    assert first.status_code == 200
    again = await gateway.client.post(f"/api/v1/orders/{oid}/cancel", headers=bearer(token))
    assert again.status_code == 409
    assert again.json()["detail"] == "the order can no longer be cancelled"


ESTIMATE = {
    "items": [
        {
            "item_id": "00000000-0000-0000-0000-000000000002",
            "unit_price": {"amount": 3280, "currency": "CNY"},
            "domestic_shipping": {"amount": 800, "currency": "CNY"},
        }
    ],
    "rate": {"base": "CNY", "quote": "JPY", "rate": "21.5"},
}


async def test_ops_estimates_through_the_gateway(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    oid = (await place(gateway, token))["order_id"]
    ops = await gateway.staff(Role.OPS)
    response = await gateway.client.post(
        f"/api/v1/staff/orders/{oid}/estimate", headers=bearer(ops), json=ESTIMATE
    )
    assert response.status_code == 200
    assert gateway.stand_ins.seen[-1][2]["x-daikou-role"] == "ops"
    page = (await gateway.client.get(f"/api/v1/orders/{oid}", headers=bearer(token))).json()
    assert page["billing"]["data"]["first"]["total"]["amount"] == 5000
    assert page["progress"]["data"]["action_required"] == "pay_first_billing"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/orders/not-a-uuid", None),
        ("GET", "/api/v1/orders?tab=archived", None),
        (
            "PATCH",
            "/api/v1/orders/00000000-0000-0000-0000-000000000001/items/00000000-0000-0000-0000-000000000002",
            {"quantity": 0},
        ),
        ("POST", "/api/v1/orders", ["not", "an", "object"]),
    ],
)
async def test_invalid_input_gets_a_4xx_with_a_reason(
    gateway: GatewayUnderTest, method: str, path: str, body: Any
) -> None:
    token, _ = await gateway.register()
    response = await gateway.client.request(method, path, headers=bearer(token), json=body)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


async def test_uploads_stream_through_and_are_cut_off_past_the_limit(
    gateway: GatewayUnderTest,
) -> None:
    token, _ = await gateway.register()
    ok = await gateway.client.post(
        "/api/v1/attachments?filename=a.png",
        headers={**bearer(token), "content-type": "image/png"},
        content=b"\x89PNG" + b"0" * 1000,
    )
    assert ok.status_code == 201
    assert ok.json()["size_bytes"] == 1004
    settings = gateway.service.settings
    limit = settings.upload_max_bytes
    too_big = await gateway.client.post(
        "/api/v1/attachments",
        headers={**bearer(token), "content-type": "image/png"},
        content=b"0" * (limit + 1),
    )
    assert too_big.status_code == 413


@pytest.mark.parametrize(
    ("sent", "seen"),
    [("写真.png".encode(), "写真.png"), (b"a\xff.png", "a\xff.png"), (b"x" * 300, "x" * 200)],
    ids=["utf-8", "latin-1", "long"],
)
async def test_a_raw_upload_named_in_x_filename_reaches_messaging_as_its_filename(
    gateway: GatewayUnderTest, sent: bytes, seen: str
) -> None:
    token, _ = await gateway.register()
    response = await gateway.client.post(
        "/api/v1/attachments",
        headers={**bearer(token), "content-type": "image/png", "x-filename": sent},  # type: ignore[dict-item]
        content=b"\x89PNG" + b"0" * 100,
    )
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == seen


WEBHOOK = b'{"id": "WH-1", "event_type": "CHECKOUT.ORDER.APPROVED", "resource": {"id": "5O19"}}'


async def test_paypal_webhook_reaches_payments_as_sent(gateway: GatewayUnderTest) -> None:
    response = await gateway.client.post(
        "/paypal/webhook",
        content=WEBHOOK,
        headers={
            "content-type": "application/json",
            "paypal-transmission-id": "t-1",
            "paypal-transmission-sig": "good-signature",
            "authorization": "Bearer not-forwarded",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "captured"}
    service, call, headers, body = gateway.stand_ins.seen[-1]
    assert (service, call) == ("payments", "POST /paypal/webhook")
    assert body == WEBHOOK  # byte for byte: the signature covers the exact body
    assert headers["paypal-transmission-id"] == "t-1"
    assert headers["x-daikou-internal-token"] == TOKEN
    assert headers["x-daikou-role"] == "system"
    assert "authorization" not in headers


async def test_a_webhook_payments_cannot_verify_is_refused(gateway: GatewayUnderTest) -> None:
    response = await gateway.client.post(
        "/paypal/webhook", content=WEBHOOK, headers={"paypal-transmission-sig": "forged"}
    )
    assert response.status_code == 400
    assert "signature" in response.json()["detail"]


async def test_an_oversized_webhook_is_refused_before_payments(gateway: GatewayUnderTest) -> None:
    seen = len(gateway.stand_ins.seen)
    response = await gateway.client.post(
        "/paypal/webhook",
        content=b"{" + b" " * (64 * 1024) + b"}",
        headers={"paypal-transmission-sig": "good-signature"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert len(gateway.stand_ins.seen) == seen
