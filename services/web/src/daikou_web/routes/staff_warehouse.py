"""Warehouse pages: arrivals expected, items to inspect (the inspection form with several photos
at once) and exchange/return cases."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import httpx
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect
from daikou_web.routes.deps import Staff
from daikou_web.routes.staff_common import (
    BadAmount,
    amount_error,
    entry_errors,
    number_error,
    queue,
    staff_render,
    whole_number,
    yuan_to_fen,
)

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024
UPLOAD_TIMEOUT_S = 120.0
PHOTO_CODES = {
    "too_many_photos": "photos",
    "photo_too_large": "photos",
    "not_an_image": "photos",
    "form_too_large": "photos",
}

router = APIRouter(prefix="/staff/warehouse")


async def _list(
    request: Request, name: str, errors: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    return staff_render(
        request,
        f"staff/wh_{name}.html",
        status_code=status_code,
        entries=await queue(request, name),
        errors=errors or {},
        done=request.query_params.get("done", ""),
    )


@router.get("/arrivals")
async def arrivals(request: Request, session: Staff) -> Response:
    return await _list(request, "arrivals")


@router.post("/orders/{order_id}/items/{item_id}/arrival")
async def arrival(
    request: Request,
    session: Staff,
    order_id: UUID,
    item_id: UUID,
    *,
    quantity: Annotated[str, Form(max_length=10)] = "",
    tracking_number: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    key = str(item_id)
    try:
        count = whole_number(quantity, high=9999)
    except ValueError:
        return await _list(request, "arrivals", {key: {"quantity": number_error()}}, 400)
    body = {
        "tracking_number": tracking_number.strip(),
        "items": [{"item_id": key, "quantity": count}],
    }
    try:
        await gateway(request).post(f"/staff/orders/{order_id}/arrivals", body)
    except GatewayError as exc:
        return await _list(request, "arrivals", entry_errors(key, exc), shown_status(exc))
    return redirect("/staff/warehouse/arrivals?done=arrived", request)


@router.get("/inspection")
async def to_inspect(request: Request, session: Staff) -> Response:
    return await _list(request, "inspection")


@router.get("/orders/{order_id}/items/{item_id}/inspect")
async def inspect_form(request: Request, session: Staff, order_id: UUID, item_id: UUID) -> Response:
    return _inspect_page(request, order_id, item_id, form={}, errors={})


@router.post("/orders/{order_id}/items/{item_id}/inspect")
async def inspect(request: Request, session: Staff, order_id: UUID, item_id: UUID) -> Response:
    form = await request.form(max_files=MAX_PHOTOS + 1)
    fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    photos = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]
    errors = _check_inspection(fields, photos)
    if errors:
        return _inspect_page(
            request, order_id, item_id, form=fields, errors=errors, status_code=400
        )
    content, content_type = await _multipart(fields, photos)
    path = f"/staff/orders/{order_id}/items/{item_id}/inspection"
    try:
        await gateway(request).request(
            "POST",
            path,
            content=content,
            headers={"content-type": content_type},
            timeout=UPLOAD_TIMEOUT_S,
        )
    except GatewayError as exc:
        errors = field_errors(exc, PHOTO_CODES)
        return _inspect_page(
            request, order_id, item_id, form=fields, errors=errors, status_code=shown_status(exc)
        )
    return redirect("/staff/warehouse/inspection?done=inspected", request)


def _check_inspection(fields: dict[str, str], photos: list[UploadFile]) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        whole_number(fields.get("quantity_received", ""), low=0, high=9999)
    except ValueError:
        errors["quantity_received"] = number_error()
    if not photos:
        errors["photos"] = _("Add at least one photo.")
    elif len(photos) > MAX_PHOTOS:
        errors["photos"] = _("At most %(n)s photos at once.", n=MAX_PHOTOS)
    elif any((p.size or 0) > MAX_PHOTO_BYTES for p in photos):
        errors["photos"] = _("Each photo may be at most 10 MB.")
    return errors


async def _multipart(fields: dict[str, str], photos: list[UploadFile]) -> tuple[bytes, str]:
    """The inspection form re-encoded for the API: text fields and every photo."""
    data = {
        "quantity_received": fields.get("quantity_received", "0").strip(),
        "type_matches": "true" if fields.get("type_matches") == "yes" else "false",
        "problem_noted": "true" if fields.get("problem_noted") == "yes" else "false",
        "notes": fields.get("notes", "")[:2000],
    }
    files = [
        ("photos", (p.filename or "photo", await p.read(), p.content_type or "image/jpeg"))
        for p in photos
    ]
    encoded = httpx.Request("POST", "http://api/", data=data, files=files)
    return encoded.read(), encoded.headers["content-type"]


def _inspect_page(
    request: Request,
    order_id: UUID,
    item_id: UUID,
    *,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    return staff_render(
        request,
        "staff/wh_inspect_form.html",
        status_code=status_code,
        order_id=str(order_id),
        item_id=str(item_id),
        title=request.query_params.get("title", ""),
        expected=request.query_params.get("expected", ""),
        form=form,
        errors=errors,
        max_photos=MAX_PHOTOS,
    )


@router.get("/cases")
async def cases(request: Request, session: Staff) -> Response:
    return await _list(request, "cases")


@router.post("/cases/{case_id}/seller-response")
async def seller_response(
    request: Request,
    session: Staff,
    case_id: UUID,
    accepted: Annotated[str, Form(max_length=5)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    body = {"accepted": accepted == "yes", "note": note}
    return await _case_action(request, case_id, "seller-response", body, "responded")


@router.post("/cases/{case_id}/resolve")
async def resolve(
    request: Request,
    session: Staff,
    case_id: UUID,
    outcome: Annotated[str, Form(max_length=20)] = "",
    local_shipping_cost: Annotated[str, Form(max_length=20)] = "0",
) -> Response:
    try:
        fen = yuan_to_fen(local_shipping_cost or "0", allow_zero=True)
    except BadAmount:
        errors = {str(case_id): {"local_shipping_cost": amount_error()}}
        return await _list(request, "cases", errors, 400)
    body = {"outcome": outcome, "local_shipping_cost": {"amount": fen, "currency": "CNY"}}
    return await _case_action(request, case_id, "resolve", body, "resolved")


async def _case_action(
    request: Request, case_id: UUID, action: str, body: dict[str, Any], done: str
) -> Response:
    try:
        await gateway(request).post(f"/staff/cases/{case_id}/{action}", body)
    except GatewayError as exc:
        return await _list(request, "cases", entry_errors(str(case_id), exc), shown_status(exc))
    return redirect(f"/staff/warehouse/cases?done={done}", request)
