"""Bank transfers on the in-memory unit of work: reported by the customer, decided by staff."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from payments_builders import OPS, customer, open_billing, stored
from payments_fakes import FakePaymentsUnit

from daikou_contracts.catalogue.payments import (
    BillingPaid,
    DepositCredited,
    LedgerReason,
    TransferConfirmed,
    TransferRejected,
    TransferReported,
)
from daikou_kit.errors import Conflict, Forbidden, InvalidInput
from daikou_payments.application import transfers
from daikou_payments.domain.billing import BillingStatus
from daikou_payments.domain.calendar import BusinessCalendar
from daikou_payments.domain.transfer import Transfer, TransferStatus

TODAY = date(2026, 1, 5)


async def reported(unit: FakePaymentsUnit, amount: int = 5000, total: int = 5000) -> Transfer:
    buyer = customer()
    billing = await open_billing(unit, buyer, total)
    return await transfers.report(
        unit,
        buyer,
        billing.billing_id,
        amount=amount,
        payer_name="YAMADA TARO",
        transferred_on=TODAY,
        calendar=BusinessCalendar(),
        confirmation=timedelta(hours=3),
    )


async def test_a_report_waits_for_staff_with_the_time_it_is_expected_by() -> None:
    unit = FakePaymentsUnit()

    transfer = await reported(unit)

    assert transfer.status is TransferStatus.REPORTED
    assert transfer.expected_confirmation_by > unit.clock.now()
    assert await unit.transfers.get(transfer.transfer_id) == transfer
    [event] = unit.of_type(TransferReported)
    assert event.transfer_id == transfer.transfer_id
    assert event.amount.amount == 5000


async def test_the_same_report_sent_twice_is_one_transfer() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)

    async def send() -> Transfer:
        return await transfers.report(
            unit,
            buyer,
            billing.billing_id,
            amount=5000,
            payer_name="YAMADA TARO",
            transferred_on=TODAY,
            calendar=BusinessCalendar(),
            confirmation=timedelta(hours=3),
        )

    first, second = await send(), await send()

    assert second == first
    assert len(unit.transfers.rows) == 1
    assert len(unit.of_type(TransferReported)) == 1


async def test_a_transfer_dated_in_the_future_is_refused() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)

    with pytest.raises(InvalidInput):
        await transfers.report(
            unit,
            buyer,
            billing.billing_id,
            amount=5000,
            payer_name="YAMADA TARO",
            transferred_on=TODAY + timedelta(days=2),
            calendar=BusinessCalendar(),
            confirmation=timedelta(hours=3),
        )


async def test_confirming_the_full_amount_pays_the_billing() -> None:
    unit = FakePaymentsUnit()
    transfer = await reported(unit)

    decided = await transfers.confirm(unit, OPS, transfer.transfer_id, 5000)

    assert decided.status is TransferStatus.CONFIRMED
    assert decided.decided_by == OPS.user_id
    assert (await stored(unit, transfer.billing_id)).status is BillingStatus.PAID
    assert unit.of_type(BillingPaid)[0].paid_by_transfer.amount == 5000
    assert unit.of_type(TransferConfirmed)[0].amount_received.amount == 5000


async def test_an_under_payment_leaves_the_rest_due() -> None:
    unit = FakePaymentsUnit()
    transfer = await reported(unit, amount=5000)

    await transfers.confirm(unit, OPS, transfer.transfer_id, 3000)

    billing = await stored(unit, transfer.billing_id)
    assert billing.status is BillingStatus.OPEN
    assert billing.amount_due == 2000
    assert not unit.of_type(BillingPaid)


async def test_an_over_payment_goes_to_the_deposit() -> None:
    unit = FakePaymentsUnit()
    transfer = await reported(unit, amount=6000, total=5000)

    await transfers.confirm(unit, OPS, transfer.transfer_id, 6000)

    assert await unit.ledger.balance(transfer.customer_id) == (1000, "JPY")
    [credited] = unit.of_type(DepositCredited)
    assert credited.reason is LedgerReason.OVERPAYMENT
    assert credited.amount.amount == 1000
    assert [e.reason for e in await unit.ledger.overpayments(transfer.order_id)] == ["overpayment"]


async def test_a_rejected_transfer_leaves_the_billing_due_and_cannot_be_decided_again() -> None:
    unit = FakePaymentsUnit()
    transfer = await reported(unit)

    decided = await transfers.reject(unit, OPS, transfer.transfer_id, "not found on the account")

    assert decided.status is TransferStatus.REJECTED
    assert decided.reason == "not found on the account"
    assert (await stored(unit, transfer.billing_id)).amount_due == 5000
    assert unit.of_type(TransferRejected)[0].reason == "not found on the account"
    with pytest.raises(Conflict):
        await transfers.confirm(unit, OPS, transfer.transfer_id, 5000)


async def test_customers_cannot_decide_transfers() -> None:
    unit = FakePaymentsUnit()
    transfer = await reported(unit)

    with pytest.raises(Forbidden):
        await transfers.confirm(unit, customer(transfer.customer_id), transfer.transfer_id, 5000)
    assert (await unit.transfers.get(transfer.transfer_id)) == transfer


async def test_staff_list_the_reported_transfers() -> None:
    unit = FakePaymentsUnit()
    waiting = await reported(unit)
    decided = await reported(unit)
    await transfers.reject(unit, OPS, decided.transfer_id, "unknown")

    found = await transfers.listing(unit, OPS, TransferStatus.REPORTED)

    assert [t.transfer_id for t in found] == [waiting.transfer_id]
