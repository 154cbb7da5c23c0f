"""Paying a billing: the deposit first, then bank transfer (our account, then the transfer report)
or card (the total with its fee shown before going to PayPal, and the page PayPal returns to); and
the deposit balance with its history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from daikou_kit.digits import digits_value
from daikou_web import i18n
from daikou_web.errors import explain, said
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect, render
from daikou_web.routes.deps import Customer

PAY = "/orders/{order_id:uuid}/pay/{billing_id:uuid}"
Token = Annotated[str, Query(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")]

router = APIRouter()


def find_billing(page: dict[str, Any], billing_id: UUID) -> dict[str, Any] | None:
    """The billing of the order page with this id."""
    billing = page["billing"]["data"] or {}
    candidates = [billing.get("first"), billing.get("second"), *billing.get("additional", [])]
    for found in candidates:
        if found and str(found.get("billing_id")) == str(billing_id):
            return dict(found)
    return None


def revision_to_pay(billing: dict[str, Any], estimate: dict[str, Any]) -> int | None:
    """The revision a payment names: the estimate's for the 1st billing, the billing's own for an
    additional one (the 2nd billing is paid as it stands)."""
    if billing.get("kind") == "first":
        return estimate.get("billing_revision")
    if billing.get("kind") == "additional":
        return billing.get("revision")
    return None


async def payment_page(
    request: Request,
    order_id: UUID,
    billing_id: UUID,
    *,
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The billing, the deposit that pays first, and the ways to pay the rest."""
    api = gateway(request)
    page = await api.get(f"/orders/{order_id}")
    billing = find_billing(page, billing_id)
    if billing is None:
        raise GatewayError(404, _("This billing is not part of the order."), "billing_not_found")
    deposit = await api.get("/deposit")
    due = int(billing["amount_due"]["amount"])
    balance = int(deposit["balance"]["amount"])
    from_deposit = min(due, max(balance, 0))
    estimate = (page["basic_info"]["data"] or {}).get("estimate") or {}
    return render(
        request,
        "customer/pay.html",
        status_code=status,
        page=page,
        billing=billing,
        balance=balance,
        from_deposit=from_deposit,
        remaining=due - from_deposit,
        revision=revision_to_pay(billing, estimate),
        errors=errors or {},
        result=result,
        today=datetime.now(i18n.JST).date().isoformat(),
    )


@router.get(PAY)
async def pay_page(
    request: Request, session: Customer, order_id: UUID, billing_id: UUID
) -> Response:
    return await payment_page(request, order_id, billing_id)


@router.post(PAY)
async def pay(
    request: Request,
    session: Customer,
    order_id: UUID,
    billing_id: UUID,
    *,
    method: Annotated[str, Form()] = "",
    revision: Annotated[str, Form()] = "",
) -> Response:
    if method not in {"transfer", "card", "deposit"}:
        errors = {"method": _("Choose how to pay.")}
        return await payment_page(request, order_id, billing_id, errors=errors, status=422)
    body: dict[str, Any] = {"method": method}
    if (number := digits_value(revision)) is not None:
        body["revision"] = number
    path = f"/orders/{order_id}/billings/{billing_id}/payments"
    try:
        result = await gateway(request).post(path, body)
    except GatewayError as exc:
        if exc.status in {401, 404}:
            raise
        return await payment_page(
            request, order_id, billing_id, errors={"method": explain(exc)}, status=exc.status
        )
    if result["billing"]["status"] == "paid":
        return redirect(f"/orders/{order_id}?done=paid", request)
    return await payment_page(request, order_id, billing_id, result=result)


@router.post(PAY + "/transfer")
async def report_transfer(
    request: Request,
    session: Customer,
    order_id: UUID,
    billing_id: UUID,
    *,
    amount: Annotated[str, Form()] = "",
    payer_name: Annotated[str, Form(max_length=200)] = "",
    transferred_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    errors: dict[str, str] = {}
    digits = amount.replace(",", "").replace("¥", "").strip()
    if not digits_value(digits):
        errors["amount"] = _("Enter the amount you transferred, in yen.")
    if not payer_name.strip():
        errors["payer_name"] = _("Enter the name the transfer was made in.")
    if not transferred_on:
        errors["transferred_on"] = _("Enter the date of the transfer.")
    if not errors:
        body = {
            "amount": int(digits),
            "payer_name": payer_name.strip(),
            "transferred_on": transferred_on,
        }
        path = f"/orders/{order_id}/billings/{billing_id}/transfers"
        try:
            await gateway(request).post(path, body)
            return redirect(f"/orders/{order_id}?done=transfer", request)
        except GatewayError as exc:
            if exc.status in {401, 404}:
                raise
            errors = {k.split(".")[-1]: said(v) for k, v in exc.fields.items()} or {
                "transfer": explain(exc)
            }
    return await payment_page(request, order_id, billing_id, errors=errors, status=422)


@router.get("/payments/card/return")
async def card_return(request: Request, session: Customer, token: Token) -> Response:
    try:
        billing = await gateway(request).post(f"/card-payments/{token}/capture")
    except GatewayError as exc:
        if exc.status == 401:
            raise
        return render(request, "customer/card_return.html", billing=None, error=explain(exc))
    return render(request, "customer/card_return.html", billing=billing, error=None)


@router.get("/payments/card/cancel")
async def card_cancel(request: Request, session: Customer, token: Token) -> Response:
    return render(request, "customer/card_cancel.html", token=token)


@router.get("/deposit")
async def deposit(request: Request, session: Customer) -> Response:
    found = await gateway(request).get("/deposit")
    return render(request, "customer/deposit.html", deposit=found)
