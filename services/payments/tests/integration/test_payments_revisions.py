"""A payment pays one known revision; a newer revision of a paid 1st billing is settled, not lost."""

import asyncio
import uuid

import pytest
from payments_support import Payments
from test_payments_events import recalculated

from daikou_contracts.catalogue.payments import BillingAdjusted, BillingPaid, RefundIssued
from daikou_kit.testing import capture

pytestmark = pytest.mark.integration


async def _pay(payments: Payments, customer: uuid.UUID, billing_id: str, **body: object) -> int:
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "deposit", **body},
        headers=payments.customer(customer),
    )
    return response.status_code


async def test_a_payment_naming_an_older_revision_is_refused(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 10_000)
    billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
    await payments.publish(recalculated(order_id, customer, 6_000, 2))
    await payments.billing(order_id, customer, "first", revision=2)
    response = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "deposit", "revision": 1},
        headers=payments.customer(customer),
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale_revision")
    assert await payments.balance(customer) == 10_000
    assert await _pay(payments, customer, billing_id, revision=2) == 200
    assert await payments.balance(customer) == 4_000


async def test_a_larger_revision_after_payment_reopens_the_billing_for_the_difference(
    payments: Payments,
) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 5_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
        assert await _pay(payments, customer, billing_id, revision=1) == 200
        await payments.publish(recalculated(order_id, customer, 7_000, 2))
        billing = await payments.billing(order_id, customer, "first", revision=2)
        [first_paid] = await seen.wait_for(BillingPaid)
        [adjusted] = await seen.wait_for(BillingAdjusted)
        await payments.top_up(customer, 2_000)
        assert await _pay(payments, customer, billing_id, revision=2) == 200
        paid = await seen.wait_for(BillingPaid, 2)
    assert first_paid.revision == 1
    assert (billing["status"], billing["amount_due"]["amount"]) == ("open", 2_000)
    assert (adjusted.revision, adjusted.amount_due.amount) == (2, 2_000)
    assert [(p.revision, p.total.amount) for p in paid] == [(1, 5_000), (2, 7_000)]
    await payments.assert_books_balanced()


async def test_a_smaller_revision_after_payment_refunds_and_pays_it(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 5_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
        assert await _pay(payments, customer, billing_id) == 200
        await payments.publish(recalculated(order_id, customer, 4_000, 2))
        paid = await seen.wait_for(BillingPaid, 2)
        [refund] = await seen.wait_for(RefundIssued)
    assert [(p.revision, p.total.amount) for p in paid] == [(1, 5_000), (2, 4_000)]
    assert refund.amount.amount == 1_000
    assert await payments.balance(customer) == 1_000
    await payments.assert_books_balanced()


async def test_a_revision_racing_a_payment_never_leaves_it_underpaid(payments: Payments) -> None:
    customer, order_id = uuid.uuid4(), uuid.uuid4()
    await payments.top_up(customer, 5_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 5_000, order_id=order_id)
        status, _ = await asyncio.gather(
            _pay(payments, customer, billing_id, revision=1),
            payments.publish(recalculated(order_id, customer, 8_000, 2)),
        )
        billing = await payments.billing(order_id, customer, "first", revision=2)
        await seen.wait_for(BillingAdjusted)
    paid_revisions = {p.revision for p in seen.of_type(BillingPaid)}
    assert status in (200, 409)
    assert 2 not in paid_revisions  # the larger revision is never reported paid with 5,000
    assert billing["status"] == "open"
    assert billing["amount_paid"]["amount"] + billing["amount_due"]["amount"] == 8_000
    await payments.assert_books_balanced()
