"""The payments service's internal HTTP API (called by the gateway only): thin routes."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from daikou_kit.http import Actor, actor_dependency, correlation_id
from daikou_kit.unit_of_work import Database
from daikou_payments.application import paying, queries
from daikou_payments.application import transfers as transfer_cases
from daikou_payments.application.ports import CardProvider
from daikou_payments.domain.calendar import BusinessCalendar
from daikou_payments.domain.fees import CardFeeRule
from daikou_payments.domain.transfer import TransferStatus
from daikou_payments.entrypoints import schemas as s
from daikou_payments.settings import PaymentsSettings


@dataclass(frozen=True)
class HttpContext:
    """What the routes need, built once in wiring."""

    settings: PaymentsSettings
    database: Database
    provider: CardProvider
    fees: CardFeeRule
    calendar: BusinessCalendar

    @property
    def currency(self) -> str:
        """The currency billings and deposits are kept in."""
        return self.settings.currency


def router(ctx: HttpContext) -> APIRouter:
    """Routes of the payments service."""
    api = APIRouter()
    ActorDep = Annotated[  # noqa: N806  (a type alias bound to this router's token)
        Actor, Depends(actor_dependency(ctx.settings.internal_token.get_secret_value()))
    ]
    Flow = Annotated[str | None, Depends(correlation_id)]  # noqa: N806
    db = ctx.database

    @api.get("/billings", response_model=s.OrderBillingsOut, tags=["billings"])
    async def order_billings(actor: ActorDep, order_id: UUID) -> s.OrderBillingsOut:
        async with db.unit_of_work() as uow:
            found = await queries.of_order(uow, actor, order_id)
        return s.order_billings_out(found, ctx.currency)

    @api.get("/billings/{billing_id}", response_model=s.BillingOut, tags=["billings"])
    async def one_billing(actor: ActorDep, billing_id: UUID) -> s.BillingOut:
        async with db.unit_of_work() as uow:
            return s.billing_out(await queries.one(uow, actor, billing_id))

    @api.post("/billings/{billing_id}/payments", response_model=s.PaymentOut, tags=["billings"])
    async def pay(
        actor: ActorDep, flow: Flow, billing_id: UUID, body: s.PaymentRequest
    ) -> s.PaymentOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            started = await paying.pay(
                uow,
                actor,
                billing_id,
                body.method,
                provider=ctx.provider,
                fees=ctx.fees,
                revision=body.revision,
            )
            details = await queries.one(uow, actor, billing_id)
        return s.payment_out(started, details, ctx.settings.bank_account)

    @api.post(
        "/billings/{billing_id}/transfers",
        response_model=s.TransferOut,
        status_code=201,
        tags=["transfers"],
    )
    async def report_transfer(
        actor: ActorDep, flow: Flow, billing_id: UUID, body: s.TransferReport
    ) -> s.TransferOut:
        hours = timedelta(hours=ctx.settings.transfer_confirmation_hours)
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await transfer_cases.report(
                uow,
                actor,
                billing_id,
                amount=body.amount,
                payer_name=body.payer_name,
                transferred_on=body.transferred_on,
                calendar=ctx.calendar,
                confirmation=hours,
            )
        return s.transfer_out(row)

    @api.get("/transfers", response_model=list[s.TransferOut], tags=["transfers"])
    async def list_transfers(
        actor: ActorDep, status: Annotated[TransferStatus | None, Query()] = None
    ) -> list[s.TransferOut]:
        async with db.unit_of_work() as uow:
            rows = await transfer_cases.listing(uow, actor, status)
        return [s.transfer_out(r) for r in rows]

    @api.post("/transfers/{transfer_id}/confirm", response_model=s.TransferOut, tags=["transfers"])
    async def confirm_transfer(
        actor: ActorDep, flow: Flow, transfer_id: UUID, body: s.TransferConfirmation
    ) -> s.TransferOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await transfer_cases.confirm(uow, actor, transfer_id, body.amount_received)
        return s.transfer_out(row)

    @api.post("/transfers/{transfer_id}/reject", response_model=s.TransferOut, tags=["transfers"])
    async def reject_transfer(
        actor: ActorDep, flow: Flow, transfer_id: UUID, body: s.TransferRejection
    ) -> s.TransferOut:
        async with db.unit_of_work(correlation_id=flow) as uow:
            row = await transfer_cases.reject(uow, actor, transfer_id, body.reason)
        return s.transfer_out(row)

    return api
