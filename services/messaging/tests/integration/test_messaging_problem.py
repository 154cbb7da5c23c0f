"""Problem reports open the order's problem thread exactly once, with the customer's photos;
reminders appear as system messages; staff see unread customer messages in their inbox."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from messaging_support import JPEG, PNG, T0, Messaging

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import MessageKind, MessagePosted, ProblemReported
from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    ReceptionReported,
    ReceptionResult,
    ReminderKind,
)
from daikou_kit.testing import capture, eventually

pytestmark = pytest.mark.integration


async def test_problem_report_opens_thread_once(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    customer = messaging.customer(order.customer_id)
    photos = [(await messaging.upload(customer, c)).json()["attachment_id"] for c in (PNG, JPEG)]
    report = ReceptionReported(
        order_id=order.order_id,
        customer_id=order.customer_id,
        result=ReceptionResult.PROBLEM,
        comment="The mug arrived broken.",
        attachment_ids=[uuid.UUID(p) for p in photos],
        reported_at=T0 + timedelta(days=20),
    )
    reminder = CustomerReminderDue(
        order_id=order.order_id,
        customer_id=order.customer_id,
        kind=ReminderKind.REPORT_RECEPTION,
        deadline_at=T0 + timedelta(days=40),
    )

    async with capture(messaging.conn, messaging.infra.names, "messaging.#") as seen:
        message_id = uuid.uuid4()
        await messaging.publish(report, message_id=message_id)
        await messaging.publish(report, message_id=message_id)  # redelivered
        await messaging.publish(report)  # sent again as a new message
        await messaging.publish(reminder)  # handled after the reports: a marker
        await messaging.wait_until(
            "SELECT count(*) FROM messages WHERE order_id = :o AND kind = 'reminder'",
            1,
            o=order.order_id,
        )

        async def both_posted() -> bool:
            kinds = {p.kind for p in seen.of_type(MessagePosted) if p.order_id == order.order_id}
            return kinds == {MessageKind.PROBLEM, MessageKind.REMINDER}

        await eventually(both_posted)
        problems = [p for p in seen.of_type(ProblemReported) if p.order_id == order.order_id]

    assert len(problems) == 1
    threads = await messaging.scalar(
        "SELECT count(*) FROM threads WHERE order_id = :o AND kind = 'problem'", o=order.order_id
    )
    assert threads == 1
    assert problems[0].description == "The mug arrived broken."

    response = await messaging.client.get(f"/orders/{order.order_id}/messages", headers=customer)
    assert response.status_code == 200
    by_kind = {t["kind"]: t for t in response.json()["threads"]}
    assert set(by_kind) == {"order", "problem"}
    [problem] = by_kind["problem"]["messages"]
    assert problem["kind"] == "problem"
    assert problem["author_role"] == "customer"
    assert problem["body"] == "The mug arrived broken."
    assert str(problems[0].thread_id) == by_kind["problem"]["thread_id"]
    assert [a["attachment_id"] for a in problem["attachments"]] == photos
    assert [a["content_type"] for a in problem["attachments"]] == ["image/png", "image/jpeg"]
    [reminder_message] = by_kind["order"]["messages"]
    assert reminder_message["author_role"] == "system"
    assert reminder_message["kind"] == "reminder"


async def test_ok_reception_report_opens_nothing(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.SHIPPED)
    ok = await messaging.publish(
        ReceptionReported(
            order_id=order.order_id,
            customer_id=order.customer_id,
            result=ReceptionResult.OK,
            reported_at=T0 + timedelta(days=20),
        )
    )
    await messaging.wait_until("SELECT count(*) FROM inbox WHERE message_id = :m", 1, m=ok)

    count = await messaging.scalar(
        "SELECT count(*) FROM threads WHERE order_id = :o AND kind = 'problem'", o=order.order_id
    )
    assert count == 0


async def test_staff_inbox_and_read_state(messaging: Messaging) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)
    posted = await messaging.post(order, customer, title="Where is my parcel?")
    message_id = posted.json()["message_id"]

    inbox = await messaging.client.get("/inbox", headers=messaging.staff())
    refused = await messaging.client.get("/inbox", headers=customer)
    over = {"limit": messaging.settings.inbox_max_limit + 1}
    too_many = await messaging.client.get("/inbox", params=over, headers=messaging.staff())
    assert inbox.status_code == 200
    assert refused.status_code == 403
    assert (refused.json()["code"], too_many.status_code) == ("staff_only", 422)
    assert too_many.json()["detail"][0]["loc"] == ["query", "limit"]
    entry = next(m for m in inbox.json()["messages"] if m["message_id"] == message_id)
    assert entry["order_id"] == str(order.order_id)
    assert entry["customer_id"] == str(order.customer_id)
    assert entry["title"] == "Where is my parcel?"

    first_read = await messaging.client.get(
        f"/orders/{order.order_id}/messages", headers=messaging.staff()
    )
    second_read = await messaging.client.get(
        f"/orders/{order.order_id}/messages", headers=messaging.staff()
    )
    after = await messaging.client.get("/inbox", headers=messaging.staff())

    assert first_read.json()["unread_count"] == 1
    assert second_read.json()["unread_count"] == 0
    [message] = second_read.json()["threads"][0]["messages"]
    assert message["read"] is True
    assert message_id not in {m["message_id"] for m in after.json()["messages"]}

    answer = await messaging.post(order, messaging.staff(), title="Re: parcel")
    seen_by_customer = await messaging.client.get(
        f"/orders/{order.order_id}/messages", headers=customer
    )
    assert answer.status_code == 201
    assert seen_by_customer.json()["unread_count"] == 1


async def test_orders_are_private(messaging: Messaging) -> None:
    order = await messaging.place_order()
    stranger = messaging.customer(uuid.uuid4())
    url = f"/orders/{order.order_id}/messages"

    read = await messaging.client.get(url, headers=stranger)
    post = await messaging.post(order, stranger)
    window = await messaging.client.get(f"/orders/{order.order_id}/window", headers=stranger)
    no_token = await messaging.client.get(url)
    wrong_token = await messaging.client.get(
        url, headers={**messaging.customer(order.customer_id), "X-Daikou-Internal-Token": "x"}
    )
    unknown = await messaging.client.get(
        f"/orders/{uuid.uuid4()}/messages", headers=messaging.staff()
    )

    assert read.status_code == 404
    assert post.status_code == 404
    assert window.status_code == 404
    assert no_token.status_code == 401
    assert wrong_token.status_code == 401
    assert unknown.status_code == 404


async def test_bad_input_is_refused_clearly(messaging: Messaging) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)

    blank = await messaging.post(order, customer, title="   ")
    long_body = await messaging.post(order, customer, body="x" * 2001)
    extra = await messaging.post(order, customer, colour="red")
    bad_thread = await messaging.post(order, customer, thread_id=str(uuid.uuid4()))

    assert blank.status_code == 422
    assert long_body.status_code == 422
    assert extra.status_code == 422
    assert bad_thread.status_code == 404
    assert bad_thread.json()["code"] == "thread_not_found"
    count = await messaging.scalar(
        "SELECT count(*) FROM messages WHERE order_id = :o", o=order.order_id
    )
    assert count == 0
