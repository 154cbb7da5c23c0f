"""Staff work queues and orders per status on the real database: oldest first, staff only."""

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import pytest
from orders_support import MakeOrders, Orders, billing_paid, customer, ops, wait_status

from daikou_contracts.catalogue.messaging import PurchaseConditionRequested
from daikou_kit.testing import Infra, eventually, publish

pytestmark = pytest.mark.integration


async def _queue(svc: Orders, name: str) -> list[dict[str, Any]]:
    response = await svc.client.get(f"/queues/{name}", headers=ops())
    assert response.status_code == 200, response.text
    return list(response.json()["entries"])


async def test_orders_to_estimate_oldest_first_and_counted(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    first = await svc.place(uuid4())
    svc.clock.advance(timedelta(minutes=1))
    second = await svc.place(uuid4())
    svc.clock.advance(timedelta(minutes=1))
    await svc.estimate(await svc.place(uuid4()))
    waiting = await _queue(svc, "estimate")
    assert [e["order_id"] for e in waiting] == [first["order_id"], second["order_id"]]
    assert waiting[0]["waiting_since"] < waiting[1]["waiting_since"]
    counts = (await svc.client.get("/stats/status", headers=ops())).json()["counts"]
    assert counts["applied"] == 2
    assert counts["awaiting_first_payment"] == 1
    assert counts["completed"] == 0


async def test_items_to_purchase_conditions_and_out_of_stock(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    order = await svc.place(uuid4(), items=2)
    asked, plain = (item["item_id"] for item in order["items"])
    await publish(
        amqp_connection,
        infra.names,
        PurchaseConditionRequested(
            order_id=UUID(order["order_id"]),
            customer_id=UUID(order["customer_id"]),
            item_id=UUID(asked),
            question="Only if the box is unopened",
            message_id=uuid4(),
        ),
    )

    async def condition_listed() -> bool:
        return [e["item_id"] for e in await _queue(svc, "conditions")] == [asked]

    await eventually(condition_listed)
    assert (await _queue(svc, "conditions"))[0]["note"] == "Only if the box is unopened"
    order = await svc.estimate(order)
    total = order["estimate"]["total"]["amount"]
    await publish(amqp_connection, infra.names, billing_paid(order, "first", total))
    await wait_status(svc, order["order_id"], "purchasing")
    assert [e["item_id"] for e in await _queue(svc, "purchase")] == [plain]
    path = f"/orders/{order['order_id']}/items/{plain}/out-of-stock"
    assert (await svc.client.post(path, json={}, headers=ops())).status_code == 200
    assert [e["item_id"] for e in await _queue(svc, "out_of_stock")] == [plain]
    assert await _queue(svc, "purchase") == []


async def test_queues_are_for_staff_and_names_are_checked(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    as_customer = await svc.client.get("/queues/estimate", headers=customer(uuid4()))
    assert as_customer.status_code == 403
    assert (await svc.client.get("/stats/status", headers=customer(uuid4()))).status_code == 403
    assert (await svc.client.get("/queues/nonsense", headers=ops())).status_code == 422
    assert (await svc.client.get("/queues/estimate?limit=0", headers=ops())).status_code == 422
