"""Ops pages over the orders: orders to estimate (with the estimate form), items to purchase
(purchased / out of stock), items out of stock, purchase conditions to answer, and orders that
need attention because a service dead-lettered a message about them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_kit.digits import digits_value
from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect
from daikou_web.routes.deps import Ops
from daikou_web.routes.staff_common import (
    BadAmount,
    amount_error,
    entry_errors,
    queue,
    staff_render,
    yuan_to_fen,
)

DEAD = ("cancelled", "out_of_stock")

router = APIRouter(prefix="/staff/ops")


async def _list(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    entries = await queue(request, name)
    context.setdefault("errors", {})
    return staff_render(
        request,
        f"staff/ops_{name}.html",
        status_code=status_code,
        entries=entries,
        done=request.query_params.get("done", ""),
        **context,
    )


@router.get("/estimate")
async def to_estimate(request: Request, session: Ops) -> Response:
    return await _list(request, "estimate")


@router.get("/estimate/{order_id}")
async def estimate_form(request: Request, session: Ops, order_id: UUID) -> Response:
    return await _estimate_page(request, order_id, {}, {})


@router.post("/estimate/{order_id}")
async def estimate(request: Request, session: Ops, order_id: UUID) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    items = await _live_items(request, order_id)
    errors: dict[str, str] = {}
    body = _estimate_body(form, items, errors)
    if errors:
        return await _estimate_page(request, order_id, form, errors, 400)
    try:
        await gateway(request).post(f"/staff/orders/{order_id}/estimate", body)
    except GatewayError as exc:
        errors = field_errors(exc, {"invalid_rate": "rate"})
        return await _estimate_page(request, order_id, form, errors, shown_status(exc))
    return redirect("/staff/ops/estimate?done=estimated", request)


async def _live_items(request: Request, order_id: UUID) -> list[dict[str, Any]]:
    page = await gateway(request).get(f"/orders/{order_id}")
    items = ((page.get("items") or {}).get("data") or {}).get("items", [])
    return [i for i in items if i.get("status") not in DEAD]


async def _estimate_page(
    request: Request,
    order_id: UUID,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    page = await gateway(request).get(f"/orders/{order_id}")
    items = ((page.get("items") or {}).get("data") or {}).get("items", [])
    info = (page.get("basic_info") or {}).get("data") or {}
    return staff_render(
        request,
        "staff/ops_estimate_form.html",
        status_code=status_code,
        order_id=str(order_id),
        info=info,
        items=[i for i in items if i.get("status") not in DEAD],
        form=form,
        errors=errors,
    )


def _estimate_body(
    form: dict[str, str], items: list[dict[str, Any]], errors: dict[str, str]
) -> dict[str, Any]:
    """The API's estimate from the form; problems go to `errors` under their field's name."""
    lines = []
    for item in items:
        price_key, ship_key = f"unit_price_{item['item_id']}", f"shipping_{item['item_id']}"
        try:
            price = yuan_to_fen(form.get(price_key, ""))
        except BadAmount:
            errors[price_key] = amount_error()
            price = 0
        try:
            shipping = yuan_to_fen(form.get(ship_key, "") or "0", allow_zero=True)
        except BadAmount:
            errors[ship_key] = amount_error()
            shipping = 0
        lines.append(
            {
                "item_id": item["item_id"],
                "unit_price": {"amount": price, "currency": "CNY"},
                "domestic_shipping": {"amount": shipping, "currency": "CNY"},
            }
        )
    body: dict[str, Any] = {"items": lines}
    try:
        rate = Decimal(form.get("rate", "").strip())
        if not rate.is_finite() or rate <= 0 or rate > 1000:
            raise InvalidOperation
        body["rate"] = {"base": "CNY", "quote": "JPY", "rate": str(rate), "rounding": "up"}
    except InvalidOperation:
        errors["rate"] = _("Enter the yen for one yuan, such as 21.5.")
    fee = form.get("service_fee", "").strip()
    if fee:
        yen = digits_value(fee, max_digits=8)
        if yen is not None and yen <= 10_000_000:
            body["service_fee"] = {"amount": yen, "currency": "JPY"}
        else:
            errors["service_fee"] = _("Enter a whole number of yen, or leave it empty.")
    return body


@router.get("/purchase")
async def to_purchase(request: Request, session: Ops) -> Response:
    return await _list(request, "purchase")


@router.get("/out-of-stock")
async def out_of_stock_list(request: Request, session: Ops) -> Response:
    return await _list(request, "out_of_stock")


@router.post("/orders/{order_id}/items/{item_id}/purchased")
async def purchased(request: Request, session: Ops, order_id: UUID, item_id: UUID) -> Response:
    path = f"/staff/orders/{order_id}/items/{item_id}/purchased"
    return await _act(request, "purchase", str(item_id), path=path, body={}, done="purchased")


@router.post("/orders/{order_id}/items/{item_id}/out-of-stock")
async def out_of_stock(
    request: Request,
    session: Ops,
    order_id: UUID,
    item_id: UUID,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    path = f"/staff/orders/{order_id}/items/{item_id}/out-of-stock"
    body = {"reason": reason}
    return await _act(request, "purchase", str(item_id), path=path, body=body, done="oos")


@router.get("/conditions")
async def conditions(request: Request, session: Ops) -> Response:
    return await _list(request, "conditions")


@router.post("/orders/{order_id}/items/{item_id}/condition")
async def answer(
    request: Request,
    session: Ops,
    order_id: UUID,
    item_id: UUID,
    *,
    answer: Annotated[str, Form(max_length=2000)] = "",
    proceed: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    if not answer.strip():
        errors = {str(item_id): {"answer": _("Write the seller's answer.")}}
        return await _list(request, "conditions", 400, errors=errors)
    path = f"/staff/orders/{order_id}/items/{item_id}/purchase-condition/answer"
    body = {"answer": answer, "proceed": proceed == "yes"}
    return await _act(request, "conditions", str(item_id), path=path, body=body, done="answered")


@router.get("/dead-lettered")
async def dead_lettered(request: Request, session: Ops) -> Response:
    return await _list(request, "dead_lettered")


@router.post("/orders/{order_id}/dead-letter-flags/clear")
async def clear_flags(request: Request, session: Ops, order_id: UUID) -> Response:
    path = f"/staff/orders/{order_id}/dead-letter-flags/clear"
    return await _act(
        request, "dead_lettered", str(order_id), path=path, body={}, done="flags_cleared"
    )


async def _act(
    request: Request, page: str, key: str, *, path: str, body: dict[str, Any], done: str
) -> Response:
    """POST an action on one entry; back to its list, or the list with the error at the entry."""
    try:
        await gateway(request).post(path, body)
    except GatewayError as exc:
        return await _list(request, page, shown_status(exc), errors=entry_errors(key, exc))
    target = {"purchase": "purchase", "conditions": "conditions", "dead_lettered": "dead-lettered"}[
        page
    ]
    return redirect(f"/staff/ops/{target}?done={done}", request)
