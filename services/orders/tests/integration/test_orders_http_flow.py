"""The HTTP API on the real database and broker: placing, estimating, reading, refusing."""

from uuid import uuid4

import aio_pika
import pytest
from orders_support import MakeOrders, customer, ops, place_body

from daikou_contracts.catalogue.orders import OrderEstimated, OrderPlaced, OrderStatusChanged
from daikou_contracts.catalogue.scheduler import ScheduleDeadline
from daikou_kit.testing import Infra, capture, eventually

pytestmark = pytest.mark.integration


async def test_place_estimate_and_read_back(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    async with capture(amqp_connection, infra.names, "orders.#", "scheduler.#") as seen:
        order = await svc.place(buyer)
        assert order["status"] == "applied"
        assert order["order_number"].startswith("DK-20260105-")
        estimated = await svc.estimate(order)
        placed = await seen.wait_for(OrderPlaced)
        billing = await seen.wait_for(OrderEstimated)
        await seen.wait_for(OrderStatusChanged, 2)

        async def own_deadlines() -> bool:  # other tests' services share this broker namespace
            return len(for_order(seen.of_type(ScheduleDeadline), order["order_id"])) >= 2

        await eventually(own_deadlines)
        deadlines = for_order(seen.of_type(ScheduleDeadline), order["order_id"])
    assert placed[0].order_id == billing[0].order_id
    # 2 items x 2 units x 10 CNY x 20 = 800 JPY; shipping 5 CNY x 20 = 100 JPY each; fee min 300
    assert billing[0].total.amount == 800 + 200 + 300
    assert estimated["action_required"] == "pay_first_billing"
    assert {d.kind for d in deadlines} == {"payment_deadline", "payment_reminder"}
    mine = await svc.client.get("/orders?tab=ongoing", headers=customer(buyer))
    assert [o["order_id"] for o in mine.json()["orders"]] == [order["order_id"]]
    other = await svc.client.get(f"/orders/{order['order_id']}", headers=customer(uuid4()))
    assert (other.status_code, other.json()["code"]) == (404, "order_not_found")


def for_order(deadlines: list[ScheduleDeadline], order_id: str) -> list[ScheduleDeadline]:
    """The deadlines asked for this order."""
    return [d for d in deadlines if order_id in d.deadline_id]


async def test_bad_input_is_refused_with_a_reason(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    buyer = uuid4()
    body = place_body()
    body["items"][0]["url"] = "https://www.amazon.co.jp/dp/B000"
    response = await svc.client.post("/orders", json=body, headers=customer(buyer))
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_marketplace_url"
    empty = await svc.client.post(
        "/orders", json={**place_body(), "items": []}, headers=customer(buyer)
    )
    assert empty.status_code == 400
    assert empty.json()["code"] == "empty_order"
    order = await svc.place(buyer)
    refused = await svc.client.post(
        f"/orders/{order['order_id']}/estimate", json={}, headers=customer(buyer)
    )
    assert refused.status_code in (403, 422)
    as_customer = await svc.client.post(
        f"/orders/{order['order_id']}/items/{order['items'][0]['item_id']}/purchased",
        headers=customer(buyer),
    )
    assert as_customer.status_code == 403
    no_token = await svc.client.get(f"/orders/{order['order_id']}")
    assert no_token.status_code == 401
    assert (await svc.client.get(f"/orders/{order['order_id']}", headers=ops())).status_code == 200


async def test_lists_by_tab_and_customer(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    alice, bob = uuid4(), uuid4()
    kept = await svc.place(alice)
    dropped = await svc.place(alice, 1)
    await svc.place(bob)
    cancel = await svc.client.post(f"/orders/{dropped['order_id']}/cancel", headers=customer(alice))
    assert cancel.json()["cancel_reason"] == "customer"
    ongoing = (await svc.client.get("/orders?tab=ongoing", headers=customer(alice))).json()
    assert [o["order_id"] for o in ongoing["orders"]] == [kept["order_id"]]
    assert ongoing["orders"][0]["item_count"] == 2
    cancelled = (await svc.client.get("/orders?tab=cancelled", headers=customer(alice))).json()
    assert [o["order_id"] for o in cancelled["orders"]] == [dropped["order_id"]]
    peek = await svc.client.get(f"/orders?customer_id={bob}", headers=customer(alice))
    assert peek.status_code == 403
    everyone = (await svc.client.get("/orders?limit=2", headers=ops())).json()
    assert (everyone["total"], len(everyone["orders"])) == (3, 2)
    bobs = (await svc.client.get(f"/orders?customer_id={bob}", headers=ops())).json()
    assert {o["customer_id"] for o in bobs["orders"]} == {str(bob)}
    bad_tab = await svc.client.get("/orders?tab=archived", headers=ops())
    assert bad_tab.status_code == 422
