"""Estimates are checked when staff submit them: a fee or total out of range is refused (400)."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import aio_pika
import pytest
from orders_support import (
    MakeOrders,
    billing_paid,
    customer,
    estimate_body,
    of_type,
    ops,
    outbox,
    wait_status,
)

from daikou_kit.testing import Infra, publish

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


async def test_staff_correct_an_unpaid_estimate_and_the_deadline_restarts_only_if_it_rose(
    orders_app: MakeOrders,
) -> None:
    svc = await orders_app()
    order = await svc.estimate(await svc.place(uuid4()))
    oid, first_due = order["order_id"], order["estimate"]["payment_due_at"]
    path = f"/orders/{oid}/estimate"
    svc.clock.advance(timedelta(days=2))
    lower = await svc.client.put(path, json=estimate_body(order, unit_fen=800), headers=ops())
    assert lower.status_code == 200, lower.text
    lowered = lower.json()["estimate"]
    assert (lowered["billing_revision"], lowered["payment_due_at"]) == (2, first_due)
    assert lowered["total"]["amount"] < order["estimate"]["total"]["amount"]
    higher = await svc.client.put(path, json=estimate_body(order, unit_fen=1500), headers=ops())
    raised = higher.json()["estimate"]
    assert raised["billing_revision"] == 3
    # corrected on Wednesday 7th 18:00 JST: 7 days later is Wednesday 14th, ends 15th 00:00 JST
    assert datetime.fromisoformat(raised["payment_due_at"]) == datetime(2026, 1, 14, 15, tzinfo=UTC)
    history = higher.json()["history"]
    assert [h["what"] for h in history].count("estimate_corrected") == 2
    messages = await outbox(svc, oid)
    revisions = [m["billing_revision"] for m in of_type(messages, "orders.order_estimated")]
    assert revisions == [1, 2, 3]
    deadlines = of_type(messages, "scheduler.schedule_deadline")
    assert [d["kind"] for d in deadlines] == ["payment_deadline", "payment_reminder"] * 2
    as_customer = await svc.client.put(path, json=estimate_body(order), headers=customer(uuid4()))
    assert as_customer.status_code in (403, 404)


async def test_a_paid_order_is_not_corrected(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    order = await svc.estimate(await svc.place(uuid4()))
    total = order["estimate"]["total"]["amount"]
    await publish(amqp_connection, infra.names, billing_paid(order, "first", total))
    await wait_status(svc, order["order_id"], "purchasing")
    refused = await svc.client.put(
        f"/orders/{order['order_id']}/estimate", json=estimate_body(order), headers=ops()
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "not_correctable")
