"""A cost after the 2nd billing was paid that the deposit cannot cover: an additional billing."""

import uuid
from datetime import UTC, datetime

import pytest
from payments_support import Payments

from daikou_contracts.catalogue.additional_billings import (
    AdditionalBillingIssued,
    AdditionalBillingPaid,
    AdditionalBillingVoided,
)
from daikou_contracts.catalogue.orders import OrderCancelled, OrderCancelReason
from daikou_contracts.catalogue.payments import BillingAdjusted, BillingIssued, BillingPaid
from daikou_contracts.catalogue.warehouse import (
    CaseOutcome,
    ExchangeReturnResolved,
    PackingCompleted,
    Parcel,
)
from daikou_contracts.money import Money
from daikou_kit.testing import capture

pytestmark = pytest.mark.integration
NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


async def _second_billing_paid(payments: Payments, customer: uuid.UUID) -> uuid.UUID:
    """An order whose 2nd billing (2,000 JPY) is paid by deposit, leaving the deposit empty."""
    order_id = uuid.uuid4()
    await payments.estimate(customer, 1_000, order_id=order_id)
    parcel = Parcel(
        parcel_id=uuid.uuid4(),
        weight_g=500,
        length_cm=10,
        width_cm=10,
        height_cm=10,
        chargeable_weight_g=500,
        fee=Money.jpy(2_000),
    )
    await payments.publish(
        PackingCompleted(
            order_id=order_id,
            method="EMS",
            destination="JP",
            parcels=[parcel],
            international_fee=Money.jpy(2_000),
            packed_at=NOW,
        )
    )
    second = await payments.billing(order_id, customer, "second")
    await payments.top_up(customer, 2_000)
    paid = await payments.client.post(
        f"/billings/{second['billing_id']}/payments",
        json={"method": "deposit", "revision": 1},
        headers=payments.customer(customer),
    )
    assert paid.status_code == 200, paid.text
    return order_id


async def test_a_cost_the_deposit_cannot_cover_is_billed_once_and_paid_like_the_others(
    payments: Payments,
) -> None:
    customer = uuid.uuid4()
    order_id = await _second_billing_paid(payments, customer)
    case = ExchangeReturnResolved(
        case_id=uuid.uuid4(),
        order_id=order_id,
        item_id=uuid.uuid4(),
        outcome=CaseOutcome.RETURNED,
        local_shipping_cost=Money.cny(1_000),  # 10 CNY at 21.5 -> 215 JPY
    )
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        first_id = await payments.publish(case)
        await payments.publish(case)  # the same fact again (new message id): billed once
        await payments.publish(case, message_id=first_id)
        extra = await payments.billing(order_id, customer, "additional")
        await payments.settle()
        [issued] = await seen.wait_for(AdditionalBillingIssued)
        assert issued.billing_id == uuid.UUID(extra["billing_id"])
        assert issued.total == Money.jpy(215)
        assert issued.lines[0].code == "exchange_return_shipping"
        # The v1 facts orders and the warehouse read never name it.
        for fact in (BillingIssued, BillingAdjusted, BillingPaid):
            assert all(f.billing_id != issued.billing_id for f in seen.of_type(fact))

        listed = await payments.client.get(
            "/billings", params={"order_id": str(order_id)}, headers=payments.customer(customer)
        )
        body = listed.json()
        assert [b["kind"] for b in body["billings"]] == ["first", "second", "additional"]
        assert body["pending_charges"]["amount"] == 0
        assert (extra["status"], extra["amount_due"]["amount"]) == ("open", 215)

        # Deposit first (100 of 215), the rest by bank transfer confirmed by staff.
        await payments.top_up(customer, 100)
        started = await payments.client.post(
            f"/billings/{extra['billing_id']}/payments",
            json={"method": "transfer", "revision": 1},
            headers=payments.customer(customer),
        )
        assert started.status_code == 200, started.text
        report = await payments.client.post(
            f"/billings/{extra['billing_id']}/transfers",
            json={"amount": 115, "payer_name": "YAMADA TARO", "transferred_on": "2026-01-05"},
            headers=payments.customer(customer),
        )
        assert report.status_code == 201, report.text
        confirmed = await payments.client.post(
            f"/transfers/{report.json()['transfer_id']}/confirm",
            json={"amount_received": 115},
            headers=payments.staff,
        )
        assert confirmed.status_code == 200, confirmed.text
        [paid] = await seen.wait_for(AdditionalBillingPaid)
    assert (paid.paid_by_deposit, paid.paid_by_transfer) == (Money.jpy(100), Money.jpy(115))
    done = await payments.billing(order_id, customer, "additional", status="paid")
    assert done["amount_due"]["amount"] == 0
    assert len(seen.of_type(AdditionalBillingIssued)) == 1
    statement = (
        await payments.client.get(f"/statements/{order_id}", headers=payments.customer(customer))
    ).json()
    assert statement["sums"] is True
    assert statement["due"]["amount"] == 1_000  # the 1st billing, left open here
    assert statement["totals"]["billed"]["amount"] == 1_000 + 2_000 + 215
    assert await payments.balance(customer) == 0
    await payments.assert_books_balanced()


async def test_an_open_additional_billing_is_owed_and_voided_with_its_order(
    payments: Payments,
) -> None:
    customer = uuid.uuid4()
    order_id = await _second_billing_paid(payments, customer)
    await payments.publish(
        ExchangeReturnResolved(
            case_id=uuid.uuid4(),
            order_id=order_id,
            item_id=uuid.uuid4(),
            outcome=CaseOutcome.EXCHANGED,
            local_shipping_cost=Money.jpy(500),
        )
    )
    extra = await payments.billing(order_id, customer, "additional")
    statement = (
        await payments.client.get(f"/statements/{order_id}", headers=payments.customer(customer))
    ).json()
    assert statement["sums"] is True
    assert statement["due"]["amount"] == statement["balance"]["amount"] == 1_000 + 500
    assert extra["billing_id"] in {line["billing_id"] for line in statement["lines"]}
    cancel = OrderCancelled(
        order_id=order_id,
        customer_id=customer,
        reason=OrderCancelReason.PAYMENT_DEADLINE,
        cancelled_at=NOW,
    )
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        await payments.publish(cancel)
        [voided] = await seen.wait_for(AdditionalBillingVoided)
    assert voided.billing_id == uuid.UUID(extra["billing_id"])
    await payments.billing(order_id, customer, "additional", status="voided")
    await payments.assert_books_balanced()
