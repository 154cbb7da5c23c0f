"""The deposit's whole history, withdrawals and top-ups by bank transfer: thin routes."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from daikou_kit.errors import InvalidInput
from daikou_kit.http import Actor, actor_dependency, correlation_id
from daikou_payments.application import deposit_top_ups, deposits, withdrawals
from daikou_payments.domain.transfer import TransferStatus
from daikou_payments.domain.withdrawal import WithdrawalStatus
from daikou_payments.entrypoints import schemas_deposit as d
from daikou_payments.entrypoints.http import HttpContext
from daikou_payments.entrypoints.schemas import entry_out

MAX_CURSOR = 2**62


def parse_cursor(cursor: str | None) -> int | None:
    """The page cursor is the position of the last entry shown; anything else is refused."""
    if cursor is None:
        return None
    if not cursor.isdigit() or len(cursor) > 19 or int(cursor) > MAX_CURSOR:
        raise InvalidInput("cursor is not one this API gave out", code="bad_cursor")
    return int(cursor)


def router(ctx: HttpContext) -> APIRouter:
    """Deposit history, withdrawal and top-up routes."""
    api = APIRouter(tags=["deposits"])
    ActorDep = Annotated[  # noqa: N806  (a type alias bound to this router's token)
        Actor, Depends(actor_dependency(ctx.settings.internal_token.get_secret_value()))
    ]
    Flow = Annotated[str | None, Depends(correlation_id)]  # noqa: N806
    db = ctx.database

    @api.get("/deposits/{customer_id}/entries", response_model=d.DepositHistoryOut)
    async def history(
        actor: ActorDep,
        customer_id: UUID,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Annotated[str | None, Query(max_length=40)] = None,
    ) -> d.DepositHistoryOut:
        async with db.unit_of_work() as uow:
            page = await deposits.history(
                uow, actor, customer_id, ctx.currency, limit=limit, cursor=parse_cursor(cursor)
            )
        currency = page.balance.currency
        return d.DepositHistoryOut(
            customer_id=customer_id,
            balance=page.balance,
            entries=[entry_out(e, currency) for e in page.entries],
            next_cursor=str(page.next_cursor) if page.next_cursor is not None else None,
        )

    @api.post(
        "/deposits/{customer_id}/withdrawals", response_model=d.WithdrawalOut, status_code=201
    )
    async def withdraw(
        actor: ActorDep, flow: Flow, customer_id: UUID, body: d.WithdrawalRequest
    ) -> d.WithdrawalOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await withdrawals.request(
                uow,
                actor,
                customer_id,
                body.amount,
                body.bank_account.model_dump(),
                currency=ctx.currency,
            )
        return d.withdrawal_out(row)

    @api.get("/deposits/{customer_id}/withdrawals", response_model=list[d.WithdrawalOut])
    async def my_withdrawals(actor: ActorDep, customer_id: UUID) -> list[d.WithdrawalOut]:
        async with db.unit_of_work() as uow:
            rows = await withdrawals.of_customer(uow, actor, customer_id)
        return [d.withdrawal_out(r) for r in rows]

    @api.get("/withdrawals", response_model=list[d.WithdrawalOut])
    async def withdrawal_queue(
        actor: ActorDep, status: Annotated[WithdrawalStatus | None, Query()] = None
    ) -> list[d.WithdrawalOut]:
        async with db.unit_of_work() as uow:
            rows = await withdrawals.queue(uow, actor, status)
        return [d.withdrawal_out(r) for r in rows]

    @api.post("/withdrawals/{withdrawal_id}/pay-out", response_model=d.WithdrawalOut)
    async def pay_out(
        actor: ActorDep, flow: Flow, withdrawal_id: UUID, body: d.PayOut
    ) -> d.WithdrawalOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await withdrawals.pay_out(uow, actor, withdrawal_id, body.reference)
        return d.withdrawal_out(row)

    @api.post("/withdrawals/{withdrawal_id}/refuse", response_model=d.WithdrawalOut)
    async def refuse(
        actor: ActorDep, flow: Flow, withdrawal_id: UUID, body: d.Refusal
    ) -> d.WithdrawalOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await withdrawals.refuse(uow, actor, withdrawal_id, body.reason)
        return d.withdrawal_out(row)

    @api.post(
        "/deposits/{customer_id}/transfers", response_model=d.DepositTransferOut, status_code=201
    )
    async def report_top_up(
        actor: ActorDep, flow: Flow, customer_id: UUID, body: d.DepositTransferReport
    ) -> d.DepositTransferOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await deposit_top_ups.report(
                uow,
                actor,
                customer_id,
                amount=body.amount,
                payer_name=body.payer_name,
                transferred_on=body.transferred_on,
                currency=ctx.currency,
            )
        return d.deposit_transfer_out(row)

    @api.get("/deposits/{customer_id}/transfers", response_model=list[d.DepositTransferOut])
    async def my_top_ups(actor: ActorDep, customer_id: UUID) -> list[d.DepositTransferOut]:
        async with db.unit_of_work() as uow:
            rows = await deposit_top_ups.of_customer(uow, actor, customer_id)
        return [d.deposit_transfer_out(r) for r in rows]

    @api.get("/deposit-transfers", response_model=list[d.DepositTransferOut])
    async def top_up_queue(
        actor: ActorDep, status: Annotated[TransferStatus | None, Query()] = None
    ) -> list[d.DepositTransferOut]:
        async with db.unit_of_work() as uow:
            rows = await deposit_top_ups.queue(uow, actor, status)
        return [d.deposit_transfer_out(r) for r in rows]

    @api.post("/deposit-transfers/{transfer_id}/confirm", response_model=d.DepositTransferOut)
    async def confirm_top_up(
        actor: ActorDep, flow: Flow, transfer_id: UUID, body: d.DepositTransferConfirmation
    ) -> d.DepositTransferOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await deposit_top_ups.confirm(uow, actor, transfer_id, body.amount_received)
        return d.deposit_transfer_out(row)

    @api.post("/deposit-transfers/{transfer_id}/reject", response_model=d.DepositTransferOut)
    async def reject_top_up(
        actor: ActorDep, flow: Flow, transfer_id: UUID, body: d.Refusal
    ) -> d.DepositTransferOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await deposit_top_ups.reject(uow, actor, transfer_id, body.reason)
        return d.deposit_transfer_out(row)

    return api
