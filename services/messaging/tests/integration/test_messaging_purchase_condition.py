"""Purchase conditions: accepted on a pre-payment item (published for orders), refused once paid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from messaging_support import T0, Messaging

from daikou_contracts.catalogue.common import ItemQuantity, OrderStatus
from daikou_contracts.catalogue.messaging import MessagePosted, PurchaseConditionRequested
from daikou_contracts.catalogue.orders import ItemCancelled, ItemCancelReason, PurchasingStarted
from daikou_kit.testing import capture

pytestmark = pytest.mark.integration


async def test_purchase_condition_on_pre_payment_item(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.AWAITING_FIRST_PAYMENT)
    customer = messaging.customer(order.customer_id)
    item_id = order.item_ids[0]

    async with capture(messaging.conn, messaging.infra.names, "messaging.#") as seen:
        response = await messaging.post(
            order,
            customer,
            body="Please check the strap is leather.",
            purchase_condition_item_id=str(item_id),
        )
        requested = await seen.wait_for(PurchaseConditionRequested)
        posted = await seen.wait_for(MessagePosted)

    assert response.status_code == 201, response.text
    assert response.json()["kind"] == "purchase_condition"
    assert response.json()["purchase_condition_item_id"] == str(item_id)
    mine = [r for r in requested if r.order_id == order.order_id]
    assert len(mine) == 1
    assert mine[0].item_id == item_id
    assert mine[0].customer_id == order.customer_id
    assert mine[0].question == "Please check the strap is leather."
    assert str(mine[0].message_id) == response.json()["message_id"]
    assert any(
        p.order_id == order.order_id and p.kind == "purchase_condition" and not p.has_attachments
        for p in posted
    )


async def test_purchase_condition_on_paid_item_is_refused(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.AWAITING_FIRST_PAYMENT)
    customer = messaging.customer(order.customer_id)
    await messaging.publish(
        PurchasingStarted(
            order_id=order.order_id,
            customer_id=order.customer_id,
            items=[ItemQuantity(item_id=i, quantity=1) for i in order.item_ids],
        ),
        occurred_at=T0 + timedelta(days=1),
    )
    await messaging.wait_until(
        "SELECT status FROM order_views WHERE order_id = :o", "purchasing", o=order.order_id
    )

    response = await messaging.post(
        order, customer, purchase_condition_item_id=str(order.item_ids[0])
    )
    plain = await messaging.post(order, customer)

    assert response.status_code == 409
    assert response.json()["code"] == "item_not_pre_payment"
    assert plain.status_code == 201
    count = await messaging.scalar(
        "SELECT count(*) FROM messages WHERE order_id = :o AND kind = 'purchase_condition'",
        o=order.order_id,
    )
    assert count == 0


async def test_purchase_condition_on_cancelled_item_is_refused(messaging: Messaging) -> None:
    order = await messaging.place_order(status=OrderStatus.AWAITING_FIRST_PAYMENT)
    cancelled, kept = order.item_ids
    await messaging.publish(
        ItemCancelled(
            order_id=order.order_id,
            customer_id=order.customer_id,
            item_id=cancelled,
            reason=ItemCancelReason.CUSTOMER,
        )
    )
    await messaging.wait_until(
        "SELECT pre_payment FROM order_items WHERE item_id = :i", False, i=cancelled
    )
    customer = messaging.customer(order.customer_id)

    refused = await messaging.post(order, customer, purchase_condition_item_id=str(cancelled))
    accepted = await messaging.post(order, customer, purchase_condition_item_id=str(kept))

    assert refused.status_code == 409
    assert accepted.status_code == 201


async def test_purchase_condition_rules_for_others(messaging: Messaging) -> None:
    order = await messaging.place_order()
    item = str(order.item_ids[0])

    by_staff = await messaging.post(order, messaging.staff(), purchase_condition_item_id=item)
    unknown_item = await messaging.post(
        order,
        messaging.customer(order.customer_id),
        purchase_condition_item_id="00000000-0000-0000-0000-000000000001",
    )

    assert by_staff.status_code == 403
    assert unknown_item.status_code == 404
    assert unknown_item.json()["code"] == "item_not_found"
