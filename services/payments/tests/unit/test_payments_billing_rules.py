"""Issuing billings from the other services' facts, on the in-memory unit of work."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from payments_builders import customer, line, open_billing, stored
from payments_fakes import FakePaymentsUnit

from daikou_contracts.catalogue.additional_billings import AdditionalBillingIssued
from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.payments import (
    BillingAdjusted,
    BillingIssued,
    BillingVoided,
    DepositDebited,
    RefundIssued,
)
from daikou_contracts.catalogue.warehouse import (
    CaseOutcome,
    ExchangeReturnResolved,
    PackingCompleted,
    Parcel,
)
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.errors import PermanentFailure
from daikou_payments.application import issuing, second_billing
from daikou_payments.application.issuing import OrderNotYetKnown
from daikou_payments.domain.billing import BillingStatus, PaymentMethod

RATE = ExchangeRate(base="CNY", quote="JPY", rate=Decimal("21.5"))


def packed(order_id: UUID, fee: int = 3000) -> PackingCompleted:
    parcel = Parcel(
        parcel_id=uuid4(),
        weight_g=1200,
        length_cm=30,
        width_cm=20,
        height_cm=10,
        chargeable_weight_g=1200,
        fee=Money.jpy(fee),
    )
    return PackingCompleted(
        order_id=order_id,
        method="EMS",
        destination="US",
        parcels=[parcel],
        international_fee=Money.jpy(fee),
        packed_at=FakePaymentsUnit().clock.now(),
    )


def case(order_id: UUID, cost: Money) -> ExchangeReturnResolved:
    return ExchangeReturnResolved(
        case_id=uuid4(),
        order_id=order_id,
        item_id=uuid4(),
        outcome=CaseOutcome.RETURNED,
        local_shipping_cost=cost,
    )


async def test_the_first_billing_is_issued_once_then_revised_by_a_newer_revision() -> None:
    unit, buyer, order_id = FakePaymentsUnit(), customer(), uuid4()

    async def first(revision: int, total: int) -> None:
        await issuing.first_billing(
            unit,
            order_id,
            buyer.user_id,
            lines=[line(total)],
            total=Money.jpy(total),
            revision=revision,
            rate=RATE,
        )

    await first(1, 5000)
    await first(1, 9999)  # the same revision again changes nothing
    await first(2, 6000)

    [billing] = await unit.billings.of_order(order_id)
    assert (billing.kind, billing.total, billing.revision) == ("first", 6000, 2)
    assert len(unit.of_type(BillingIssued)) == 1
    assert unit.of_type(BillingAdjusted)[0].total.amount == 6000
    assert [r.total for r in await unit.billings.revisions([billing.billing_id])] == [5000, 6000]
    order = await unit.orders.get(order_id)
    assert order is not None
    assert order.rate == RATE


async def test_the_first_billing_must_be_in_the_units_currency() -> None:
    unit, buyer = FakePaymentsUnit(currency="CNY"), customer()

    with pytest.raises(PermanentFailure, match="must be in CNY"):
        await issuing.first_billing(
            unit, uuid4(), buyer.user_id, lines=[line(5000)], total=Money.jpy(5000), revision=1
        )

    assert unit.of_type(BillingIssued) == []


async def test_packing_issues_the_second_billing_once_with_the_pending_charges() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    first = await open_billing(unit, buyer, 5000)
    await unit.orders.remember(first.order_id, buyer.user_id, RATE)
    await second_billing.exchange_return_resolved(
        unit, case(first.order_id, Money(amount=100, currency="CNY"))
    )

    await second_billing.packing_completed(unit, packed(first.order_id))
    await second_billing.packing_completed(unit, packed(first.order_id))

    second = await unit.billings.of_kind(first.order_id, BillingKind.SECOND.value)
    assert second is not None
    assert second.total == 3000 + 22  # 1 yuan at 21.5, rounded up
    assert [x.code for x in second.lines] == ["international_shipping", "exchange_return_shipping"]
    assert len([e for e in unit.of_type(BillingIssued) if e.kind is BillingKind.SECOND]) == 1
    assert not await unit.orders.charges(first.order_id, pending_only=True)


async def test_an_order_packed_before_its_estimate_is_retried_later() -> None:
    with pytest.raises(OrderNotYetKnown):
        await second_billing.packing_completed(FakePaymentsUnit(), packed(uuid4()))


async def paid_second(unit: FakePaymentsUnit, deposit: int) -> tuple[UUID, UUID]:
    buyer = customer()
    second = await open_billing(unit, buyer, 3000, kind="second")
    paid = await stored(unit, second.billing_id)
    paid.apply(3000, PaymentMethod.TRANSFER, unit.clock.now())
    await unit.billings.save(paid)
    unit.ledger.seed(buyer.user_id, deposit)
    return second.order_id, buyer.user_id


async def test_a_cost_after_the_second_billing_is_paid_comes_from_a_deposit_that_holds_it() -> None:
    unit = FakePaymentsUnit()
    order_id, customer_id = await paid_second(unit, deposit=1000)

    await second_billing.exchange_return_resolved(unit, case(order_id, Money.jpy(800)))

    assert await unit.ledger.balance(customer_id) == (200, "JPY")
    assert unit.of_type(DepositDebited)[0].amount.amount == 800
    [charge] = await unit.orders.charges(order_id)
    assert charge.settled_at is not None
    assert charge.billing_id is None
    assert len(await unit.billings.of_order(order_id)) == 1


async def test_a_cost_the_deposit_cannot_cover_becomes_an_additional_billing() -> None:
    unit = FakePaymentsUnit()
    order_id, customer_id = await paid_second(unit, deposit=500)

    await second_billing.exchange_return_resolved(unit, case(order_id, Money.jpy(800)))

    additional = [b for b in await unit.billings.of_order(order_id) if b.kind == "additional"]
    assert [(b.total, b.status) for b in additional] == [(800, BillingStatus.OPEN)]
    [issued] = unit.of_type(AdditionalBillingIssued)
    assert issued.billing_id == additional[0].billing_id
    assert await unit.ledger.balance(customer_id) == (500, "JPY")
    [charge] = await unit.orders.charges(order_id)
    assert charge.billing_id == additional[0].billing_id


async def test_cancelling_voids_the_open_billings_and_refunds_what_was_paid() -> None:
    unit, buyer = FakePaymentsUnit(), customer()
    billing = await open_billing(unit, buyer, 5000)
    partly = await stored(unit, billing.billing_id)
    partly.apply(2000, PaymentMethod.TRANSFER, unit.clock.now())
    await unit.billings.save(partly)

    await issuing.cancel_order(unit, billing.order_id, buyer.user_id, "customer")
    await issuing.cancel_order(unit, billing.order_id, buyer.user_id, "customer")

    assert (await stored(unit, billing.billing_id)).status is BillingStatus.VOIDED
    assert len(unit.of_type(BillingVoided)) == 1
    [refund] = unit.of_type(RefundIssued)
    assert refund.amount.amount == 2000
    assert await unit.ledger.balance(buyer.user_id) == (2000, "JPY")
    assert [r.kind for r in await unit.orders.refunds(billing.order_id)] == ["voided"]
