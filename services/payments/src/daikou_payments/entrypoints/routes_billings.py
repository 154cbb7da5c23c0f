"""Billing routes: an order's billings, one billing, paying what remains."""

from uuid import UUID

from fastapi import APIRouter

from daikou_kit.app import ActorDep
from daikou_payments.application import paying, queries
from daikou_payments.entrypoints import schemas as s
from daikou_payments.entrypoints.deps import Fees, Provider, Unit

router = APIRouter(tags=["billings"])


@router.get("/billings", response_model=s.OrderBillingsOut)
async def order_billings(actor: ActorDep, unit: Unit, order_id: UUID) -> s.OrderBillingsOut:
    """An order's billings."""
    found = await queries.of_order(unit, actor, order_id)
    return s.order_billings_out(found, unit.currency)


@router.get("/billings/{billing_id}", response_model=s.BillingOut)
async def one_billing(actor: ActorDep, unit: Unit, billing_id: UUID) -> s.BillingOut:
    """One billing."""
    return s.billing_out(await queries.one(unit, actor, billing_id))


@router.post("/billings/{billing_id}/payments", response_model=s.PaymentOut)
async def pay(
    billing_id: UUID,
    body: s.PaymentRequest,
    *,
    actor: ActorDep,
    unit: Unit,
    provider: Provider,
    fees: Fees,
) -> s.PaymentOut:
    """Pay what remains of a billing: deposit first, then the method chosen."""
    started = await paying.pay(
        unit,
        actor,
        billing_id,
        body.method,
        provider=provider,
        fees=fees,
        revision=body.revision,
    )
    details = await queries.one(unit, actor, billing_id)
    return s.payment_out(started, details, unit.settings.bank_account)
