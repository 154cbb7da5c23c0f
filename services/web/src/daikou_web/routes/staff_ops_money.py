"""Ops pages about money: bank transfers to confirm or reject, and manual deposit top-ups."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect
from daikou_web.routes.deps import Ops
from daikou_web.routes.staff_common import entry_errors, staff_render, whole_number

router = APIRouter(prefix="/staff/ops")


async def _transfers(
    request: Request, errors: dict[str, dict[str, str]] | None = None, status_code: int = 200
) -> Response:
    found = await gateway(request).get("/staff/transfers", status="reported")
    entries = [{**t, "waiting_since": t.get("reported_at")} for t in found]
    return staff_render(
        request,
        "staff/ops_transfers.html",
        status_code=status_code,
        entries=entries,
        errors=errors or {},
        done=request.query_params.get("done", ""),
    )


@router.get("/transfers")
async def transfers(request: Request, session: Ops) -> Response:
    return await _transfers(request)


@router.post("/transfers/{transfer_id}/confirm")
async def confirm(
    request: Request,
    session: Ops,
    transfer_id: UUID,
    amount_received: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    key = str(transfer_id)
    try:
        amount = whole_number(amount_received, high=1_000_000_000)
    except ValueError:
        message = _("Enter the yen received, a whole number.")
        return await _transfers(request, {key: {"amount_received": message}}, 400)
    path = f"/staff/transfers/{transfer_id}/confirm"
    return await _post(request, key, path, {"amount_received": amount}, "confirmed")


@router.post("/transfers/{transfer_id}/reject")
async def reject(
    request: Request,
    session: Ops,
    transfer_id: UUID,
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    key = str(transfer_id)
    if not reason.strip():
        message = _("Say why the transfer is rejected.")
        return await _transfers(request, {key: {"reason": message}}, 400)
    path = f"/staff/transfers/{transfer_id}/reject"
    return await _post(request, key, path, {"reason": reason.strip()}, "rejected")


async def _post(request: Request, key: str, path: str, body: dict[str, Any], done: str) -> Response:
    try:
        await gateway(request).post(path, body)
    except GatewayError as exc:
        return await _transfers(request, entry_errors(key, exc), shown_status(exc))
    return redirect(f"/staff/ops/transfers?done={done}", request)


async def _deposit_page(
    request: Request,
    email: str,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    customer: dict[str, Any] | None = None
    deposit: dict[str, Any] | None = None
    if email:
        try:
            api = gateway(request)
            customer = await api.get("/staff/customers", email=email)
            deposit = await api.get(f"/staff/deposits/{customer['id']}")
        except GatewayError as exc:
            if exc.status >= 500:
                raise
            errors = {**errors, "email": _("No customer with this email.")}
            status_code = max(status_code, exc.status)
    reports, reports_error = await _top_up_reports(request)
    return staff_render(
        request,
        "staff/ops_deposits.html",
        reports=reports,
        reports_error=reports_error,
        status_code=status_code,
        email=email,
        customer=customer,
        deposit=deposit,
        form=form,
        errors=errors,
        done=request.query_params.get("done", ""),
    )


async def _top_up_reports(request: Request) -> tuple[list[dict[str, Any]], str]:
    """Customers' reports of transfers made to top up their deposit, oldest first."""
    try:
        found = await gateway(request).get("/staff/deposit-transfers", status="reported")
    except GatewayError as exc:
        return [], exc.detail
    return [{**t, "waiting_since": t.get("reported_at")} for t in found], ""


@router.post("/deposit-transfers/{transfer_id}/{decision}")
async def decide_top_up(
    request: Request,
    session: Ops,
    transfer_id: UUID,
    decision: str,
    *,
    amount_received: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    key = str(transfer_id)
    body: dict[str, Any]
    if decision == "confirm":
        try:
            body = {"amount_received": whole_number(amount_received, high=1_000_000_000)}
        except ValueError:
            message = _("Enter the yen received, a whole number.")
            return await _deposit_page(request, "", {}, {key: message}, 400)
    elif decision == "reject" and reason.strip():
        body = {"reason": reason.strip()}
    else:
        message = _("Say why the transfer is rejected.")
        return await _deposit_page(request, "", {}, {key: message}, 400)
    try:
        await gateway(request).post(f"/staff/deposit-transfers/{transfer_id}/{decision}", body)
    except GatewayError as exc:
        errors = {key: field_errors(exc).popitem()[1]}
        return await _deposit_page(request, "", {}, errors, shown_status(exc))
    done = "topped_up" if decision == "confirm" else "rejected"
    return redirect(f"/staff/ops/deposits?done={done}", request)


@router.get("/deposits")
async def deposits(request: Request, session: Ops, email: str = "") -> Response:
    return await _deposit_page(request, email.strip()[:254], {}, {})


@router.post("/deposits/{customer_id}/top-ups")
async def top_up(
    request: Request,
    session: Ops,
    customer_id: UUID,
    *,
    email: Annotated[str, Form(max_length=254)] = "",
    amount: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=20)] = "top_up",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = {"amount": amount, "reason": reason, "note": note}
    try:
        yen = int(amount.strip())
        if yen == 0 or abs(yen) > 100_000_000 or (reason != "adjustment" and yen < 0):
            raise ValueError(amount)
    except ValueError:
        message = _("Enter a whole number of yen (negative only for an adjustment).")
        return await _deposit_page(request, email, form, {"amount": message}, 400)
    body = {
        "amount": {"amount": yen, "currency": "JPY"},
        "reason": "adjustment" if reason == "adjustment" else "top_up",
        "note": note,
    }
    try:
        await gateway(request).post(f"/staff/deposits/{customer_id}/top-ups", body)
    except GatewayError as exc:
        errors = field_errors(exc)
        return await _deposit_page(request, email, form, errors, shown_status(exc))
    return redirect(f"/staff/ops/deposits?email={email}&done=topped_up", request)
