"""The order's money statement sums in every flow: its lines equal what is still due."""

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from payments_support import Payments
from test_payments_events import recalculated

from daikou_contracts.catalogue.orders import (
    BoughtItem,
    ItemOutOfStock,
    OrderCancelled,
    OrderCancelReason,
)
from daikou_contracts.catalogue.seller_refunds import SellerRefundRecorded
from daikou_contracts.money import Money
from daikou_kit.testing import eventually

pytestmark = pytest.mark.integration


async def statement(payments: Payments, order_id: uuid.UUID, customer: uuid.UUID) -> Any:
    response = await payments.client.get(
        f"/statements/{order_id}", headers=payments.customer(customer)
    )
    assert response.status_code == 200, response.text
    return response.json()


def assert_sums(found: dict[str, Any]) -> None:
    total = sum(line["amount"]["amount"] for line in found["lines"])
    assert total == found["balance"]["amount"] == found["due"]["amount"]
    assert found["sums"] is True
    totals = {k: v["amount"] for k, v in found["totals"].items()}
    assert totals["refunded"] <= totals["paid"] + totals["card_fees"]


async def _pay(payments: Payments, customer: uuid.UUID, billing_id: str, method: str) -> Any:
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": method},
        headers=payments.customer(customer),
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_corrected_then_paid_billing_shows_both_revisions_and_sums(
    payments: Payments,
) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 2_000)
    billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
    await payments.publish(recalculated(order_id, customer, 6_000, 2))
    await payments.billing(order_id, customer, "first", revision=2)
    before = await statement(payments, order_id, customer)
    assert_sums(before)
    assert before["due"]["amount"] == 6_000
    await _pay(payments, customer, billing_id, "deposit")
    await payments.top_up(customer, 4_000)
    await _pay(payments, customer, billing_id, "deposit")
    # lowered below what was paid: the excess is refunded and paired with what it undoes
    await payments.publish(recalculated(order_id, customer, 5_500, 3))
    await payments.billing(order_id, customer, "first", revision=3)

    async def refunded() -> bool:
        return bool((await statement(payments, order_id, customer))["totals"]["refunded"]["amount"])

    await eventually(refunded)
    found = await statement(payments, order_id, customer)
    assert_sums(found)
    [billing] = found["billings"]
    assert [r["total"]["amount"] for r in billing["revisions"]] == [5_000, 6_000, 5_500]
    assert found["due"]["amount"] == 0
    assert found["totals"]["refunded"]["amount"] == 500


async def test_a_card_capture_on_a_cancelled_order_sums_with_its_fee_refunded(
    payments: Payments,
) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 1_000)
    billing_id = await payments.estimate(customer, 3_000, order_id=order_id)
    card = (await _pay(payments, customer, billing_id, "card"))["card"]
    await payments.publish(
        OrderCancelled(
            order_id=order_id,
            customer_id=customer,
            reason=OrderCancelReason.PAYMENT_DEADLINE,
            cancelled_at=datetime(2026, 1, 12, tzinfo=UTC),
        )
    )
    await payments.billing(order_id, customer, "first", status="voided")
    approve = await payments.paypal.post(f"/checkoutnow/{card['paypal_order_id']}/approve")
    assert approve.status_code < 400, approve.text
    captured = await payments.client.post(
        f"/card-payments/{card['paypal_order_id']}/capture", headers=payments.customer(customer)
    )
    assert captured.status_code == 200, captured.text
    found = await statement(payments, order_id, customer)
    assert_sums(found)
    kinds = {line["kind"] for line in found["lines"]}
    assert {"billed", "voided", "paid_deposit", "card_fee", "refund"} <= kinds
    assert found["totals"]["refunded"]["amount"] == 1_000 + card["total"]["amount"]
    assert await payments.balance(customer) == 1_000 + card["total"]["amount"]


async def test_an_item_refund_then_a_cancellation_after_payment_sum(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 5_000)
    billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
    await _pay(payments, customer, billing_id, "deposit")
    await payments.publish(
        ItemOutOfStock(
            order_id=order_id,
            customer_id=customer,
            item_id=uuid.uuid4(),
            refund=Money.jpy(1_200),
        )
    )

    async def item_back() -> bool:
        return await payments.balance(customer) == 1_200

    await eventually(item_back)
    await payments.publish(
        OrderCancelled(
            order_id=order_id,
            customer_id=customer,
            reason=OrderCancelReason.STAFF,
            cancelled_at=datetime(2026, 1, 12, tzinfo=UTC),
        )
    )

    async def all_back() -> bool:
        return await payments.balance(customer) == 5_000

    await eventually(all_back)
    found = await statement(payments, order_id, customer)
    assert_sums(found)
    assert found["totals"]["refunded"]["amount"] == 5_000
    assert sorted(-x["amount"]["amount"] for x in found["lines"] if x["kind"] == "not_billed") == [
        1_200,
        3_800,
    ]
    other = await payments.client.get(
        f"/statements/{order_id}", headers=payments.customer(uuid.uuid4())
    )
    assert other.status_code == 404


async def test_a_staff_cancellation_refunds_the_unbought_at_once_and_the_bought_on_the_sellers_refund(
    payments: Payments,
) -> None:
    customer, order_id, bought = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 5_000)
    billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
    await _pay(payments, customer, billing_id, "deposit")
    await payments.publish(
        OrderCancelled(
            order_id=order_id,
            customer_id=customer,
            reason=OrderCancelReason.STAFF,
            cancelled_at=datetime(2026, 1, 12, tzinfo=UTC),
            bought_items=[BoughtItem(item_id=bought, share=Money.jpy(2_000))],
        )
    )

    async def unbought_back() -> bool:
        return await payments.balance(customer) == 3_000

    await eventually(unbought_back)
    middle = await statement(payments, order_id, customer)
    assert_sums(middle)
    seller = SellerRefundRecorded(
        order_id=order_id, customer_id=customer, item_id=bought, refund=Money.jpy(2_000)
    )
    await payments.publish(seller)
    await payments.publish(seller)  # recorded twice by mistake: refunded once

    async def all_back() -> bool:
        return await payments.balance(customer) == 5_000

    await eventually(all_back)
    await payments.settle()
    assert await payments.balance(customer) == 5_000
    found = await statement(payments, order_id, customer)
    assert_sums(found)
    refunds = sorted(x["amount"]["amount"] for x in found["lines"] if x["kind"] == "refund")
    assert refunds == [2_000, 3_000]
    await payments.assert_books_balanced()
