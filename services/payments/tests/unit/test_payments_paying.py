"""Paying a billing on the in-memory unit of work: the deposit first, then transfer or card."""

from __future__ import annotations

import pytest
from payments_builders import customer, open_billing, stored
from payments_fakes import FakePaymentsUnit, FakeProvider

from daikou_contracts.catalogue.payments import BillingPaid, DepositDebited
from daikou_kit.errors import Conflict, NotFound
from daikou_payments.application.paying import RemainderMethod, pay
from daikou_payments.domain.billing import BillingStatus, PaymentMethod
from daikou_payments.domain.fees import CardFeeRule

FEES = CardFeeRule(rate_bp=360, fixed=40)


async def test_the_deposit_pays_first_and_the_rest_stays_due() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)
    unit.ledger.seed(buyer.user_id, 3000)

    started = await pay(
        unit,
        buyer,
        billing.billing_id,
        RemainderMethod.TRANSFER,
        provider=FakeProvider(),
        fees=FEES,
    )

    assert started.paid_by_deposit_now == 3000
    after = await stored(unit, billing.billing_id)
    assert after.status is BillingStatus.OPEN
    assert after.amount_due == 2000
    assert after.paid[PaymentMethod.DEPOSIT] == 3000
    assert await unit.ledger.balance(buyer.user_id) == (0, "JPY")
    [debited] = unit.of_type(DepositDebited)
    assert debited.amount.amount == 3000
    assert debited.balance_after.amount == 0
    assert not unit.of_type(BillingPaid)
    assert unit.correlation_id == str(billing.order_id)


async def test_a_deposit_that_holds_enough_pays_the_billing_in_full() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)
    unit.ledger.seed(buyer.user_id, 8000)

    started = await pay(
        unit, buyer, billing.billing_id, RemainderMethod.DEPOSIT, provider=FakeProvider(), fees=FEES
    )

    assert started.billing.status is BillingStatus.PAID
    assert (await stored(unit, billing.billing_id)).status is BillingStatus.PAID
    assert await unit.ledger.balance(buyer.user_id) == (3000, "JPY")
    [paid] = unit.of_type(BillingPaid)
    assert paid.paid_by_deposit.amount == 5000
    assert paid.revision == 1


async def test_a_card_remainder_opens_one_paypal_order_for_due_plus_fee_reused_on_retry() -> None:
    unit, buyer, paypal = FakePaymentsUnit(), customer(), FakeProvider()
    billing = await open_billing(unit, buyer, 10_000)
    unit.ledger.seed(buyer.user_id, 1000)

    first = await pay(
        unit, buyer, billing.billing_id, RemainderMethod.CARD, provider=paypal, fees=FEES
    )
    again = await pay(
        unit, buyer, billing.billing_id, RemainderMethod.CARD, provider=paypal, fees=FEES
    )

    assert first.card is not None
    assert again.card is not None
    assert first.card.amount == 9000
    assert first.card.fee == FEES.fee(9000)
    assert first.card.total == 9000 + FEES.fee(9000)
    assert again.card.paypal_order_id == first.card.paypal_order_id
    assert list(paypal.created.values()) == [(first.card.total, "JPY")]
    assert again.paid_by_deposit_now == 0


async def test_a_payment_naming_an_older_revision_is_refused() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)

    with pytest.raises(Conflict) as refused:
        await pay(
            unit,
            buyer,
            billing.billing_id,
            RemainderMethod.TRANSFER,
            provider=FakeProvider(),
            fees=FEES,
            revision=2,
        )

    assert refused.value.code == "stale_revision"


async def test_another_customers_billing_looks_missing() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)

    with pytest.raises(NotFound):
        await pay(
            unit,
            customer(),
            billing.billing_id,
            RemainderMethod.TRANSFER,
            provider=FakeProvider(),
            fees=FEES,
        )
