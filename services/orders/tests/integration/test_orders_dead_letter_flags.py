"""A message dead-lettered about an order flags it for staff until it is replayed or cleared."""

import json
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import pytest
from orders_support import MakeOrders, Orders, customer, ops

from daikou_contracts.catalogue.dead_letters import DeadLetterReplayed
from daikou_kit.testing import Infra, eventually, publish

pytestmark = pytest.mark.integration


async def _queue(svc: Orders) -> list[dict[str, Any]]:
    response = await svc.client.get("/queues/dead_lettered", headers=ops())
    assert response.status_code == 200, response.text
    return list(response.json()["entries"])


async def _flags(svc: Orders, order_id: str) -> list[str]:
    listed = (await svc.client.get("/orders", headers=ops())).json()["orders"]
    return next(o["flags"] for o in listed if o["order_id"] == order_id)


async def _poison(connection: aio_pika.abc.AbstractConnection, infra: Infra, order_id: str) -> str:
    """A `payments.billing_paid` that names the order but breaks its schema: orders dead-letters it."""
    message_id = str(uuid4())
    body = {
        "message_id": message_id,
        "type": "payments.billing_paid",
        "version": 1,
        "occurred_at": "2026-01-05T00:00:00Z",
        "correlation_id": order_id,
        "payload": {"order_id": order_id, "kind": "first", "total": "a lot"},
    }
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.get_exchange(infra.names.events)
    message = aio_pika.Message(json.dumps(body).encode(), message_id=message_id)
    await exchange.publish(message, routing_key="payments.billing_paid.v1")
    await channel.close()
    return message_id


async def test_a_poison_message_flags_its_order_and_the_applied_replay_clears_it(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    order = await svc.place(uuid4())
    other = await svc.place(uuid4())
    message_id = await _poison(amqp_connection, infra, order["order_id"])

    async def flagged() -> bool:
        return len(await _queue(svc)) == 1

    await eventually(flagged)
    (entry,) = await _queue(svc)
    assert entry["order_id"] == order["order_id"]
    assert entry["order_number"] == order["order_number"]
    assert entry["title"] == "payments.billing_paid v1"
    assert entry["note"].startswith("orders: malformed — MalformedMessage: invalid payload")
    assert await _flags(svc, order["order_id"]) == ["message_dead_lettered"]
    assert await _flags(svc, other["order_id"]) == []
    mine = await svc.client.get("/orders", headers=customer(UUID(order["customer_id"])))
    assert mine.json()["orders"][0]["flags"] == []

    replayed = DeadLetterReplayed(
        order_id=UUID(order["order_id"]),
        service="orders",
        message_id=message_id,
        message_type="payments.billing_paid v1",
        applied_at=svc.clock.now(),
    )
    await publish(amqp_connection, infra.names, replayed, correlation_id=order["order_id"])

    async def cleared() -> bool:
        return await _queue(svc) == []

    await eventually(cleared)
    assert await _flags(svc, order["order_id"]) == []


async def test_staff_clear_an_orders_flags_and_only_ops_may(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    order = await svc.place(uuid4())
    await _poison(amqp_connection, infra, order["order_id"])
    await _poison(amqp_connection, infra, order["order_id"])

    async def both() -> bool:
        return len(await _queue(svc)) == 2

    await eventually(both)
    path = f"/orders/{order['order_id']}/dead-letter-flags/clear"
    refused = await svc.client.post(path, headers=customer(UUID(order["customer_id"])))
    assert refused.status_code == 403
    assert len(await _queue(svc)) == 2
    unknown = await svc.client.post(f"/orders/{uuid4()}/dead-letter-flags/clear", headers=ops())
    assert (unknown.status_code, unknown.json()["code"]) == (404, "order_not_found")
    done = await svc.client.post(path, headers=ops())
    assert done.status_code == 200, done.text
    assert done.json() == {"order_id": order["order_id"], "cleared": 2}
    assert await _queue(svc) == []
    assert await _flags(svc, order["order_id"]) == []


async def test_a_dead_letter_about_an_unknown_order_flags_nothing(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    await _poison(amqp_connection, infra, str(uuid4()))
    known = await svc.place(uuid4())
    await _poison(amqp_connection, infra, known["order_id"])

    async def flagged() -> bool:
        return len(await _queue(svc)) == 1

    await eventually(flagged)
    assert [e["order_id"] for e in await _queue(svc)] == [known["order_id"]]
