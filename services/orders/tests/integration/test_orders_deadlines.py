"""Deadlines on the business calendar, transfer reports holding them, and stalls flagged for staff."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import pytest
from orders_support import (
    MakeOrders,
    Orders,
    billing_paid,
    consumed_beyond,
    deadline,
    of_type,
    ops,
    outbox,
    wait_status,
)
from test_orders_fulfilment_flow import _packed, _purchased, _warehouse_facts

from daikou_contracts.catalogue.messaging import PurchaseConditionRequested
from daikou_contracts.catalogue.orders import SecondBillingReminderDue
from daikou_contracts.catalogue.payments import (
    BusinessCalendarChanged,
    ClosedDate,
    TransferConfirmed,
    TransferRejected,
    TransferReported,
)
from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_contracts.money import Money
from daikou_kit.testing import Infra, capture, eventually, publish

pytestmark = pytest.mark.integration
Conn = aio_pika.abc.AbstractRobustConnection
DEADLINES = "scheduler.deadline_reached.v1.orders"
# The test clock starts on Monday 2026-01-05 18:00 JST; the 7th day is Monday 12th, a holiday.
END_OF_13TH = datetime(2026, 1, 13, 15, tzinfo=UTC)


def _calendar(revision: int, *days: date) -> BusinessCalendarChanged:
    return BusinessCalendarChanged(
        revision=revision,
        closed_dates=[ClosedDate(day=d, reason="stocktaking") for d in days],
        changed_at=datetime(2026, 1, 5, tzinfo=UTC),
    )


def _reported(order: dict[str, Any], transfer_id: UUID) -> TransferReported:
    return TransferReported(
        transfer_id=transfer_id,
        billing_id=uuid4(),
        order_id=UUID(order["order_id"]),
        customer_id=UUID(order["customer_id"]),
        amount=Money.jpy(order["estimate"]["total"]["amount"]),
        payer_name="YAMADA TARO",
        transferred_on=date(2026, 1, 10),
        expected_confirmation_by=datetime(2026, 1, 13, 4, tzinfo=UTC),
    )


def _ids(order: dict[str, Any]) -> dict[str, Any]:
    return {
        "transfer_id": uuid4(),
        "billing_id": uuid4(),
        "order_id": UUID(order["order_id"]),
        "customer_id": UUID(order["customer_id"]),
    }


async def _due(svc: Orders, order_id: str, expected: datetime) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def moved() -> bool:
        seen.update(await svc.get(order_id))
        due = seen["estimate"]["payment_due_at"]
        return bool(datetime.fromisoformat(due) == expected)

    await eventually(moved)
    return seen


async def test_a_closed_day_from_the_calendar_owner_moves_the_deadline(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    await publish(amqp_connection, infra.names, _calendar(2, date(2026, 1, 13)))
    before = len(svc.service.consumers.outcomes)
    await publish(amqp_connection, infra.names, _calendar(1))  # older, arrives late: ignored
    await consumed_beyond(svc, before)
    order = await svc.estimate(await svc.place(uuid4()))
    # 12th: Coming of Age Day, 13th: closed by staff -> the end of Wednesday 14th
    assert datetime.fromisoformat(order["estimate"]["payment_due_at"]) == END_OF_13TH + timedelta(
        days=1
    )


async def test_a_transfer_reported_on_day_6_and_confirmed_on_day_9_keeps_the_order(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    order = await svc.estimate(await svc.place(uuid4()))
    oid, transfer = order["order_id"], uuid4()
    svc.clock.advance(timedelta(days=6))
    await publish(amqp_connection, infra.names, _reported(order, transfer))

    async def held() -> bool:
        history = (await svc.get(oid))["history"]
        return any(h["what"] == "payment_deadline_held" for h in history)

    await eventually(held)
    estimate = (await svc.get(oid))["estimate"]
    reported_at = datetime.fromisoformat(estimate["payment_deadline_held_since"])
    assert reported_at <= svc.clock.now()
    assert reported_at > svc.clock.now() - timedelta(minutes=1)
    assert estimate["payment_grace_until"] is None
    cancelled = of_type(await outbox(svc, oid), "scheduler.cancel_deadline")
    assert f"order:{oid}:payment-deadline" in [c["deadline_id"] for c in cancelled]
    svc.clock.advance(timedelta(days=3))  # day 9: the deadline passed while staff had not decided
    before = len(svc.service.consumers.outcomes)
    fired = deadline(order, "payment_deadline", END_OF_13TH)
    await publish(amqp_connection, infra.names, fired, routing_key=DEADLINES)
    await consumed_beyond(svc, before)
    assert (await svc.get(oid))["status"] == "awaiting_first_payment"
    ids = {**_ids(order), "transfer_id": transfer}
    amount = order["estimate"]["total"]["amount"]
    await publish(
        amqp_connection, infra.names, TransferConfirmed(**ids, amount_received=Money.jpy(amount))
    )
    await publish(amqp_connection, infra.names, billing_paid(order, "first", amount))
    paid = await wait_status(svc, oid, "purchasing")
    assert paid["estimate"]["payment_deadline_held_since"] is None
    assert paid["estimate"]["payment_grace_until"] is None


async def test_a_rejected_report_gives_two_more_business_days(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    order = await svc.estimate(await svc.place(uuid4()))
    oid, transfer = order["order_id"], uuid4()
    svc.clock.advance(timedelta(days=5))  # Saturday 10th, 18:00 JST
    await publish(amqp_connection, infra.names, _reported(order, transfer))
    await publish(amqp_connection, infra.names, _reported(order, transfer))  # repeated: one hold
    svc.clock.advance(timedelta(days=3))  # Tuesday 13th 18:00 JST: staff reject
    ids = {**_ids(order), "transfer_id": transfer}
    await publish(
        amqp_connection, infra.names, TransferRejected(**ids, reason="not on the account")
    )
    # two business days after Tuesday 13th: Wednesday 14th and Thursday 15th -> end of the 15th
    fresh = datetime(2026, 1, 15, 15, tzinfo=UTC)
    extended = await _due(svc, oid, fresh)
    assert extended["history"][-1]["what"] == "payment_deadline_extended"
    assert extended["estimate"]["payment_deadline_held_since"] is None
    assert datetime.fromisoformat(extended["estimate"]["payment_grace_until"]) == fresh
    scheduled = of_type(await outbox(svc, oid), "scheduler.schedule_deadline")
    assert scheduled[-2]["kind"] == "payment_deadline"
    assert datetime.fromisoformat(scheduled[-2]["due_at"]) == fresh
    before = len(svc.service.consumers.outcomes)
    old = deadline(order, "payment_deadline", END_OF_13TH)  # the original firing: stale
    await publish(amqp_connection, infra.names, old, routing_key=DEADLINES)
    await consumed_beyond(svc, before)
    assert (await svc.get(oid))["status"] == "awaiting_first_payment"
    svc.clock.advance(timedelta(days=2))
    await publish(
        amqp_connection,
        infra.names,
        deadline(order, "payment_deadline", fresh),
        routing_key=DEADLINES,
    )
    cancelled = await wait_status(svc, oid, "cancelled")
    assert cancelled["cancel_reason"] == "payment_deadline"


async def test_stalled_waits_are_flagged_in_the_staff_list(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    waiting = await svc.place(buyer)
    asked = await svc.place(buyer)
    await publish(
        amqp_connection,
        infra.names,
        PurchaseConditionRequested(
            order_id=UUID(asked["order_id"]),
            customer_id=buyer,
            item_id=UUID(asked["items"][0]["item_id"]),
            question="Is the strap leather?",
            message_id=uuid4(),
        ),
    )

    async def held() -> bool:
        return bool((await svc.get(asked["order_id"]))["items"][0]["held"])

    await eventually(held)

    async def flags() -> dict[str, list[str]]:
        page = (await svc.client.get("/orders", headers=ops())).json()
        return {o["order_id"]: o["flags"] for o in page["orders"]}

    async def overdue(queue: str) -> list[bool]:
        page = (await svc.client.get(f"/queues/{queue}", headers=ops())).json()
        return [e["overdue"] for e in page["entries"]]

    assert set(map(tuple, (await flags()).values())) == {()}
    assert (await overdue("estimate"), await overdue("conditions")) == ([False, False], [False])
    # placed Monday 5th 18:00 JST: one business day is over at the end of Tuesday 6th
    svc.clock.advance(timedelta(days=1, hours=5, minutes=59))
    assert set(map(tuple, (await flags()).values())) == {()}
    svc.clock.advance(timedelta(minutes=1))
    flagged = await flags()
    assert flagged[waiting["order_id"]] == ["estimate_overdue"]
    assert flagged[asked["order_id"]] == ["estimate_overdue", "purchase_condition_unanswered"]
    assert (await overdue("estimate"), await overdue("conditions")) == ([True, True], [True])
    mine = (await svc.client.get("/orders", headers={**ops(), "X-Daikou-Role": "customer"})).json()
    assert mine["orders"] == [] or all(o["flags"] == [] for o in mine["orders"])


async def test_an_unpaid_2nd_billing_is_reminded_at_3_and_7_days_and_flagged(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    order = await _purchased(svc, amqp_connection, infra, uuid4())
    oid = order["order_id"]
    for fact in _warehouse_facts(order):
        await publish(amqp_connection, infra.names, fact)
    await wait_status(svc, oid, "at_warehouse")
    packed_at = svc.clock.now()
    await publish(amqp_connection, infra.names, _packed(order))
    await wait_status(svc, oid, "awaiting_second_payment")
    scheduled = [
        d
        for d in of_type(await outbox(svc, oid), "scheduler.schedule_deadline")
        if d["kind"] == "second_payment_reminder"
    ]
    due = sorted(datetime.fromisoformat(d["due_at"]) for d in scheduled)
    assert due == [packed_at + timedelta(days=3), packed_at + timedelta(days=7)]
    async with capture(
        amqp_connection, infra.names, "orders.second_billing_reminder_due.v1"
    ) as seen:
        for d in sorted(scheduled, key=lambda d: d["due_at"]):
            svc.clock.advance(datetime.fromisoformat(d["due_at"]) - svc.clock.now())
            fired = DeadlineReached(
                deadline_id=d["deadline_id"],
                requester="orders",
                kind=d["kind"],
                due_at=d["due_at"],
                fired_at=d["due_at"],
                lateness_ms=0,
                payload=d["payload"],
            )
            await publish(amqp_connection, infra.names, fired, routing_key=DEADLINES)
        reminders = await seen.wait_for(SecondBillingReminderDue, count=2)
    assert sorted(r.unpaid_days for r in reminders) == [3, 7]
    queue = (await svc.client.get("/queues/second_payment", headers=ops())).json()["entries"]
    assert [(e["order_id"], e["overdue"]) for e in queue] == [(oid, True)]
    assert {r.unpaid_since for r in reminders} == {packed_at}
    page = (await svc.client.get("/orders", headers=ops())).json()
    assert next(o for o in page["orders"] if o["order_id"] == oid)["flags"] == [
        "second_billing_unpaid"
    ]
    await publish(amqp_connection, infra.names, billing_paid(order, "second", 2400))

    async def paid() -> bool:
        return (await svc.get(oid))["action_required"] is None

    await eventually(paid)
    assert (await svc.client.get("/queues/second_payment", headers=ops())).json()["entries"] == []
    page = (await svc.client.get("/orders", headers=ops())).json()
    assert next(o for o in page["orders"] if o["order_id"] == oid)["flags"] == []


async def test_paying_the_2nd_billing_cancels_its_reminders_at_the_scheduler(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    order = await _purchased(svc, amqp_connection, infra, uuid4())
    oid = order["order_id"]
    for fact in _warehouse_facts(order):
        await publish(amqp_connection, infra.names, fact)
    await wait_status(svc, oid, "at_warehouse")
    await publish(amqp_connection, infra.names, _packed(order))
    await wait_status(svc, oid, "awaiting_second_payment")
    scheduled = {
        d["deadline_id"]
        for d in of_type(await outbox(svc, oid), "scheduler.schedule_deadline")
        if d["kind"] == "second_payment_reminder"
    }
    assert len(scheduled) == 2
    before = {
        d["deadline_id"] for d in of_type(await outbox(svc, oid), "scheduler.cancel_deadline")
    }
    assert not scheduled & before
    await publish(amqp_connection, infra.names, billing_paid(order, "second", 2400))

    async def cancelled() -> bool:
        found = of_type(await outbox(svc, oid), "scheduler.cancel_deadline")
        return scheduled <= {d["deadline_id"] for d in found}

    await eventually(cancelled)
    before_again = len(svc.service.consumers.outcomes)
    await publish(amqp_connection, infra.names, billing_paid(order, "second", 2400))
    await consumed_beyond(svc, before_again)
    cancels = [
        d["deadline_id"]
        for d in of_type(await outbox(svc, oid), "scheduler.cancel_deadline")
        if d["deadline_id"] in scheduled
    ]
    assert sorted(cancels) == sorted(scheduled)  # a repeated payment fact cancels nothing more


async def test_a_condition_that_raced_the_payment_holds_and_one_after_the_purchase_is_refused(
    orders_app: MakeOrders, infra: Infra, amqp_connection: Conn
) -> None:
    svc = await orders_app()
    buyer = uuid4()
    order = await svc.estimate(await svc.place(buyer, 2))
    oid = order["order_id"]
    total = order["estimate"]["total"]["amount"]
    await publish(amqp_connection, infra.names, billing_paid(order, "first", total))
    await wait_status(svc, oid, "purchasing")
    first, second = (i["item_id"] for i in order["items"])
    bought = await svc.client.post(f"/orders/{oid}/items/{second}/purchased", headers=ops())
    assert bought.status_code == 200, bought.text
    for item in (first, second):  # both posted before messaging learnt of the payment
        await publish(
            amqp_connection,
            infra.names,
            PurchaseConditionRequested(
                order_id=UUID(oid),
                customer_id=buyer,
                item_id=UUID(item),
                question="Only if the box is unopened",
                message_id=uuid4(),
            ),
        )

    async def decided() -> bool:  # both: the two facts may commit in either order
        page = await svc.get(oid)
        refused = any(h["what"] == "purchase_condition_refused" for h in page["history"])
        return refused and page["items"][0]["held"]

    await eventually(decided)
    page = await svc.get(oid)
    assert [i["held"] for i in page["items"]] == [True, False]
    refused = next(h for h in page["history"] if h["what"] == "purchase_condition_refused")
    assert (refused["item_id"], "too late" in refused["reason"]) == (second, True)
    held = await svc.client.post(f"/orders/{oid}/items/{first}/purchased", headers=ops())
    assert (held.status_code, held.json()["code"]) == (409, "item_held")
