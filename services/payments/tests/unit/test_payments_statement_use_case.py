"""An order's money statement on the in-memory unit of work: its lines sum to what is due."""

from __future__ import annotations

from datetime import date, timedelta

from payments_builders import OPS, customer, open_billing
from payments_fakes import FakePaymentsUnit

from daikou_payments.application import statement, transfers
from daikou_payments.domain.calendar import BusinessCalendar


async def test_a_billing_partly_paid_by_transfer_has_a_statement_summing_to_what_is_due() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)
    reported = await transfers.report(
        unit,
        buyer,
        billing.billing_id,
        amount=3000,
        payer_name="YAMADA TARO",
        transferred_on=date(2026, 1, 5),
        calendar=BusinessCalendar(),
        confirmation=timedelta(hours=3),
    )
    await transfers.confirm(unit, OPS, reported.transfer_id, 3000)

    partly = await statement.of_order(unit, buyer, billing.order_id)

    assert partly.due == 2000
    assert partly.balance == partly.due
    assert [r.revision for r in partly.revisions] == [1]
    assert {line.kind for line in partly.lines} == {"billed", "paid_transfer"}
