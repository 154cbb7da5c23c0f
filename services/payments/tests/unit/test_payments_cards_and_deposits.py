"""Card captures, webhooks, deposits and withdrawals on the in-memory unit of work."""

from __future__ import annotations

import pytest
from payments_builders import OPS, customer, open_billing, stored
from payments_fakes import FakePaymentsUnit, FakeProvider

from daikou_contracts.catalogue.deposits import WithdrawalRefused, WithdrawalRequested
from daikou_contracts.catalogue.payments import BillingPaid, LedgerReason
from daikou_contracts.money import Money
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_payments.application import card_capture, deposits, paying, withdrawals
from daikou_payments.domain.billing import BillingStatus
from daikou_payments.domain.card_payment import CAPTURED
from daikou_payments.domain.fees import CardFeeRule
from daikou_payments.domain.withdrawal import WithdrawalStatus

FEES = CardFeeRule(rate_bp=360, fixed=40)
BANK = {"bank": "MUFG", "branch": "Shinjuku", "number": "1234567", "holder": "YAMADA TARO"}


async def checkout(unit: FakePaymentsUnit, paypal: FakeProvider, total: int = 5000) -> str:
    buyer = customer()
    billing = await open_billing(unit, buyer, total)
    started = await paying.pay(
        unit, buyer, billing.billing_id, paying.RemainderMethod.CARD, provider=paypal, fees=FEES
    )
    assert started.card is not None
    return started.card.paypal_order_id


async def test_a_capture_pays_the_billing_once_however_often_it_is_asked() -> None:
    unit, paypal = FakePaymentsUnit(), FakeProvider()
    order_id = await checkout(unit, paypal)

    first = await card_capture.capture(unit, None, order_id, paypal)
    again = await card_capture.capture(unit, None, order_id, paypal)

    assert first.status is BillingStatus.PAID
    assert again.status is BillingStatus.PAID
    assert len(unit.of_type(BillingPaid)) == 1
    card = await unit.cards.get(order_id)
    assert card is not None
    assert card.status == CAPTURED


async def test_a_capture_for_a_voided_billing_goes_back_whole_fee_included() -> None:
    unit, paypal = FakePaymentsUnit(), FakeProvider()
    order_id = await checkout(unit, paypal)
    card = await unit.cards.get(order_id)
    assert card is not None
    voided = await stored(unit, card.billing_id)
    voided.void()
    await unit.billings.save(voided)

    await card_capture.capture(unit, None, order_id, paypal)

    refunded = await unit.orders.refunds(voided.order_id)
    assert sum(r.amount for r in refunded) == 5000 + FEES.fee(5000)
    assert {r.kind for r in refunded} == {"unbilled_receipt"}


async def test_a_webhook_capture_is_recorded_and_an_unknown_order_is_only_logged() -> None:
    unit, paypal = FakePaymentsUnit(), FakeProvider()
    order_id = await checkout(unit, paypal)
    total = 5000 + FEES.fee(5000)
    event: dict[str, object] = {
        "event_type": "PAYMENT.CAPTURE.COMPLETED",
        "resource": {
            "id": "CAPTURE-1",
            "amount": {"currency_code": "JPY", "value": str(total)},
            "supplementary_data": {"related_ids": {"order_id": order_id}},
        },
    }
    unknown = {"event_type": "CHECKOUT.ORDER.APPROVED", "resource": {"id": "PAYPAL-X"}}

    assert await card_capture.on_webhook(unit, event, paypal) == "captured"
    assert await card_capture.on_webhook(unit, event, paypal) == "already-captured"
    assert await card_capture.on_webhook(unit, unknown, paypal) == "unknown-order"
    assert await card_capture.on_webhook(unit, {"event_type": "OTHER"}, paypal) == "ignored"
    card = await unit.cards.get(order_id)
    assert card is not None
    assert card.capture_id == "CAPTURE-1"


async def test_staff_top_ups_and_negative_adjustments_never_take_the_deposit_below_zero() -> None:
    unit, buyer = FakePaymentsUnit(), customer()

    async def move(amount: int, reason: LedgerReason) -> int:
        return await deposits.top_up(
            unit, OPS, buyer.user_id, Money.jpy(amount), reason=reason, note=""
        )

    assert await move(3000, LedgerReason.TOP_UP) == 3000
    assert await move(-1000, LedgerReason.ADJUSTMENT) == 2000
    view = await deposits.view(unit, buyer, buyer.user_id, 10)
    assert view.balance == Money.jpy(2000)
    assert [e.amount for e in view.entries] == [-1000, 3000]
    with pytest.raises(InvalidInput):
        await move(-5, LedgerReason.TOP_UP)
    with pytest.raises(Conflict):  # the unit of work is rolled back: nothing is taken
        await move(-5000, LedgerReason.ADJUSTMENT)


async def test_a_withdrawal_reserves_the_money_and_a_refusal_gives_it_back() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    unit.ledger.seed(buyer.user_id, 5000)

    requested = await withdrawals.request(unit, buyer, buyer.user_id, Money.jpy(4000), BANK)
    refused = await withdrawals.refuse(unit, OPS, requested.withdrawal_id, "wrong account")

    assert requested.status is WithdrawalStatus.REQUESTED
    assert unit.of_type(WithdrawalRequested)[0].balance_after == Money.jpy(1000)
    assert refused.status is WithdrawalStatus.REFUSED
    assert unit.of_type(WithdrawalRefused)[0].amount == Money.jpy(4000)
    assert await unit.ledger.balance(buyer.user_id) == (5000, "JPY")
    with pytest.raises(Conflict):
        await withdrawals.pay_out(unit, OPS, requested.withdrawal_id, "REF-1")


async def test_a_withdrawal_beyond_the_deposit_is_refused() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    unit.ledger.seed(buyer.user_id, 1000)

    with pytest.raises(Conflict) as refused:
        await withdrawals.request(unit, buyer, buyer.user_id, Money.jpy(4000), BANK)

    assert refused.value.code == "insufficient_deposit"
    assert not unit.withdrawals.rows


async def test_a_customer_sees_only_their_own_withdrawals() -> None:
    unit, buyer = FakePaymentsUnit(), customer()

    with pytest.raises(NotFound):
        await withdrawals.of_customer(unit, customer(), buyer.user_id)
    assert await withdrawals.of_customer(unit, buyer, buyer.user_id) == []
