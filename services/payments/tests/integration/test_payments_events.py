"""Billings follow the orders' and the warehouse's facts, tolerating duplicates and late facts."""

import uuid
from datetime import UTC, datetime

import pytest
from payments_support import Payments, estimated

from daikou_contracts.catalogue.common import BillingLine
from daikou_contracts.catalogue.orders import (
    FirstBillingRecalculated,
    ItemCancelled,
    ItemCancelReason,
    ItemOutOfStock,
    OrderCancelled,
    OrderCancelReason,
    RecalculationReason,
)
from daikou_contracts.catalogue.payments import (
    BillingAdjusted,
    BillingIssued,
    BillingVoided,
    RefundIssued,
)
from daikou_contracts.catalogue.warehouse import (
    CaseOutcome,
    ExchangeReturnResolved,
    PackingCompleted,
    Parcel,
)
from daikou_contracts.money import Money
from daikou_kit.testing import capture, eventually

pytestmark = pytest.mark.integration
NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


def recalculated(
    order_id: uuid.UUID, customer: uuid.UUID, total: int, revision: int
) -> FirstBillingRecalculated:
    return FirstBillingRecalculated(
        order_id=order_id,
        customer_id=customer,
        lines=[BillingLine(code="item", description="Item", amount=Money.jpy(total))],
        total=Money.jpy(total),
        billing_revision=revision,
        reason=RecalculationReason.QUANTITY_CHANGED,
    )


async def _pay_by_deposit(payments: Payments, customer: uuid.UUID, billing_id: str) -> None:
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "deposit"},
        headers=payments.customer(customer),
    )
    assert response.status_code == 200, response.text


async def test_duplicated_estimate_issues_one_billing(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    fact = estimated(order_id, customer, 4_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        message_id = await payments.publish(fact)
        await payments.publish(fact, message_id=message_id)
        await payments.publish(fact)
        await payments.billing(order_id, customer, "first")
        await seen.wait_for(BillingIssued)
        await payments.settle()
        issued = await seen.wait_for(BillingIssued, 2)  # ours and the settling order's
    assert [i.order_id for i in issued].count(order_id) == 1
    found = (
        await payments.client.get(
            "/billings", params={"order_id": str(order_id)}, headers=payments.customer(customer)
        )
    ).json()
    assert [b["total"]["amount"] for b in found["billings"]] == [4_000]


async def test_recalculation_adjusts_only_newer_revisions_of_an_open_billing(
    payments: Payments,
) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 3_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
        await payments.publish(recalculated(order_id, customer, 6_000, 3))
        await payments.billing(order_id, customer, "first", revision=3)
        await payments.publish(recalculated(order_id, customer, 1_000, 2))  # late: ignored
        await _pay_by_deposit(payments, customer, billing_id)
        # Lowered below what the deposit paid: the billing is paid, the excess refunded.
        await payments.publish(recalculated(order_id, customer, 2_000, 4))
        billing = await payments.billing(order_id, customer, "first", revision=4)
        [refund] = await seen.wait_for(RefundIssued)
        adjusted = await seen.wait_for(BillingAdjusted, 2)
    assert [a.total.amount for a in adjusted] == [6_000, 2_000]
    assert (billing["status"], billing["paid_by"]["deposit"]["amount"]) == ("paid", 2_000)
    assert refund.amount.amount == 1_000
    assert await payments.balance(customer) == 1_000
    await payments.assert_books_balanced()


async def test_cancelled_order_voids_and_refunds_once(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 1_500)
    cancel = OrderCancelled(
        order_id=order_id,
        customer_id=customer,
        reason=OrderCancelReason.PAYMENT_DEADLINE,
        cancelled_at=NOW,
    )
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
        await _pay_by_deposit(payments, customer, billing_id)
        await payments.publish(cancel)
        await payments.publish(cancel)
        billing = await payments.billing(order_id, customer, "first", status="voided")
        [voided] = await seen.wait_for(BillingVoided)
        [refund] = await seen.wait_for(RefundIssued)
        await payments.publish(estimated(order_id, customer, 5_000, revision=2))  # late
        await payments.settle()
    assert voided.billing_id == uuid.UUID(billing_id)
    assert refund.amount.amount == 1_500
    assert len(seen.of_type(RefundIssued)) == 1
    assert billing["revision"] == 1
    assert await payments.balance(customer) == 1_500
    paying = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "card"},
        headers=payments.customer(customer),
    )
    assert paying.status_code == 409
    await payments.assert_books_balanced()


async def test_out_of_stock_item_is_refunded_once(payments: Payments) -> None:
    customer, order_id, item_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 5_000)
    out = ItemOutOfStock(
        order_id=order_id, customer_id=customer, item_id=item_id, refund=Money.jpy(1_200)
    )
    async with capture(payments.amqp, payments.infra.names, "payments.refund_issued.#") as seen:
        billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
        await _pay_by_deposit(payments, customer, billing_id)
        await payments.publish(out)
        await payments.publish(out)
        await payments.publish(
            ItemCancelled(
                order_id=order_id,
                customer_id=customer,
                item_id=uuid.uuid4(),
                reason=ItemCancelReason.STAFF,
            )
        )
        [refund] = await seen.wait_for(RefundIssued)
        await payments.publish(
            ItemCancelled(
                order_id=order_id,
                customer_id=customer,
                item_id=item_id,
                reason=ItemCancelReason.STAFF,
                refund=Money.jpy(1_200),
            )
        )
        await payments.settle()
    assert (refund.item_id, refund.amount.amount) == (item_id, 1_200)
    assert len(seen.of_type(RefundIssued)) == 1
    assert await payments.balance(customer) == 1_200
    found = (
        await payments.client.get(
            "/billings", params={"order_id": str(order_id)}, headers=payments.customer(customer)
        )
    ).json()
    assert found["refunded"]["amount"] == 1_200
    await payments.assert_books_balanced()


def _case(order_id: uuid.UUID, fen: int) -> ExchangeReturnResolved:
    return ExchangeReturnResolved(
        case_id=uuid.uuid4(),
        order_id=order_id,
        item_id=uuid.uuid4(),
        outcome=CaseOutcome.EXCHANGED,
        local_shipping_cost=Money.cny(fen),
    )


async def test_second_billing_carries_international_fee_and_case_costs(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.estimate(customer, 5_000, order_id=order_id)
    await payments.publish(_case(order_id, 1_000))  # 10 CNY at 21.5 -> 215 JPY
    await payments.publish(_case(order_id, 0))

    async def charge_pending() -> bool:
        found = await payments.client.get(
            "/billings", params={"order_id": str(order_id)}, headers=payments.customer(customer)
        )
        return bool(found.json()["pending_charges"]["amount"] == 215)

    await eventually(charge_pending, timeout=15)
    parcel = Parcel(
        parcel_id=uuid.uuid4(),
        weight_g=1200,
        length_cm=30,
        width_cm=20,
        height_cm=10,
        chargeable_weight_g=1200,
        fee=Money.jpy(3_000),
    )
    packed = PackingCompleted(
        order_id=order_id,
        method="EMS",
        destination="JP",
        parcels=[parcel],
        international_fee=Money.jpy(3_000),
        packed_at=NOW,
    )
    await payments.publish(packed)
    second = await payments.billing(order_id, customer, "second")
    assert second["total"]["amount"] == 3_215
    assert [line["code"] for line in second["lines"]] == [
        "international_shipping",
        "exchange_return_shipping",
    ]
    await payments.publish(packed)
    await payments.publish(_case(order_id, 333))  # 3.33 CNY -> 71.595 -> 72 JPY (rounded up)
    second = await payments.billing(order_id, customer, "second", revision=2)
    assert second["total"]["amount"] == 3_287


async def test_access_rules(payments: Payments) -> None:
    customer, stranger, order_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    billing_id = await payments.estimate(customer, 1_000, order_id=order_id)
    client = payments.client
    assert (
        await client.get(
            "/billings", params={"order_id": str(order_id)}, headers=payments.customer(stranger)
        )
    ).status_code == 404
    assert (
        await client.get(f"/billings/{billing_id}", headers=payments.customer(stranger))
    ).status_code == 404
    assert (
        await client.get(f"/deposits/{customer}", headers=payments.customer(stranger))
    ).status_code == 404
    assert (await client.get(f"/deposits/{customer}", headers=payments.staff)).status_code == 200
    assert (await client.get("/transfers", headers=payments.customer(customer))).status_code == 403
    top_up = await client.post(
        f"/deposits/{customer}/top-ups",
        json={"amount": {"amount": 100, "currency": "JPY"}},
        headers=payments.customer(customer),
    )
    assert top_up.status_code == 403
    assert (await client.get(f"/billings/{billing_id}")).status_code == 401
    bad = await client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "cash"},
        headers=payments.customer(customer),
    )
    assert bad.status_code == 422
    overdraw = await client.post(
        f"/deposits/{customer}/top-ups",
        json={"amount": {"amount": -100, "currency": "JPY"}, "reason": "adjustment"},
        headers=payments.staff,
    )
    assert overdraw.status_code == 409
    wrong_currency = await client.post(
        f"/deposits/{customer}/top-ups",
        json={"amount": {"amount": 100, "currency": "CNY"}},
        headers=payments.staff,
    )
    assert wrong_currency.status_code == 400
    calendar = await client.get("/calendar/2026/5", headers=payments.customer(customer))
    assert [d["date"] for d in calendar.json()["days"] if not d["business_day"]][:4] == [
        "2026-05-02",
        "2026-05-03",
        "2026-05-04",
        "2026-05-05",
    ]
    assert (await client.get("/calendar/2026/13", headers=payments.staff)).status_code == 422


async def test_packing_before_the_estimate_is_retried_until_it_arrives(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    parcel = Parcel(
        parcel_id=uuid.uuid4(),
        weight_g=500,
        length_cm=10,
        width_cm=10,
        height_cm=10,
        chargeable_weight_g=500,
        fee=Money.cny(10_000),
    )
    packed = PackingCompleted(
        order_id=order_id,
        method="SAL",
        destination="JP",
        parcels=[parcel],
        international_fee=Money.cny(10_000),
        packed_at=NOW,
    )
    await payments.publish(packed)
    await payments.estimate(customer, 2_000, order_id=order_id)
    second = await payments.billing(order_id, customer, "second")
    assert second["total"]["amount"] == 2_150  # 100 CNY at the estimate's 21.5
    assert second["lines"][0]["description"] == "International shipping (SAL, 1 parcel)"


async def test_case_cost_after_the_second_billing_is_paid_comes_from_the_deposit_or_is_billed(
    payments: Payments,
) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
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
    await payments.top_up(customer, 2_300)
    await _pay_by_deposit(payments, customer, second["billing_id"])
    await payments.publish(_case(order_id, 1_000))  # 215 JPY: the deposit (300) covers it
    await payments.publish(_case(order_id, 1_000))  # 215 JPY: only 85 left, billed apart
    extra = await payments.billing(order_id, customer, "additional")
    assert (extra["status"], extra["total"]["amount"]) == ("open", 215)
    found = await payments.client.get(
        "/billings", params={"order_id": str(order_id)}, headers=payments.customer(customer)
    )
    assert found.json()["pending_charges"]["amount"] == 0
    deposit = (
        await payments.client.get(f"/deposits/{customer}", headers=payments.customer(customer))
    ).json()
    assert deposit["balance"]["amount"] == 85
    assert deposit["entries"][0]["reason"] == "charge"
    assert deposit["entries"][0]["amount"]["amount"] == -215
    await payments.assert_books_balanced()
