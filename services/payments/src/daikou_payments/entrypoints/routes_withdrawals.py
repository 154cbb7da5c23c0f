"""Withdrawal routes: the customer asks for the deposit back, staff pay it out or refuse."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_kit.app import ActorDep
from daikou_payments.application import withdrawals
from daikou_payments.domain.withdrawal import WithdrawalStatus
from daikou_payments.entrypoints import schemas_deposit as d
from daikou_payments.entrypoints.deps import Unit

router = APIRouter(tags=["deposits"])


@router.post("/deposits/{customer_id}/withdrawals", response_model=d.WithdrawalOut, status_code=201)
async def withdraw(
    actor: ActorDep, unit: Unit, customer_id: UUID, body: d.WithdrawalRequest
) -> d.WithdrawalOut:
    """The customer asks for part of the deposit back."""
    row = await withdrawals.request(
        unit,
        actor,
        customer_id,
        body.amount,
        body.bank_account.model_dump(),
    )
    return d.withdrawal_out(row)


@router.get("/deposits/{customer_id}/withdrawals", response_model=list[d.WithdrawalOut])
async def my_withdrawals(actor: ActorDep, unit: Unit, customer_id: UUID) -> list[d.WithdrawalOut]:
    """A customer's withdrawals."""
    rows = await withdrawals.of_customer(unit, actor, customer_id)
    return [d.withdrawal_out(r) for r in rows]


@router.get("/withdrawals", response_model=list[d.WithdrawalOut])
async def withdrawal_queue(
    actor: ActorDep, unit: Unit, status: Annotated[WithdrawalStatus | None, Query()] = None
) -> list[d.WithdrawalOut]:
    """Withdrawals, for staff."""
    rows = await withdrawals.queue(unit, actor, status)
    return [d.withdrawal_out(r) for r in rows]


@router.post("/withdrawals/{withdrawal_id}/pay-out", response_model=d.WithdrawalOut)
async def pay_out(
    actor: ActorDep, unit: Unit, withdrawal_id: UUID, body: d.PayOut
) -> d.WithdrawalOut:
    """Staff record the money was sent."""
    row = await withdrawals.pay_out(unit, actor, withdrawal_id, body.reference)
    return d.withdrawal_out(row)


@router.post("/withdrawals/{withdrawal_id}/refuse", response_model=d.WithdrawalOut)
async def refuse(
    actor: ActorDep, unit: Unit, withdrawal_id: UUID, body: d.Refusal
) -> d.WithdrawalOut:
    """Staff refuse a withdrawal (the amount goes back to the deposit)."""
    row = await withdrawals.refuse(unit, actor, withdrawal_id, body.reason)
    return d.withdrawal_out(row)
