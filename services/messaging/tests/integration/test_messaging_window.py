"""The messaging window on the real database and broker: open while ongoing, open 29 days after the
order ended, closed 31 days after (by the deadline event, and by the clock alone)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from messaging_support import T0, Messaging, Order

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import OrderCancelled, OrderCancelReason, OrderStatusChanged
from daikou_contracts.catalogue.scheduler import DeadlineReached, ScheduleDeadline
from daikou_kit.testing import capture, eventually
from daikou_messaging.adapters.unit_of_work import MessagingUnits
from daikou_messaging.application import order_facts

pytestmark = pytest.mark.integration


async def test_a_post_waits_for_the_order_placed_fact_that_commits_meanwhile(
    messaging: Messaging,
) -> None:
    order = Order(uuid.uuid4(), uuid.uuid4(), [uuid.uuid4()])
    customer = messaging.customer(order.customer_id)
    units = MessagingUnits(messaging.service.database, messaging.settings)

    posting = asyncio.create_task(messaging.post(order, customer))
    await asyncio.sleep(0.2)
    async with units.begin() as uow:
        await order_facts.order_placed(uow, order.placed(T0))
    posted = await posting
    unknown = Order(uuid.uuid4(), order.customer_id, [])
    never = await messaging.post(unknown, customer)

    assert posted.status_code == 201, posted.text
    assert posted.json()["order_id"] == str(order.order_id)
    assert (never.status_code, never.json()["code"]) == (404, "order_not_found")


async def test_window_open_while_ongoing(messaging: Messaging) -> None:
    messaging.clock.set(T0 + timedelta(days=200))
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    customer = messaging.customer(order.customer_id)

    window = await messaging.client.get(f"/orders/{order.order_id}/window", headers=customer)
    posted = await messaging.post(order, customer)

    assert window.status_code == 200, window.text
    assert window.json()["open"] is True
    assert window.json()["closes_at"] is None
    assert posted.status_code == 201, posted.text
    assert posted.json()["author_role"] == "customer"


async def test_window_closes_30_days_after_completion(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    customer = messaging.customer(order.customer_id)
    completed_at = T0 + timedelta(days=10)
    deadline_id = f"order:{order.order_id}:messaging-window"

    async with capture(
        messaging.conn, messaging.infra.names, ScheduleDeadline.routing_key()
    ) as seen:
        await messaging.move(order, OrderStatus.COMPLETED, completed_at)
        scheduled = await seen.wait_for(ScheduleDeadline)
    ours = [s for s in scheduled if s.deadline_id == deadline_id]
    assert len(ours) == 1
    assert ours[0].requester == "messaging"
    assert ours[0].kind == "window_close"
    assert ours[0].due_at == completed_at + timedelta(days=30)

    messaging.clock.set(completed_at + timedelta(days=29))
    window = await messaging.client.get(f"/orders/{order.order_id}/window", headers=customer)
    assert window.json() == {
        "order_id": str(order.order_id),
        "order_status": "completed",
        "open": True,
        "closes_at": (completed_at + timedelta(days=30)).isoformat().replace("+00:00", "Z"),
    }
    assert (await messaging.post(order, customer)).status_code == 201

    messaging.clock.set(completed_at + timedelta(days=31))
    await messaging.publish(
        DeadlineReached(
            deadline_id=deadline_id,
            requester="messaging",
            kind="window_close",
            due_at=completed_at + timedelta(days=30),
            fired_at=completed_at + timedelta(days=31),
            lateness_ms=86_400_000,
            payload={"order_id": str(order.order_id)},
        ),
        routing_key=DeadlineReached.routing_key_for("messaging"),
    )
    await messaging.wait_until(
        "SELECT window_closed_at IS NOT NULL FROM order_views WHERE order_id = :o",
        True,
        o=order.order_id,
    )

    refused = await messaging.post(order, customer)
    window = await messaging.client.get(f"/orders/{order.order_id}/window", headers=customer)
    assert refused.status_code == 409
    assert refused.json()["code"] == "window_closed"
    assert "closed" in refused.json()["detail"]
    assert window.json()["open"] is False
    staff_answer = await messaging.post(order, messaging.staff(), title="Re: question")
    assert staff_answer.status_code == 201, staff_answer.text


async def test_window_judged_by_clock_when_deadline_is_late(messaging: Messaging) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)
    cancelled_at = T0 + timedelta(days=1)
    await messaging.publish(
        OrderCancelled(
            order_id=order.order_id,
            customer_id=order.customer_id,
            reason=OrderCancelReason.CUSTOMER,
            cancelled_at=cancelled_at,
        )
    )
    await messaging.wait_until(
        "SELECT status FROM order_views WHERE order_id = :o", "cancelled", o=order.order_id
    )

    messaging.clock.set(cancelled_at + timedelta(days=29, hours=23))
    assert (await messaging.post(order, customer)).status_code == 201
    messaging.clock.set(cancelled_at + timedelta(days=31))
    refused = await messaging.post(order, customer)

    assert refused.status_code == 409
    assert refused.json()["code"] == "window_closed"


async def test_older_fact_never_reopens_an_ended_order(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    ended_at = T0 + timedelta(days=3)
    await messaging.move(order, OrderStatus.COMPLETED, ended_at)
    late = await messaging.publish(
        OrderStatusChanged(
            order_id=order.order_id,
            customer_id=order.customer_id,
            from_status=OrderStatus.AT_WAREHOUSE,
            to_status=OrderStatus.AWAITING_SECOND_PAYMENT,
            reason="late",
            changed_at=T0 + timedelta(days=1),
        )
    )
    await messaging.wait_until("SELECT count(*) FROM inbox WHERE message_id = :m", 1, m=late)
    messaging.clock.set(ended_at + timedelta(days=31))

    window = await messaging.client.get(
        f"/orders/{order.order_id}/window", headers=messaging.customer(order.customer_id)
    )

    assert window.json()["order_status"] == "completed"
    assert window.json()["open"] is False


async def test_status_before_placement_builds_the_view_lazily(messaging: Messaging) -> None:

    order = Order(uuid.uuid4(), uuid.uuid4(), [uuid.uuid4()])
    await messaging.publish(
        OrderStatusChanged(
            order_id=order.order_id,
            customer_id=order.customer_id,
            from_status=OrderStatus.APPLIED,
            to_status=OrderStatus.AWAITING_FIRST_PAYMENT,
            reason="estimated",
            changed_at=T0 + timedelta(hours=2),
        )
    )
    await messaging.wait_until(
        "SELECT status FROM order_views WHERE order_id = :o",
        "awaiting_first_payment",
        o=order.order_id,
    )
    await messaging.publish(order.placed(T0))
    await messaging.wait_until(
        "SELECT count(*) FROM order_items WHERE order_id = :o AND pre_payment", 1, o=order.order_id
    )

    window = await messaging.client.get(
        f"/orders/{order.order_id}/window", headers=messaging.customer(order.customer_id)
    )
    assert window.json()["order_status"] == "awaiting_first_payment"


async def test_stray_deadline_leaves_an_ongoing_order_open(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    fired = await messaging.publish(
        DeadlineReached(
            deadline_id=f"order:{order.order_id}:messaging-window",
            requester="messaging",
            kind="window_close",
            due_at=T0,
            fired_at=T0,
            lateness_ms=0,
        ),
        routing_key=DeadlineReached.routing_key_for("messaging"),
    )
    await messaging.wait_until("SELECT count(*) FROM inbox WHERE message_id = :m", 1, m=fired)

    posted = await messaging.post(order, messaging.customer(order.customer_id))

    assert posted.status_code == 201


async def test_early_deadline_asks_again_and_leaves_window_open(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    ended_at = T0 + timedelta(days=1)
    deadline_id = f"order:{order.order_id}:messaging-window"

    async with capture(
        messaging.conn, messaging.infra.names, ScheduleDeadline.routing_key()
    ) as seen:
        await messaging.move(order, OrderStatus.COMPLETED, ended_at)
        messaging.clock.set(ended_at + timedelta(days=10))
        await messaging.publish(
            DeadlineReached(
                deadline_id=deadline_id,
                requester="messaging",
                kind="window_close",
                due_at=ended_at + timedelta(days=10),
                fired_at=ended_at + timedelta(days=10),
                lateness_ms=0,
                payload={"order_id": str(order.order_id)},
            ),
            routing_key=DeadlineReached.routing_key_for("messaging"),
        )

        async def asked_twice() -> bool:
            return (
                len([s for s in seen.of_type(ScheduleDeadline) if s.deadline_id == deadline_id])
                == 2
            )

        await eventually(asked_twice)

    ours = [s for s in seen.of_type(ScheduleDeadline) if s.deadline_id == deadline_id]
    assert {s.due_at for s in ours} == {ended_at + timedelta(days=30)}
    posted = await messaging.post(order, messaging.customer(order.customer_id))
    assert posted.status_code == 201
