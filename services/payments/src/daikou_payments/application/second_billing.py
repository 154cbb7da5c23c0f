"""The 2nd billing: international shipping from packing, plus exchange/return costs.

A cost arriving once the 2nd billing is paid is taken from the deposit when it holds all of it,
otherwise billed on its own as an additional billing (`additional_billing.py`).
"""

from __future__ import annotations

import logging
from uuid import UUID

from daikou_contracts.catalogue.common import BillingKind, BillingLine
from daikou_contracts.catalogue.payments import LedgerReason
from daikou_contracts.catalogue.warehouse import ExchangeReturnResolved, PackingCompleted
from daikou_contracts.money import Money
from daikou_payments.application.additional_billing import issue_for_charge
from daikou_payments.application.issuing import OrderNotYetKnown, adjust, issue, to_currency
from daikou_payments.application.ledger_ops import debit_up_to
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import BillingStatus
from daikou_payments.domain.order_view import Charge

log = logging.getLogger(__name__)


def _line(
    code: str, description: str, amount: int, currency: str, item_id: UUID | None = None
) -> BillingLine:
    return BillingLine(
        code=code,
        description=description[:200],
        amount=Money(amount=amount, currency=currency),
        item_id=item_id,
    )


def _charge_line(charge: Charge, currency: str) -> BillingLine:
    return _line(
        "exchange_return_shipping", charge.description, charge.amount, currency, charge.item_id
    )


async def packing_completed(uow: PaymentsUnit, fact: PackingCompleted) -> None:
    """Issue the 2nd billing once: the international fee plus pending exchange/return costs."""
    currency = uow.currency
    order = await uow.orders.get(fact.order_id, lock=True)
    if order is None:
        raise OrderNotYetKnown(f"order {fact.order_id} packed before its estimate was seen")
    if order.cancelled_at is not None:
        log.info("order %s is cancelled; no 2nd billing", fact.order_id)
        return
    if await uow.billings.of_kind(fact.order_id, BillingKind.SECOND.value) is not None:
        return
    fee = to_currency(fact.international_fee, order.rate, currency)
    parcels = len(fact.parcels)
    lines = [
        _line(
            "international_shipping",
            f"International shipping ({fact.method}, {parcels} parcel{'s' * (parcels > 1)})",
            fee.amount,
            currency,
        )
    ]
    pending = await uow.orders.charges(fact.order_id, pending_only=True)
    lines += [_charge_line(c, currency) for c in pending]
    total = fee.amount + sum(c.amount for c in pending)
    billing = await issue(
        uow,
        fact.order_id,
        order.customer_id,
        BillingKind.SECOND,
        lines=lines,
        total=total,
        revision=1,
        currency=currency,
    )
    await uow.orders.mark_billed([c.charge_id for c in pending], billing.billing_id)


async def _after_second_paid(
    uow: PaymentsUnit, customer_id: UUID, charge: Charge, cost: Money
) -> None:
    """From the deposit when it holds all of the cost; otherwise as an additional billing."""
    account = await uow.ledger.lock_account(customer_id, cost.currency)
    if account.balance < cost.amount:
        billing = await issue_for_charge(
            uow, customer_id, charge, _charge_line(charge, cost.currency), cost.currency
        )
        log.info("case %s: %s billed as additional %s", charge.charge_id, cost, billing.billing_id)
        return
    await debit_up_to(
        uow,
        customer_id,
        cost,
        LedgerReason.CHARGE,
        order_id=charge.order_id,
        note=f"exchange/return local shipping (case {charge.charge_id})",
    )
    await uow.orders.mark_settled(charge.charge_id, uow.clock.now())


async def exchange_return_resolved(uow: PaymentsUnit, fact: ExchangeReturnResolved) -> None:
    """Charge a case's local shipping cost (order's rate) on the 2nd billing, now or when issued."""
    currency = uow.currency
    if fact.local_shipping_cost.amount <= 0:
        return
    order = await uow.orders.get(fact.order_id, lock=True)
    if order is None:
        raise OrderNotYetKnown(f"order {fact.order_id} has a case before its estimate was seen")
    if order.cancelled_at is not None:
        log.info("order %s is cancelled; case %s not charged", fact.order_id, fact.case_id)
        return
    cost = to_currency(fact.local_shipping_cost, order.rate, currency)
    description = f"Local shipping for {fact.outcome.value} (case {str(fact.case_id)[:8]})"
    charge = Charge(
        charge_id=fact.case_id,
        order_id=fact.order_id,
        item_id=fact.item_id,
        amount=cost.amount,
        description=description,
        created_at=uow.clock.now(),
    )
    if not await uow.orders.add_charge(charge):
        return
    second = await uow.billings.of_kind(fact.order_id, BillingKind.SECOND.value, lock=True)
    if second is not None and second.status is BillingStatus.PAID:
        await _after_second_paid(uow, order.customer_id, charge, cost)
        return
    if second is None or second.status is not BillingStatus.OPEN:
        log.info("case %s: %s waits for the 2nd billing", fact.case_id, cost)
        return
    await adjust(
        uow,
        second,
        [*second.lines, _charge_line(charge, currency)],
        second.total + cost.amount,
        second.revision + 1,
    )
    await uow.orders.mark_billed([fact.case_id], second.billing_id)
