"""An exchange or return opened and resolved, and a seller's answer to a purchase condition, mail
the order's customer once each, naming the item by the title it was ordered with."""

import uuid

import pytest
from notifications_support import Notifications, customer_with_order

from daikou_contracts.catalogue.accounts import Language
from daikou_contracts.catalogue.orders import PurchaseConditionAnswered
from daikou_contracts.catalogue.warehouse import (
    CaseKind,
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
)
from daikou_contracts.money import Money
from daikou_kit.testing import eventually
from daikou_notifications.mailcatcher import text_of

pytestmark = pytest.mark.integration


async def test_cases_and_answers_are_mailed_once_with_the_items_title(
    notifications: Notifications,
) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.EN)
    rows = await n.rows(
        "SELECT jsonb_object_keys(item_titles) FROM orders WHERE order_id = :id", id=order_id
    )
    item_id = uuid.UUID(rows[0][0])
    case_id = uuid.uuid4()
    answered = PurchaseConditionAnswered(
        order_id=order_id, item_id=item_id, answer="It is navy, not black.", proceed=True
    )
    await n.publish(answered)
    await n.publish(answered)  # the same fact twice: one mail
    await n.publish(
        ExchangeReturnOpened(
            case_id=case_id,
            order_id=order_id,
            item_id=item_id,
            kind=CaseKind.EXCHANGE,
            reason="The handle is torn.",
        )
    )
    await n.publish(
        ExchangeReturnResolved(
            case_id=case_id,
            order_id=order_id,
            item_id=item_id,
            outcome=CaseOutcome.EXCHANGED,
            local_shipping_cost=Money.jpy(850),
        )
    )

    async def three_sent() -> bool:
        rows = await n.rows(
            "SELECT count(*) FROM notifications WHERE order_id = :id AND status = 'sent'",
            id=order_id,
        )
        return int(rows[0][0]) == 3 and len(n.smtp.mailbox.to(email)) == 3

    await eventually(three_sent)
    bodies = {m["Subject"]: text_of(m) for m in n.smtp.mailbox.to(email)}
    assert len(bodies) == 3
    answer = next(b for s, b in bodies.items() if "the seller answered your question" in s)
    opened = next(b for s, b in bodies.items() if "we asked the seller for an exchange" in s)
    settled = next(b for s, b in bodies.items() if "the exchange or return is settled" in s)
    assert "before buying Canvas tote bag" in answer
    assert "It is navy, not black." in answer
    assert "We are buying the item." in answer
    assert "(Canvas tote bag) and asked the seller for an exchange." in opened
    assert "Reason: The handle is torn." in opened
    assert "The seller exchanged the item of order DK-" in settled
    assert "Local shipping charged: ¥850" in settled
