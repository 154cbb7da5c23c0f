"""Estimates are checked when staff submit them: a fee or total out of range is refused (400)."""

from uuid import uuid4

import pytest
from orders_support import MakeOrders, customer, estimate_body, ops

pytestmark = pytest.mark.integration


async def test_a_negative_fee_or_an_absurd_total_is_refused_and_nothing_changes(
    orders_app: MakeOrders,
) -> None:
    svc = await orders_app(max_billing_total_jpy=1_000_000)
    buyer = uuid4()
    order = await svc.place(buyer)
    path = f"/orders/{order['order_id']}/estimate"
    for fee, status in ((-300, 422), (1_000_001, 400)):  # a negative amount fails the shape
        body = {**estimate_body(order), "service_fee": {"amount": fee, "currency": "JPY"}}
        refused = await svc.client.post(path, json=body, headers=ops())
        assert refused.status_code == status, refused.text
        assert refused.json()["detail"]
    body = {**estimate_body(order), "service_fee": {"amount": 1_000_001, "currency": "JPY"}}
    refused = await svc.client.post(path, json=body, headers=ops())
    assert refused.json()["code"] == "fee_out_of_range"
    huge = await svc.client.post(path, json=estimate_body(order, unit_fen=9_000_000), headers=ops())
    assert (huge.status_code, huge.json()["code"]) == (400, "total_out_of_range")
    assert (await svc.get(order["order_id"]))["status"] == "applied"
    estimated = await svc.estimate(order)
    item = estimated["items"][0]["item_id"]
    too_many = await svc.client.patch(
        f"/orders/{order['order_id']}/items/{item}",
        json={"quantity": 9999},
        headers=customer(buyer),
    )
    assert (too_many.status_code, too_many.json()["code"]) == (400, "total_out_of_range")
    after = await svc.get(order["order_id"])
    assert after["items"][0]["quantity"] == order["items"][0]["quantity"]
    assert after["estimate"]["total"] == estimated["estimate"]["total"]
