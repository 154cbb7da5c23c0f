"""Concurrent conflicting commands on one order leave it consistent (the order row is locked)."""

import asyncio
from typing import Any
from uuid import uuid4

import pytest
from orders_support import MakeOrders, billing_paid, customer, of_type, outbox

from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application.policy import Policy
from daikou_orders.application.purchasing import on_billing_paid

pytestmark = pytest.mark.integration


async def test_two_concurrent_quantity_changes_are_serialised(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer))
    url = f"/orders/{order['order_id']}/items/{order['items'][0]['item_id']}"
    responses = await asyncio.gather(
        *(svc.client.patch(url, json={"quantity": q}, headers=customer(buyer)) for q in (3, 4, 5))
    )
    assert [r.status_code for r in responses] == [200, 200, 200]
    final = await svc.get(order["order_id"])
    messages = await outbox(svc, order["order_id"])
    changes = of_type(messages, "orders.item_quantity_changed")
    # each change starts from the quantity the previous one left: no lost update
    assert [c["old_quantity"] for c in changes] == [2] + [c["new_quantity"] for c in changes[:-1]]
    assert changes[-1]["new_quantity"] == final["items"][0]["quantity"]
    revisions = of_type(messages, "orders.first_billing_recalculated")
    assert [r["billing_revision"] for r in revisions] == [2, 3, 4]
    assert final["estimate"]["billing_revision"] == 4
    last_line = next(
        ln
        for ln in revisions[-1]["lines"]
        if ln["code"].startswith("item:" + order["items"][0]["item_id"])
    )
    assert last_line["quantity"] == final["items"][0]["quantity"]
    assert revisions[-1]["total"] == final["estimate"]["total"]


async def test_cancel_racing_payment_ends_in_exactly_one_of_them(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    buyer = uuid4()
    orders = [await svc.estimate(await svc.place(buyer, 1)) for _ in range(4)]

    async def pay(order: dict[str, Any]) -> None:
        fact = billing_paid(order, "first", 1)
        database = svc.service.database
        async with database.unit_of_work(correlation_id=order["order_id"]) as uow:
            await on_billing_paid(OrdersUnitOfWork(uow, Policy()), fact)

    async def cancel(order: dict[str, Any]) -> int:
        response = await svc.client.post(
            f"/orders/{order['order_id']}/cancel", headers=customer(buyer)
        )
        return response.status_code

    outcomes = []
    for order in orders:
        status_code, _ = await asyncio.gather(cancel(order), pay(order))
        outcomes.append(status_code)
    for order, status_code in zip(orders, outcomes, strict=True):
        final = await svc.get(order["order_id"])
        messages = await outbox(svc, order["order_id"])
        started = of_type(messages, "orders.purchasing_started")
        cancelled = of_type(messages, "orders.order_cancelled")
        if status_code == 200:
            assert final["status"] == "cancelled"
            assert (len(cancelled), len(started)) == (1, 0)
            assert {i["status"] for i in final["items"]} == {"cancelled"}
        else:
            assert status_code == 409
            assert final["status"] == "purchasing"
            assert (len(cancelled), len(started)) == (0, 1)
            assert {i["status"] for i in final["items"]} == {"purchasing"}
            # the racing payment was of 1 JPY: ops see it did not match the billing
            assert [h["what"] for h in final["history"]][-1] == "billing_mismatch"
        assert (
            len([h for h in final["history"] if h["from_status"] == "awaiting_first_payment"]) == 1
        )
