"""Deposit first, then card through (fake) PayPal; duplicated webhooks and captures pay once."""

import uuid
from datetime import UTC, datetime

import pytest
from payments_support import Payments

from daikou_contracts.catalogue.orders import OrderCancelled, OrderCancelReason
from daikou_contracts.catalogue.payments import (
    BillingPaid,
    DepositCredited,
    DepositDebited,
    LedgerReason,
    RefundIssued,
)
from daikou_kit.testing import capture, eventually

pytestmark = pytest.mark.integration


async def test_deposit_covers_the_whole_billing(payments: Payments) -> None:
    customer = uuid.uuid4()
    await payments.top_up(customer, 10_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 6_000)
        response = await payments.client.post(
            f"/billings/{billing_id}/payments",
            json={"method": "transfer"},
            headers=payments.customer(customer),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["paid_by_deposit_now"]["amount"] == 6_000
        assert body["billing"]["status"] == "paid"
        assert body["transfer"] is None
        assert body["card"] is None
        [paid] = await seen.wait_for(BillingPaid)
        [debited] = await seen.wait_for(DepositDebited)
    assert (str(paid.billing_id), paid.paid_by_deposit.amount, paid.paid_by_card.amount) == (
        billing_id,
        6_000,
        0,
    )
    assert debited.balance_after.amount == 4_000
    assert await payments.balance(customer) == 4_000
    again = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "deposit"},
        headers=payments.customer(customer),
    )
    assert again.status_code == 409
    await payments.assert_books_balanced()


async def _approve(payments: Payments, approve_url: str) -> str:
    order_id = approve_url.split("token=")[1]
    response = await payments.paypal.post(f"/checkoutnow/{order_id}/approve")
    assert response.json()["status"] == "APPROVED"
    return order_id


async def test_deposit_pays_part_and_card_the_rest_once(payments: Payments) -> None:
    customer = uuid.uuid4()
    await payments.top_up(customer, 1_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 5_000)
        response = await payments.client.post(
            f"/billings/{billing_id}/payments",
            json={"method": "card"},
            headers=payments.customer(customer),
        )
        assert response.status_code == 200, response.text
        card = response.json()["card"]
        assert response.json()["paid_by_deposit_now"]["amount"] == 1_000
        assert (card["amount"]["amount"], card["fee"]["amount"], card["total"]["amount"]) == (
            4_000,
            184,
            4_184,
        )
        retried = await payments.client.post(
            f"/billings/{billing_id}/payments",
            json={"method": "card"},
            headers=payments.customer(customer),
        )
        assert retried.json()["card"]["paypal_order_id"] == card["paypal_order_id"]
        order_id = await _approve(payments, card["approve_url"])
        captured = await payments.client.post(
            f"/card-payments/{order_id}/capture", headers=payments.customer(customer)
        )
        assert captured.status_code == 200, captured.text
        assert captured.json()["status"] == "paid"
        assert captured.json()["paid_by"]["card"]["amount"] == 4_000
        # PayPal's own webhooks (approved, capture completed), delivered again and again.
        hooks = (await payments.paypal.get("/fake/webhooks")).json()
        assert {h["event"]["event_type"] for h in hooks} >= {"CHECKOUT.ORDER.APPROVED"}
        for hook in hooks * 2:
            resent = await payments.paypal.post(f"/fake/webhooks/{hook['event']['id']}/resend")
            assert resent.json()["receiver_status"] == 200
        again = await payments.client.post(
            f"/card-payments/{order_id}/capture", headers=payments.customer(customer)
        )
        assert again.status_code == 200
        [paid] = await seen.wait_for(BillingPaid)
    assert (paid.paid_by_deposit.amount, paid.paid_by_card.amount, paid.total.amount) == (
        1_000,
        4_000,
        5_000,
    )
    assert len(seen.of_type(BillingPaid)) == 1
    # nothing went back to the deposit (the top-up before the capture may arrive late under load)
    assert [c for c in seen.of_type(DepositCredited) if c.reason != LedgerReason.TOP_UP] == []
    assert await payments.balance(customer) == 0
    await payments.assert_books_balanced()


async def test_webhook_alone_captures_an_approved_order(payments: Payments) -> None:
    customer = uuid.uuid4()
    billing_id = await payments.estimate(customer, 2_000)
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "card"},
        headers=payments.customer(customer),
    )
    await _approve(payments, response.json()["card"]["approve_url"])
    # The fake sends CHECKOUT.ORDER.APPROVED; payments captures on its own.
    paid = await payments.billing(
        uuid.UUID(response.json()["billing"]["order_id"]), customer, "first", status="paid"
    )
    assert paid["paid_by"]["card"]["amount"] == 2_000
    assert paid["card_payments"][0]["status"] == "captured"

    async def capture_webhook_sent() -> bool:
        hooks = (await payments.paypal.get("/fake/webhooks")).json()
        return any(h["event"]["event_type"] == "PAYMENT.CAPTURE.COMPLETED" for h in hooks)

    await eventually(capture_webhook_sent, timeout=10)
    await payments.assert_books_balanced()


async def test_unverified_webhook_is_refused(payments: Payments) -> None:
    forged = {
        "id": "WH-FORGED",
        "event_type": "PAYMENT.CAPTURE.COMPLETED",
        "resource": {"id": "CAP1", "amount": {"currency_code": "JPY", "value": "100"}},
    }
    response = await payments.client.post(
        "/paypal/webhook",
        json=forged,
        headers={
            "paypal-transmission-id": "x",
            "paypal-transmission-sig": "bad",
            "paypal-transmission-time": "2026-01-05T00:00:00Z",
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_signature"


async def test_card_payment_landing_on_a_cancelled_order_is_refunded(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    billing_id = await payments.estimate(customer, 3_000, order_id=order_id)
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "card"},
        headers=payments.customer(customer),
    )
    card = response.json()["card"]
    await payments.publish(
        OrderCancelled(
            order_id=order_id,
            customer_id=customer,
            reason=OrderCancelReason.PAYMENT_DEADLINE,
            cancelled_at=datetime(2026, 1, 12, tzinfo=UTC),
        )
    )
    await payments.billing(order_id, customer, "first", status="voided")
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        order = await _approve(payments, card["approve_url"])
        captured = await payments.client.post(
            f"/card-payments/{order}/capture", headers=payments.customer(customer)
        )
        assert captured.status_code == 200, captured.text
        refunds = await seen.wait_for(RefundIssued, 2)
    assert captured.json()["status"] == "voided"
    fee = card["fee"]["amount"]
    assert fee > 0
    # everything taken comes back, itemised: the payment and its card fee
    assert sorted(r.amount.amount for r in refunds) == sorted([3_000, fee])
    assert any("card fee" in r.reason for r in refunds)
    assert seen.of_type(BillingPaid) == []
    assert await payments.balance(customer) == 3_000 + fee
    await payments.assert_books_balanced()


async def test_capturing_before_the_buyer_approved_is_a_409(payments: Payments) -> None:
    customer = uuid.uuid4()
    billing_id = await payments.estimate(customer, 3_000)
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "card"},
        headers=payments.customer(customer),
    )
    assert response.status_code == 200, response.text
    order_id = response.json()["card"]["paypal_order_id"]
    early = await payments.client.post(
        f"/card-payments/{order_id}/capture", headers=payments.customer(customer)
    )
    assert early.status_code == 409, early.text
    assert early.json()["code"] == "card_payment_not_approved"
    await _approve(payments, response.json()["card"]["approve_url"])
    captured = await payments.client.post(
        f"/card-payments/{order_id}/capture", headers=payments.customer(customer)
    )
    assert captured.status_code == 200, captured.text
