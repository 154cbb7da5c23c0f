"""Additional billings: a cost after the 2nd billing was paid that the deposit cannot cover.

Each such cost (one exchange or return case) becomes its own billing, kind `additional`, which
the customer pays like the others: deposit first when paying, then bank transfer or card. It is
published as `payments.additional_billing_*` facts, never as the v1 billing facts that orders and
the warehouse read for the 1st and 2nd billings.
"""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.catalogue.additional_billings import AdditionalBillingIssued
from daikou_contracts.catalogue.common import AnyBillingKind, BillingLine
from daikou_payments.application.ledger_ops import money
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import Billing
from daikou_payments.domain.order_view import Charge


async def issue_for_charge(
    uow: PaymentsUnit, customer_id: UUID, charge: Charge, line: BillingLine, currency: str
) -> Billing:
    """Issue an open additional billing for one recorded charge and attach the charge to it."""
    billing = Billing(
        billing_id=uow.new_id(),
        order_id=charge.order_id,
        customer_id=customer_id,
        kind=AnyBillingKind.ADDITIONAL.value,
        currency=currency,
        lines=[line],
        total=charge.amount,
        revision=1,
        issued_at=uow.clock.now(),
    )
    await uow.billings.add(billing)
    await uow.orders.mark_billed([charge.charge_id], billing.billing_id)
    uow.emit(
        AdditionalBillingIssued(
            billing_id=billing.billing_id,
            order_id=billing.order_id,
            customer_id=customer_id,
            lines=[line],
            total=money(billing, billing.total),
            issued_at=billing.issued_at,
            reason=charge.description[:200],
        )
    )
    return billing
