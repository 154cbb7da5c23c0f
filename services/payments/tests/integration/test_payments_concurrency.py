"""Fifty concurrent payments against one deposit never overdraw it, and each billing is paid once."""

import asyncio
import uuid

import pytest
from payments_support import Payments

from daikou_contracts.catalogue.payments import BillingPaid, DepositDebited
from daikou_kit.testing import capture

pytestmark = pytest.mark.integration


async def test_fifty_concurrent_payments_never_overdraw(payments: Payments) -> None:
    customer = uuid.uuid4()
    await payments.top_up(customer, 20_500)
    billing_ids = await asyncio.gather(*(payments.estimate(customer, 1_000) for _ in range(50)))
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        responses = await asyncio.gather(
            *(
                payments.client.post(
                    f"/billings/{b}/payments",
                    json={"method": "deposit"},
                    headers=payments.customer(customer),
                )
                for b in billing_ids
            )
        )
        # A second wave retries every payment at once: nothing more may be taken.
        retries = await asyncio.gather(
            *(
                payments.client.post(
                    f"/billings/{b}/payments",
                    json={"method": "deposit"},
                    headers=payments.customer(customer),
                )
                for b in billing_ids
            )
        )
        paid = await seen.wait_for(BillingPaid, 20)
        debits = await seen.wait_for(DepositDebited, 21)
    assert {r.status_code for r in responses} == {200}
    taken = sorted(r.json()["paid_by_deposit_now"]["amount"] for r in responses)
    assert sum(taken) == 20_500
    assert taken.count(1_000) == 20
    assert taken.count(500) == 1
    assert sorted({r.status_code for r in retries}) == [200, 409]
    assert (
        sum(
            r.json().get("paid_by_deposit_now", {}).get("amount", 0)
            for r in retries
            if r.status_code == 200
        )
        == 0
    )
    assert len({p.billing_id for p in paid}) == len(paid) == 20
    assert min(d.balance_after.amount for d in debits) == 0
    assert await payments.balance(customer) == 0
    await payments.assert_books_balanced()
