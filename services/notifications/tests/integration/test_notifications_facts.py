"""Each notified fact, published on the real broker, is mailed once to the order's customer with
its figures (in Japanese, the default language)."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from notifications_support import Notifications, customer_of, customer_with_order

from daikou_contracts.catalogue.accounts import Language
from daikou_contracts.catalogue.additional_billings import AdditionalBillingIssued
from daikou_contracts.catalogue.common import BillingKind, BillingLine
from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, MessagePosted
from daikou_contracts.catalogue.orders import (
    CompletionReason,
    CustomerReminderDue,
    ItemOutOfStock,
    OrderCancelled,
    OrderCancelReason,
    OrderCompleted,
    ReminderKind,
    SecondBillingReminderDue,
)
from daikou_contracts.catalogue.payments import BillingIssued, TransferConfirmed, TransferRejected
from daikou_contracts.catalogue.warehouse import (
    InspectedItem,
    InspectionCompleted,
    InspectionResult,
    ShipmentDispatched,
)
from daikou_contracts.message import Payload
from daikou_contracts.money import Money
from daikou_kit.testing import eventually
from daikou_notifications.mailcatcher import text_of

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
Fact = Callable[[uuid.UUID, uuid.UUID], Payload]

FACTS: list[tuple[str, Fact, str]] = [
    (
        "payment_reminder",
        lambda o, c: CustomerReminderDue(
            order_id=o, customer_id=c, kind=ReminderKind.PAY_FIRST_BILLING, deadline_at=T0
        ),
        "2026年3月9日 18:00 JST",
    ),
    (
        "order_cancelled",
        lambda o, c: OrderCancelled(
            order_id=o, customer_id=c, reason=OrderCancelReason.PAYMENT_DEADLINE, cancelled_at=T0
        ),
        "お支払い期限を過ぎたため",
    ),
    (
        "transfer_confirmed",
        lambda o, c: TransferConfirmed(
            transfer_id=uuid.uuid4(),
            billing_id=uuid.uuid4(),
            order_id=o,
            customer_id=c,
            amount_received=Money.jpy(12_345),
        ),
        "¥12,345",
    ),
    (
        "transfer_rejected",
        lambda o, c: TransferRejected(
            transfer_id=uuid.uuid4(),
            billing_id=uuid.uuid4(),
            order_id=o,
            customer_id=c,
            reason="no transfer under that name",
        ),
        "no transfer under that name",
    ),
    (
        "staff_reply",
        lambda o, c: MessagePosted(
            message_id=uuid.uuid4(),
            thread_id=uuid.uuid4(),
            order_id=o,
            customer_id=c,
            author_role=AuthorRole.STAFF,
            kind=MessageKind.NORMAL,
            has_attachments=False,
            posted_at=T0,
        ),
        "スタッフが返信しました",
    ),
    (
        "item_out_of_stock",
        lambda o, c: ItemOutOfStock(
            order_id=o, customer_id=c, item_id=uuid.uuid4(), refund=Money.jpy(2_000)
        ),
        "¥2,000",
    ),
    (
        "inspection_completed",
        lambda o, c: InspectionCompleted(
            order_id=o,
            items=[InspectedItem(item_id=uuid.uuid4(), result=InspectionResult.OK)],
            completed_at=T0,
        ),
        "1点",
    ),
    (
        "second_billing",
        lambda o, c: BillingIssued(
            billing_id=uuid.uuid4(),
            order_id=o,
            customer_id=c,
            kind=BillingKind.SECOND,
            lines=[BillingLine(code="shipping", description="EMS", amount=Money.jpy(3_100))],
            total=Money.jpy(3_100),
            issued_at=T0,
        ),
        "¥3,100",
    ),
    (
        "second_billing_reminder",
        lambda o, c: SecondBillingReminderDue(
            order_id=o, customer_id=c, unpaid_since=T0, unpaid_days=7
        ),
        "7 日間未払い",
    ),
    (
        "additional_billing",
        lambda o, c: AdditionalBillingIssued(
            billing_id=uuid.uuid4(),
            order_id=o,
            customer_id=c,
            lines=[
                BillingLine(
                    code="exchange_return_shipping",
                    description="Local shipping for returned (case 1a2b3c4d)",
                    amount=Money.jpy(215),
                )
            ],
            total=Money.jpy(215),
            issued_at=T0,
            reason="Local shipping for returned (case 1a2b3c4d)",
        ),
        "追加のご請求",
    ),
    (
        "shipped",
        lambda o, c: ShipmentDispatched(
            shipment_id=uuid.uuid4(),
            order_id=o,
            carrier="Japan Post",
            method="EMS",
            tracking_numbers=["EJ000000001JP"],
            dispatched_at=T0,
        ),
        "EJ000000001JP",
    ),
    (
        "completed",
        lambda o, c: OrderCompleted(
            order_id=o, customer_id=c, reason=CompletionReason.AUTO_COMPLETE, completed_at=T0
        ),
        "取引が完了しました",
    ),
]


@pytest.mark.parametrize(("kind", "fact", "figure"), FACTS, ids=[f[0] for f in FACTS])
async def test_each_fact_is_mailed_once_with_its_figures(
    notifications: Notifications, kind: str, fact: Fact, figure: str
) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.JA)
    payload = fact(order_id, await customer_of(n, order_id))

    await n.publish(payload)
    await n.publish(payload)

    async def sent() -> bool:
        rows = await n.rows(
            "SELECT kind, status FROM notifications WHERE order_id = :id", id=order_id
        )
        return [(r[0], r[1]) for r in rows] == [(kind, "sent")]

    await eventually(sent)
    mails = n.smtp.mailbox.to(email)
    assert len(mails) == 1
    body = text_of(mails[0])
    assert figure in body
    assert f"/orders/{order_id}" in body
