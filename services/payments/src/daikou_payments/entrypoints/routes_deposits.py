"""Deposit routes: the balance, staff top-ups, the whole history, top-ups by bank transfer."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_kit.app import ActorDep
from daikou_kit.digits import digits_value
from daikou_kit.errors import InvalidInput
from daikou_payments.application import deposit_top_ups, deposits
from daikou_payments.application.deposits import DepositView
from daikou_payments.domain.transfer import TransferStatus
from daikou_payments.entrypoints import schemas as s
from daikou_payments.entrypoints import schemas_deposit as d
from daikou_payments.entrypoints.deps import Unit

router = APIRouter(tags=["deposits"])
MAX_CURSOR = 2**62


def parse_cursor(cursor: str | None) -> int | None:
    """The page cursor is the position of the last entry shown; anything else is refused."""
    if cursor is None:
        return None
    position = digits_value(cursor)
    if position is None or position > MAX_CURSOR:
        raise InvalidInput("cursor is not one this API gave out", code="bad_cursor")
    return position


@router.get("/deposits/{customer_id}", response_model=s.DepositOut)
async def deposit(
    actor: ActorDep,
    unit: Unit,
    customer_id: UUID,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> s.DepositOut:
    """The balance and the latest entries."""
    return _deposit_out(await deposits.view(unit, actor, customer_id, limit))


@router.post("/deposits/{customer_id}/top-ups", response_model=s.DepositOut, status_code=201)
async def top_up(actor: ActorDep, unit: Unit, customer_id: UUID, body: s.TopUp) -> s.DepositOut:
    """Staff credit a customer's deposit."""
    await deposits.top_up(
        unit,
        actor,
        customer_id,
        body.amount,
        reason=body.reason,
        note=body.note,
    )
    return _deposit_out(await deposits.view(unit, actor, customer_id, 50))


@router.get("/deposits/{customer_id}/entries", response_model=d.DepositHistoryOut)
async def history(
    actor: ActorDep,
    unit: Unit,
    customer_id: UUID,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=40)] = None,
) -> d.DepositHistoryOut:
    """The deposit's whole history, a page at a time, newest first."""
    page = await deposits.history(
        unit, actor, customer_id, limit=limit, cursor=parse_cursor(cursor)
    )
    return d.DepositHistoryOut(
        customer_id=customer_id,
        balance=page.balance,
        entries=[s.entry_out(e, page.balance.currency) for e in page.entries],
        next_cursor=str(page.next_cursor) if page.next_cursor is not None else None,
    )


@router.post(
    "/deposits/{customer_id}/transfers", response_model=d.DepositTransferOut, status_code=201
)
async def report_top_up(
    actor: ActorDep, unit: Unit, customer_id: UUID, body: d.DepositTransferReport
) -> d.DepositTransferOut:
    """The customer reports a bank transfer topping up the deposit."""
    row = await deposit_top_ups.report(
        unit,
        actor,
        customer_id,
        amount=body.amount,
        payer_name=body.payer_name,
        transferred_on=body.transferred_on,
    )
    return d.deposit_transfer_out(row)


@router.get("/deposits/{customer_id}/transfers", response_model=list[d.DepositTransferOut])
async def my_top_ups(actor: ActorDep, unit: Unit, customer_id: UUID) -> list[d.DepositTransferOut]:
    """A customer's reported top-ups."""
    rows = await deposit_top_ups.of_customer(unit, actor, customer_id)
    return [d.deposit_transfer_out(r) for r in rows]


@router.get("/deposit-transfers", response_model=list[d.DepositTransferOut])
async def top_up_queue(
    actor: ActorDep, unit: Unit, status: Annotated[TransferStatus | None, Query()] = None
) -> list[d.DepositTransferOut]:
    """Reported top-ups, for staff."""
    rows = await deposit_top_ups.queue(unit, actor, status)
    return [d.deposit_transfer_out(r) for r in rows]


@router.post("/deposit-transfers/{transfer_id}/confirm", response_model=d.DepositTransferOut)
async def confirm_top_up(
    actor: ActorDep, unit: Unit, transfer_id: UUID, body: d.DepositTransferConfirmation
) -> d.DepositTransferOut:
    """Staff confirm a top-up arrived."""
    row = await deposit_top_ups.confirm(unit, actor, transfer_id, body.amount_received)
    return d.deposit_transfer_out(row)


@router.post("/deposit-transfers/{transfer_id}/reject", response_model=d.DepositTransferOut)
async def reject_top_up(
    actor: ActorDep, unit: Unit, transfer_id: UUID, body: d.Refusal
) -> d.DepositTransferOut:
    """Staff reject a reported top-up."""
    row = await deposit_top_ups.reject(unit, actor, transfer_id, body.reason)
    return d.deposit_transfer_out(row)


def _deposit_out(found: DepositView) -> s.DepositOut:
    return s.DepositOut(
        customer_id=found.customer_id,
        balance=found.balance,
        entries=[s.entry_out(e, found.balance.currency) for e in found.entries],
    )
