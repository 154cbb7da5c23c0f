"""Bank-transfer routes: the customer reports a transfer for a billing, staff decide on it."""

from datetime import timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_kit.app import ActorDep
from daikou_payments.application import transfers
from daikou_payments.domain.transfer import TransferStatus
from daikou_payments.entrypoints import schemas as s
from daikou_payments.entrypoints.deps import Calendar, Unit

router = APIRouter(tags=["transfers"])


@router.post("/billings/{billing_id}/transfers", response_model=s.TransferOut, status_code=201)
async def report_transfer(
    actor: ActorDep, unit: Unit, calendar: Calendar, billing_id: UUID, body: s.TransferReport
) -> s.TransferOut:
    """The customer reports a bank transfer paying a billing."""
    transfer = await transfers.report(
        unit,
        actor,
        billing_id,
        amount=body.amount,
        payer_name=body.payer_name,
        transferred_on=body.transferred_on,
        calendar=calendar,
        confirmation=timedelta(hours=unit.settings.transfer_confirmation_hours),
    )
    return s.transfer_out(transfer)


@router.get("/transfers", response_model=list[s.TransferOut])
async def list_transfers(
    actor: ActorDep, unit: Unit, status: Annotated[TransferStatus | None, Query()] = None
) -> list[s.TransferOut]:
    """Reported transfers, for staff."""
    return [s.transfer_out(t) for t in await transfers.listing(unit, actor, status)]


@router.post("/transfers/{transfer_id}/confirm", response_model=s.TransferOut)
async def confirm_transfer(
    actor: ActorDep, unit: Unit, transfer_id: UUID, body: s.TransferConfirmation
) -> s.TransferOut:
    """Staff confirm the money arrived."""
    return s.transfer_out(await transfers.confirm(unit, actor, transfer_id, body.amount_received))


@router.post("/transfers/{transfer_id}/reject", response_model=s.TransferOut)
async def reject_transfer(
    actor: ActorDep, unit: Unit, transfer_id: UUID, body: s.TransferRejection
) -> s.TransferOut:
    """Staff reject a reported transfer."""
    return s.transfer_out(await transfers.reject(unit, actor, transfer_id, body.reason))
