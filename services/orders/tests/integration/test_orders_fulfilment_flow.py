"""After payment: purchasing, warehouse facts, shipment, auto-completion and the reception report."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import pytest
from orders_support import (
    MakeOrders,
    Orders,
    billing_paid,
    consumed_beyond,
    customer,
    deadline,
    of_type,
    ops,
    outbox,
    wait_status,
)

from daikou_contracts.catalogue.warehouse import (
    CaseKind,
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectedItem,
    InspectionCompleted,
    InspectionResult,
    ItemArrived,
    ItemInspected,
    PackingCompleted,
    Parcel,
    ShipmentDispatched,
)
from daikou_contracts.money import Money
from daikou_kit.testing import Infra, eventually, publish

pytestmark = pytest.mark.integration
Conn = aio_pika.abc.AbstractRobustConnection
DEADLINES = "scheduler.deadline_reached.v1.orders"


async def _purchased(
    svc: Orders, conn: Conn, infra: Infra, buyer: UUID, items: int = 1
) -> dict[str, Any]:
    order = await svc.estimate(await svc.place(buyer, items))
    await publish(
        conn, infra.names, billing_paid(order, "first", order["estimate"]["total"]["amount"])
    )
    await wait_status(svc, order["order_id"], "purchasing")
    for item in order["items"]:
        url = f"/orders/{order['order_id']}/items/{item['item_id']}/purchased"
        response = await svc.client.post(url, headers=ops())
        assert response.status_code == 200, response.text
    return order


def _warehouse_facts(order: dict[str, Any]) -> list[Any]:
    oid, now = UUID(order["order_id"]), datetime.now(UTC)
    item = UUID(order["items"][0]["item_id"])
    return [
        ItemArrived(
            arrival_id=uuid4(),
            order_id=oid,
            item_id=item,
            quantity=2,
            total_arrived=2,
            expected_quantity=2,
            arrived_at=now,
        ),
        ItemInspected(
            inspection_id=uuid4(),
            order_id=oid,
            item_id=item,
            result=InspectionResult.OK,
            quantity_received=2,
            type_matches=True,
            photo_ids=["p1"],
            inspected_at=now,
        ),
        InspectionCompleted(
            order_id=oid,
            items=[InspectedItem(item_id=item, result=InspectionResult.OK)],
            completed_at=now,
        ),
    ]


def _packed(order: dict[str, Any]) -> PackingCompleted:
    parcel = Parcel(
        parcel_id=uuid4(),
        weight_g=800,
        length_cm=30,
        width_cm=20,
        height_cm=10,
        chargeable_weight_g=1200,
        fee=Money.jpy(2400),
    )
    return PackingCompleted(
        order_id=UUID(order["order_id"]),
        method="EMS",
        destination="JP",
        parcels=[parcel],
        international_fee=Money.jpy(2400),
        packed_at=datetime.now(UTC),
    )


def _dispatched(order: dict[str, Any], at: datetime) -> ShipmentDispatched:
    return ShipmentDispatched(
        shipment_id=uuid4(),
        order_id=UUID(order["order_id"]),
        carrier="Japan Post",
        method="EMS",
        tracking_numbers=["EJ123456789CN"],
        dispatched_at=at,
    )


async def test_paid_then_shipped_then_auto_completed(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await _purchased(svc, amqp_connection, infra, buyer)
    oid = order["order_id"]
    for fact in _warehouse_facts(order):
        await publish(amqp_connection, infra.names, fact)
    at_warehouse = await wait_status(svc, oid, "at_warehouse")

    async def photos_to_check() -> bool:
        return bool((await svc.get(oid))["action_required"] == "check_photos")

    await eventually(photos_to_check)
    svc.clock.advance(timedelta(minutes=10))
    checked = await svc.client.post(f"/orders/{oid}/photos-checked", headers=customer(buyer))
    assert (checked.status_code, checked.json()["action_required"]) == (200, None)
    assert at_warehouse["items"][0]["status"] in ("arrived", "inspected")
    await publish(amqp_connection, infra.names, _packed(order))
    packed = await wait_status(svc, oid, "awaiting_second_payment")
    assert packed["action_required"] == "pay_second_billing"
    await publish(amqp_connection, infra.names, billing_paid(order, "second", 2400))

    async def second_paid() -> bool:
        return (await svc.get(oid))["action_required"] is None

    await eventually(second_paid)
    await publish(amqp_connection, infra.names, _dispatched(order, svc.clock.now()))
    shipped = await wait_status(svc, oid, "shipped")
    assert shipped["action_required"] == "report_reception"
    assert shipped["shipment"]["tracking_numbers"] == ["EJ123456789CN"]
    auto_at = svc.clock.now() + svc.settings.auto_complete_period
    scheduled = {
        d["kind"]: d["due_at"][:19]
        for d in of_type(await outbox(svc, oid), "scheduler.schedule_deadline")
    }
    assert scheduled["auto_complete"] == auto_at.isoformat()[:19]
    assert scheduled["reception_reminder"] == (auto_at - timedelta(days=3)).isoformat()[:19]

    late = _warehouse_facts(order)[0]  # an arrival delivered again, late
    await publish(amqp_connection, infra.names, late)
    svc.clock.advance(svc.settings.auto_complete_period - timedelta(days=3))
    await publish(
        amqp_connection,
        infra.names,
        deadline(order, "reception_reminder", auto_at - timedelta(days=3)),
        routing_key=DEADLINES,
    )

    async def reminded() -> bool:  # handled before the next deadline (they may share no commit)
        reminders = of_type(await outbox(svc, oid), "orders.customer_reminder_due")
        return bool(reminders)

    await eventually(reminded)
    svc.clock.advance(timedelta(days=3))
    await publish(
        amqp_connection,
        infra.names,
        deadline(order, "auto_complete", auto_at),
        routing_key=DEADLINES,
    )
    completed = await wait_status(svc, oid, "completed")
    assert completed["completion_reason"] == "auto_complete"
    assert completed["items"][0]["status"] == "inspected"
    messages = await outbox(svc, oid)
    assert [p["reason"] for p in of_type(messages, "orders.order_completed")] == ["auto_complete"]
    assert [p["kind"] for p in of_type(messages, "orders.customer_reminder_due")] == [
        "report_reception"
    ]
    statuses = [p["to_status"] for p in of_type(messages, "orders.order_status_changed")]
    assert statuses == [
        "applied",
        "awaiting_first_payment",
        "purchasing",
        "at_warehouse",
        "awaiting_second_payment",
        "shipped",
        "completed",
    ]


async def test_a_problem_reception_report_completes_and_carries_the_photos(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    happy = await _purchased(svc, amqp_connection, infra, buyer)
    unhappy = await _purchased(svc, amqp_connection, infra, buyer)
    for order in (happy, unhappy):
        await publish(amqp_connection, infra.names, _dispatched(order, svc.clock.now()))
        await wait_status(svc, order["order_id"], "shipped")
    photos = [str(uuid4()), str(uuid4())]
    problem = await svc.client.post(
        f"/orders/{unhappy['order_id']}/reception-report",
        json={"result": "problem", "comment": "The mug arrived broken", "attachment_ids": photos},
        headers=customer(buyer),
    )
    assert problem.status_code == 200, problem.text
    assert problem.json()["status"] == "completed"
    reported = of_type(await outbox(svc, unhappy["order_id"]), "orders.reception_reported")
    assert (reported[0]["result"], reported[0]["attachment_ids"]) == ("problem", photos)
    ok = await svc.client.post(
        f"/orders/{happy['order_id']}/reception-report",
        json={"result": "ok", "comment": "Arrived in very good condition.", "public": True},
        headers=customer(buyer),
    )
    assert ok.json()["reception_report"]["public"] is True
    again = await svc.client.post(
        f"/orders/{happy['order_id']}/reception-report",
        json={"result": "ok"},
        headers=customer(buyer),
    )
    assert again.status_code == 409
    feedback = await svc.client.get("/feedback/recent", headers=customer(uuid4()))
    assert [f["comment"] for f in feedback.json()] == ["Arrived in very good condition."]
    done = await svc.client.get("/orders?tab=completed", headers=customer(buyer))
    assert done.json()["total"] == 2
    late = deadline(happy, "auto_complete", datetime.now(UTC))
    before = len(svc.service.consumers.outcomes)
    await publish(amqp_connection, infra.names, late, routing_key=DEADLINES)
    await consumed_beyond(svc, before)
    assert (await svc.get(happy["order_id"]))["completion_reason"] == "reception_report"


async def test_out_of_stock_and_staff_cancellation_refund_the_items_share(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer, 2))
    await publish(
        amqp_connection,
        infra.names,
        billing_paid(order, "first", order["estimate"]["total"]["amount"]),
    )
    await wait_status(svc, order["order_id"], "purchasing")
    first, second = (i["item_id"] for i in order["items"])
    response = await svc.client.post(
        f"/orders/{order['order_id']}/items/{first}/out-of-stock",
        json={"reason": "sold out"},
        headers=ops(),
    )
    assert response.status_code == 200, response.text
    refunds = of_type(await outbox(svc, order["order_id"]), "orders.item_out_of_stock")
    assert refunds[0]["refund"] == {"amount": 2 * 200 + 100, "currency": "JPY"}
    assert response.json()["status"] == "purchasing"
    by_customer = await svc.client.post(
        f"/orders/{order['order_id']}/items/{second}/cancel", headers=customer(buyer)
    )
    assert by_customer.status_code == 409
    last = await svc.client.post(
        f"/orders/{order['order_id']}/items/{second}/cancel",
        json={"reason": "seller closed"},
        headers=ops(),
    )
    assert last.json()["status"] == "cancelled"
    messages = await outbox(svc, order["order_id"])
    assert of_type(messages, "orders.item_cancelled")[0]["refund"] == {
        "amount": 2 * 200 + 100,
        "currency": "JPY",
    }
    assert of_type(messages, "orders.order_cancelled")[0]["reason"] == "staff"


async def test_a_returned_item_is_cancelled_and_refunded(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    order = await _purchased(svc, amqp_connection, infra, uuid4(), items=2)
    oid, item = UUID(order["order_id"]), UUID(order["items"][0]["item_id"])
    for fact in _warehouse_facts(order)[:2]:
        await publish(amqp_connection, infra.names, fact)

    async def inspected() -> bool:
        return bool((await svc.get(order["order_id"]))["items"][0]["status"] == "inspected")

    await eventually(inspected)  # the warehouse opens a case only after inspecting the item
    case = uuid4()
    await publish(
        amqp_connection,
        infra.names,
        ExchangeReturnOpened(
            case_id=case, order_id=oid, item_id=item, kind=CaseKind.RETURN, reason="wrong colour"
        ),
    )

    async def in_case() -> bool:
        return bool((await svc.get(order["order_id"]))["items"][0]["status"] == "exchange_return")

    await eventually(in_case)
    # the first inspection again, delivered late: it happened before the case and must not undo it
    late = _warehouse_facts(order)[1]
    await publish(
        amqp_connection, infra.names, late, occurred_at=datetime.now(UTC) - timedelta(hours=1)
    )
    resolved = ExchangeReturnResolved(
        case_id=case,
        order_id=oid,
        item_id=item,
        outcome=CaseOutcome.RETURNED,
        local_shipping_cost=Money.jpy(300),
    )
    message_id = await publish(amqp_connection, infra.names, resolved)
    await publish(amqp_connection, infra.names, resolved, message_id=message_id)

    async def refunded() -> bool:
        return len(of_type(await outbox(svc, order["order_id"]), "orders.item_cancelled")) == 1

    await eventually(refunded)
    final = await svc.get(order["order_id"])
    assert [i["status"] for i in final["items"]] == ["cancelled", "purchased"]
    assert final["status"] == "at_warehouse"
    cancelled = of_type(await outbox(svc, order["order_id"]), "orders.item_cancelled")
    assert cancelled[0]["refund"] == {"amount": 2 * 200 + 100, "currency": "JPY"}


async def test_a_staff_cancellation_after_purchase_withholds_the_bought_item_until_its_seller_refunds(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer, 2))
    await publish(
        amqp_connection,
        infra.names,
        billing_paid(order, "first", order["estimate"]["total"]["amount"]),
    )
    await wait_status(svc, order["order_id"], "purchasing")
    bought, other = (i["item_id"] for i in order["items"])
    base = f"/orders/{order['order_id']}"
    done = await svc.client.post(f"{base}/items/{bought}/purchased", headers=ops())
    assert done.status_code == 200, done.text
    early = await svc.client.post(f"{base}/items/{bought}/seller-refund", headers=ops())
    assert (early.status_code, early.json()["code"]) == (409, "not_cancelled")
    cancelled = await svc.client.post(
        f"{base}/cancel", json={"reason": "cannot forward"}, headers=ops()
    )
    assert cancelled.json()["status"] == "cancelled", cancelled.text
    [fact] = of_type(await outbox(svc, order["order_id"]), "orders.order_cancelled")
    assert fact["bought_items"] == [
        {"item_id": bought, "share": {"amount": 2 * 200 + 100, "currency": "JPY"}}
    ]
    not_bought = await svc.client.post(f"{base}/items/{other}/seller-refund", headers=ops())
    assert (not_bought.status_code, not_bought.json()["code"]) == (
        409,
        "not_awaiting_seller_refund",
    )
    by_customer = await svc.client.post(
        f"{base}/items/{bought}/seller-refund", headers=customer(buyer)
    )
    assert by_customer.status_code == 403
    refunded = await svc.client.post(
        f"{base}/items/{bought}/seller-refund", json={"reason": "Alipay ref 42"}, headers=ops()
    )
    assert refunded.status_code == 200, refunded.text
    assert [i["status"] for i in refunded.json()["items"]] == ["cancelled", "cancelled"]
    twice = await svc.client.post(f"{base}/items/{bought}/seller-refund", headers=ops())
    assert twice.status_code == 409
    [seller] = of_type(await outbox(svc, order["order_id"]), "orders.seller_refund_recorded")
    assert (seller["item_id"], seller["refund"]["amount"]) == (bought, 2 * 200 + 100)
