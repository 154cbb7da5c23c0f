"""Before payment: the payment deadline cancels, quantity changes recalculate, payment starts purchasing."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import aio_pika
import pytest
from orders_support import (
    MakeOrders,
    billing_paid,
    consumed_beyond,
    customer,
    deadline,
    of_type,
    ops,
    outbox,
    wait_status,
)

from daikou_contracts.catalogue.messaging import PurchaseConditionRequested
from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    FirstBillingRecalculated,
    OrderCancelled,
)
from daikou_kit.testing import Infra, capture, eventually, publish

pytestmark = pytest.mark.integration


async def test_unpaid_at_the_payment_deadline_the_order_cancels_itself(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    order = await svc.estimate(await svc.place(uuid4()))
    # 7 days after Monday 2026-01-05 is Coming of Age Day: the deadline is the end of Tuesday 13th
    due = datetime(2026, 1, 13, 15, tzinfo=UTC)
    assert order["estimate"]["payment_due_at"] == due.isoformat().replace("+00:00", "Z")
    scheduled = of_type(await outbox(svc, order["order_id"]), "scheduler.schedule_deadline")
    assert {(d["kind"], d["due_at"][:19]) for d in scheduled} == {
        ("payment_deadline", due.isoformat()[:19]),
        ("payment_reminder", (due - timedelta(days=1)).isoformat()[:19]),
    }
    async with capture(amqp_connection, infra.names, "orders.customer_reminder_due.v1") as seen:
        svc.clock.advance(svc.settings.payment_period - svc.settings.payment_reminder_before)
        reminder = deadline(order, "payment_reminder", due - svc.settings.payment_reminder_before)
        await publish(
            amqp_connection,
            infra.names,
            reminder,
            routing_key="scheduler.deadline_reached.v1.orders",
        )
        reminded = await seen.wait_for(CustomerReminderDue)
    assert (reminded[0].kind, reminded[0].deadline_at) == ("pay_first_billing", due)
    async with capture(amqp_connection, infra.names, "orders.order_cancelled.v1") as seen:
        svc.clock.advance(svc.settings.payment_reminder_before)
        # an early firing for an older due time does nothing
        await publish(
            amqp_connection,
            infra.names,
            deadline(order, "payment_deadline", due - timedelta(days=1)),
            routing_key="scheduler.deadline_reached.v1.orders",
        )
        fired = deadline(order, "payment_deadline", due)
        for _ in range(
            2
        ):  # delivered twice under different ids: the state guard absorbs the second
            await publish(
                amqp_connection,
                infra.names,
                fired,
                routing_key="scheduler.deadline_reached.v1.orders",
            )
        cancelled = await wait_status(svc, order["order_id"], "cancelled")
        events = await seen.wait_for(OrderCancelled)
    assert events[0].reason == "payment_deadline"
    assert cancelled["cancel_reason"] == "payment_deadline"
    assert cancelled["action_required"] is None
    assert [h["to_status"] for h in cancelled["history"] if h["what"] == "status"] == [
        "applied",
        "awaiting_first_payment",
        "cancelled",
    ]
    messages = await outbox(svc, order["order_id"])
    assert len(of_type(messages, "orders.order_cancelled")) == 1
    assert {c["deadline_id"] for c in of_type(messages, "scheduler.cancel_deadline")} == {
        f"order:{order['order_id']}:payment-reminder",
        f"order:{order['order_id']}:payment-deadline",
    }


async def test_a_quantity_change_recalculates_the_first_billing(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer))
    item = order["items"][0]
    async with capture(
        amqp_connection, infra.names, "orders.first_billing_recalculated.v1"
    ) as seen:
        response = await svc.client.patch(
            f"/orders/{order['order_id']}/items/{item['item_id']}",
            json={"quantity": 5},
            headers=customer(buyer),
        )
        assert response.status_code == 200, response.text
        recalculated = (await seen.wait_for(FirstBillingRecalculated))[0]
    assert recalculated.billing_revision == 2
    assert recalculated.reason == "quantity_changed"
    line = next(ln for ln in recalculated.lines if ln.code == f"item:{item['item_id']}")
    assert (
        line.quantity,
        line.unit_amount.amount if line.unit_amount else None,
        line.amount.amount,
    ) == (5, 200, 1000)
    # items 5x200 + 2x200, shipping 2x100, fee max(5% of 1400, 300) = 300
    assert recalculated.total.amount == 1000 + 400 + 200 + 300
    assert response.json()["estimate"]["total"]["amount"] == recalculated.total.amount
    cancel = await svc.client.post(
        f"/orders/{order['order_id']}/items/{item['item_id']}/cancel",
        json={},
        headers=customer(buyer),
    )
    assert cancel.status_code == 200
    last = of_type(await outbox(svc, order["order_id"]), "orders.first_billing_recalculated")[-1]
    assert (last["billing_revision"], last["reason"], last["total"]["amount"]) == (
        3,
        "item_cancelled",
        400 + 100 + 300,
    )


async def test_after_payment_changes_are_refused_with_a_reason(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer))
    paid = billing_paid(order, "first", order["estimate"]["total"]["amount"])
    message_id = await publish(amqp_connection, infra.names, paid)
    await publish(amqp_connection, infra.names, paid, message_id=message_id)  # an exact duplicate
    purchasing = await wait_status(svc, order["order_id"], "purchasing")
    assert {i["status"] for i in purchasing["items"]} == {"purchasing"}
    assert "billing_mismatch" not in {h["what"] for h in purchasing["history"]}
    item_url = f"/orders/{order['order_id']}/items/{order['items'][0]['item_id']}"
    change = await svc.client.patch(item_url, json={"quantity": 3}, headers=customer(buyer))
    assert (change.status_code, change.json()["code"]) == (409, "not_before_payment")
    cancel = await svc.client.post(f"/orders/{order['order_id']}/cancel", headers=customer(buyer))
    assert cancel.status_code == 409
    assert "before the 1st billing is paid" in cancel.json()["detail"]

    async def one_purchasing_started() -> bool:
        return len(of_type(await outbox(svc, order["order_id"]), "orders.purchasing_started")) == 1

    await eventually(one_purchasing_started)
    messages = await outbox(svc, order["order_id"])
    assert {
        c["deadline_id"].rsplit(":", 1)[1] for c in of_type(messages, "scheduler.cancel_deadline")
    } == {
        "payment-deadline",
        "payment-reminder",
    }
    late = deadline(order, "payment_deadline", svc.clock.now() + svc.settings.payment_period)
    before = len(svc.service.consumers.outcomes)
    await publish(
        amqp_connection, infra.names, late, routing_key="scheduler.deadline_reached.v1.orders"
    )
    again = billing_paid(order, "first", 1)
    await publish(amqp_connection, infra.names, again)  # a second fact about the same billing
    await consumed_beyond(svc, before + 1)
    final = await svc.get(order["order_id"])
    assert final["status"] == "purchasing"
    assert len(final["history"]) == len(purchasing["history"])


async def test_a_purchase_condition_holds_the_item_until_staff_answer(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer))
    item_id = order["items"][0]["item_id"]
    request = PurchaseConditionRequested(
        order_id=UUID(order["order_id"]),
        customer_id=buyer,
        item_id=UUID(item_id),
        question="Is the strap leather?",
        message_id=uuid4(),
    )
    await publish(amqp_connection, infra.names, request)

    async def held() -> bool:
        return bool((await svc.get(order["order_id"]))["items"][0]["held"])

    await eventually(held)
    answer_url = f"/orders/{order['order_id']}/items/{item_id}/purchase-condition/answer"
    refused = await svc.client.post(
        answer_url, json={"answer": "x", "proceed": True}, headers=customer(buyer)
    )
    assert refused.status_code == 403
    answered = await svc.client.post(
        answer_url, json={"answer": "It is vinyl", "proceed": False}, headers=ops()
    )
    assert answered.status_code == 200, answered.text
    item = answered.json()["items"][0]
    assert (item["status"], item["purchase_condition"]["answer"]) == ("cancelled", "It is vinyl")
    messages = await outbox(svc, order["order_id"])
    assert (
        of_type(messages, "orders.purchase_condition_set")[0]["question"] == "Is the strap leather?"
    )
    assert of_type(messages, "orders.purchase_condition_answered")[0]["proceed"] is False
    assert of_type(messages, "orders.first_billing_recalculated")[-1]["reason"] == "item_cancelled"


async def test_a_payment_of_an_older_revision_does_not_start_purchasing(
    orders_app: MakeOrders, infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer))
    first_total = order["estimate"]["total"]["amount"]
    item_url = f"/orders/{order['order_id']}/items/{order['items'][0]['item_id']}"
    change = await svc.client.patch(item_url, json={"quantity": 3}, headers=customer(buyer))
    assert change.status_code == 200, change.text
    revision = change.json()["estimate"]["billing_revision"]
    new_total = change.json()["estimate"]["total"]["amount"]
    before = len(svc.service.consumers.outcomes)
    old = billing_paid(order, "first", first_total, revision=revision - 1)
    await publish(amqp_connection, infra.names, old)
    await consumed_beyond(svc, before)
    waiting = await svc.get(order["order_id"])
    assert waiting["status"] == "awaiting_first_payment"
    assert "earlier_revision_paid" in {h["what"] for h in waiting["history"]}
    current = billing_paid(order, "first", new_total, revision=revision)
    await publish(amqp_connection, infra.names, current)
    purchasing = await wait_status(svc, order["order_id"], "purchasing")
    assert "billing_mismatch" not in {h["what"] for h in purchasing["history"]}
