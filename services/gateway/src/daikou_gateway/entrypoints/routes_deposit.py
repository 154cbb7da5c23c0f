"""The deposit is the customer's money: its whole history, withdrawals, top-ups by transfer."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from daikou_gateway.application.order_page import ensure_order_visible
from daikou_gateway.entrypoints import schemas_deposit as d
from daikou_gateway.entrypoints.deps import (
    AnyCaller,
    CustomerCaller,
    OpsCaller,
    ServicesDep,
    forward,
)
from daikou_gateway.entrypoints.schemas_orders import NoteIn
from daikou_gateway.entrypoints.schemas_orders import OrderOut as Order
from daikou_gateway.entrypoints.schemas_statement import StatementOut

Limit = Annotated[int, Query(ge=1, le=200, description="entries per page")]
Cursor = Annotated[
    str | None, Query(max_length=40, description="`next_cursor` of the previous page")
]
WithdrawalStatus = Annotated[str | None, Query(pattern="^(requested|paid_out|refused)$")]
TransferStatus = Annotated[str | None, Query(pattern="^(reported|confirmed|rejected)$")]


# The customer's deposit routes.
router = APIRouter(prefix="/deposit", tags=["deposit"])


@router.get("/history", response_model=d.DepositHistoryOut)
async def deposit_history(
    services: ServicesDep, caller: CustomerCaller, limit: Limit = 50, cursor: Cursor = None
) -> JSONResponse:
    """The balance and a page of the whole history, newest first (follow `next_cursor`)."""
    path = f"/deposits/{caller.user_id}/entries"
    params = {"limit": limit, "cursor": cursor}
    return await forward(
        services.payments, "GET", path, caller, answer=d.DepositHistoryOut, params=params
    )


@router.post("/withdrawals", response_model=d.WithdrawalOut, status_code=201)
async def request_withdrawal(
    services: ServicesDep, caller: CustomerCaller, body: d.WithdrawalIn
) -> JSONResponse:
    """Withdraw to a bank account: the amount is reserved at once (409 if the deposit holds less)."""
    path = f"/deposits/{caller.user_id}/withdrawals"
    return await forward(
        services.payments,
        "POST",
        path,
        caller,
        answer=d.WithdrawalOut,
        json=body.model_dump(mode="json"),
    )


@router.get("/withdrawals", response_model=list[d.WithdrawalOut])
async def my_withdrawals(services: ServicesDep, caller: CustomerCaller) -> JSONResponse:
    """The caller's withdrawals, newest first."""
    return await forward(
        services.payments,
        "GET",
        f"/deposits/{caller.user_id}/withdrawals",
        caller,
        answer=list[d.WithdrawalOut],
    )


@router.post("/transfers", response_model=d.DepositTransferOut, status_code=201)
async def report_deposit_transfer(
    services: ServicesDep, caller: CustomerCaller, body: d.DepositTransferIn
) -> JSONResponse:
    """Report a bank transfer made to top up the deposit; staff confirm it."""
    path = f"/deposits/{caller.user_id}/transfers"
    return await forward(
        services.payments,
        "POST",
        path,
        caller,
        answer=d.DepositTransferOut,
        json=body.model_dump(mode="json"),
    )


@router.get("/transfers", response_model=list[d.DepositTransferOut])
async def my_deposit_transfers(services: ServicesDep, caller: CustomerCaller) -> JSONResponse:
    """The caller's top-up reports, newest first."""
    return await forward(
        services.payments,
        "GET",
        f"/deposits/{caller.user_id}/transfers",
        caller,
        answer=list[d.DepositTransferOut],
    )


# The order's money statement (its customer and staff).
statement_router = APIRouter(tags=["payments"])


@statement_router.get("/orders/{order_id}/statement", response_model=StatementOut)
async def order_statement(services: ServicesDep, caller: AnyCaller, order_id: UUID) -> JSONResponse:
    """Every yen of the order: billings with revisions, payments, refunds, charges, balance."""
    await ensure_order_visible(services, caller, order_id)
    path = f"/statements/{order_id}"
    return await forward(services.payments, "GET", path, caller, answer=StatementOut)


# Ops staff: pay out or refuse withdrawals, confirm or reject top-up transfers.
staff_router = APIRouter(prefix="/staff", tags=["staff: ops"])


@staff_router.get("/deposits/{customer_id}/history", response_model=d.DepositHistoryOut)
async def customer_deposit_history(
    services: ServicesDep,
    caller: OpsCaller,
    customer_id: UUID,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSONResponse:
    """A customer's balance and a page of the deposit's whole history."""
    params = {"limit": limit, "cursor": cursor}
    path = f"/deposits/{customer_id}/entries"
    return await forward(
        services.payments, "GET", path, caller, answer=d.DepositHistoryOut, params=params
    )


@staff_router.post("/orders/{order_id}/items/{item_id}/seller-refund", response_model=Order)
async def record_seller_refund(
    services: ServicesDep,
    caller: OpsCaller,
    order_id: UUID,
    item_id: UUID,
    body: NoteIn | None = None,
) -> JSONResponse:
    """A bought item of an order staff cancelled: the seller refunded it, so is the customer."""
    path = f"/orders/{order_id}/items/{item_id}/seller-refund"
    note = (body or NoteIn()).model_dump()
    return await forward(services.orders, "POST", path, caller, json=note, answer=Order)


@staff_router.get("/withdrawals", response_model=list[d.WithdrawalOut])
async def withdrawal_queue(
    services: ServicesDep, caller: OpsCaller, status: WithdrawalStatus = None
) -> JSONResponse:
    """Withdrawals (`requested` ones to pay out), oldest first."""
    return await forward(
        services.payments,
        "GET",
        "/withdrawals",
        caller,
        answer=list[d.WithdrawalOut],
        params={"status": status},
    )


@staff_router.post("/withdrawals/{withdrawal_id}/pay-out", response_model=d.WithdrawalOut)
async def pay_out_withdrawal(
    services: ServicesDep, caller: OpsCaller, withdrawal_id: UUID, body: d.PayOutIn
) -> JSONResponse:
    """The money was sent: record the bank's reference (once)."""
    path = f"/withdrawals/{withdrawal_id}/pay-out"
    return await forward(
        services.payments, "POST", path, caller, answer=d.WithdrawalOut, json=body.model_dump()
    )


@staff_router.post("/withdrawals/{withdrawal_id}/refuse", response_model=d.WithdrawalOut)
async def refuse_withdrawal(
    services: ServicesDep, caller: OpsCaller, withdrawal_id: UUID, body: d.ReasonIn
) -> JSONResponse:
    """Refuse with a reason: the reserved amount goes back to the deposit."""
    path = f"/withdrawals/{withdrawal_id}/refuse"
    return await forward(
        services.payments, "POST", path, caller, answer=d.WithdrawalOut, json=body.model_dump()
    )


@staff_router.get("/deposit-transfers", response_model=list[d.DepositTransferOut])
async def deposit_transfer_queue(
    services: ServicesDep, caller: OpsCaller, status: TransferStatus = None
) -> JSONResponse:
    """Top-up transfer reports (`reported` ones to confirm), oldest first."""
    params = {"status": status}
    return await forward(
        services.payments,
        "GET",
        "/deposit-transfers",
        caller,
        answer=list[d.DepositTransferOut],
        params=params,
    )


@staff_router.post("/deposit-transfers/{transfer_id}/confirm", response_model=d.DepositTransferOut)
async def confirm_deposit_transfer(
    services: ServicesDep, caller: OpsCaller, transfer_id: UUID, body: d.DepositTransferConfirmIn
) -> JSONResponse:
    """Credit the amount actually received to the customer's deposit."""
    path = f"/deposit-transfers/{transfer_id}/confirm"
    return await forward(
        services.payments, "POST", path, caller, answer=d.DepositTransferOut, json=body.model_dump()
    )


@staff_router.post("/deposit-transfers/{transfer_id}/reject", response_model=d.DepositTransferOut)
async def reject_deposit_transfer(
    services: ServicesDep, caller: OpsCaller, transfer_id: UUID, body: d.ReasonIn
) -> JSONResponse:
    """The transfer was not found on the account: nothing is credited."""
    path = f"/deposit-transfers/{transfer_id}/reject"
    return await forward(
        services.payments, "POST", path, caller, answer=d.DepositTransferOut, json=body.model_dump()
    )
