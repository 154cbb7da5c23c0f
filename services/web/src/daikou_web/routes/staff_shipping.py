"""Warehouse pages: packing with weight and size (the calculated fee shown before and after) and
dispatch with tracking numbers."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_kit.digits import digits_value
from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect
from daikou_web.routes.deps import Staff
from daikou_web.routes.staff_common import entry_errors, number_error, queue, staff_render

PARCEL_ROWS = 3
DIMENSIONS = ("weight_g", "length_cm", "width_cm", "height_cm")

router = APIRouter(prefix="/staff/warehouse")


@router.get("/packing")
async def to_pack(request: Request, session: Staff) -> Response:
    return await _packing_page(request)


@router.get("/quote")
async def quote(request: Request, session: Staff) -> Response:
    """The fee of the parcels typed so far (an htmx fragment)."""
    form = dict(request.query_params)
    errors: dict[str, str] = {}
    parcels = _parcels(form, errors)
    method = form.get("method", "")
    fees: list[Any] = []
    if parcels and not errors:
        try:
            for parcel in parcels:
                found = await gateway(request).get("/shipping/quote", **parcel)
                fees.append(next((q for q in found["quotes"] if q["method"] == method), None))
        except GatewayError as exc:
            errors = {"_": field_errors(exc).popitem()[1]}
    return staff_render(request, "staff/_quote.html", fees=fees, errors=errors)


@router.post("/orders/{order_id}/packing")
async def pack(request: Request, session: Staff, order_id: UUID) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    key = str(order_id)
    errors: dict[str, str] = {}
    parcels = _parcels(form, errors)
    if not parcels and not errors:
        errors["_"] = _("Enter the weight and size of at least one parcel.")
    if errors:
        return await _packing_page(request, {key: errors}, {key: form}, 400)
    body = {"method": form.get("method", ""), "parcels": parcels}
    try:
        packed = await gateway(request).post(f"/staff/orders/{order_id}/packing", body)
    except GatewayError as exc:
        status = shown_status(exc)
        return await _packing_page(request, entry_errors(key, exc), {key: form}, status)
    fee = (packed or {}).get("international_fee", {}).get("amount", "")
    return redirect(f"/staff/warehouse/packing?done=packed&fee={fee}", request)


@router.get("/dispatch")
async def to_dispatch(request: Request, session: Staff) -> Response:
    return await _dispatch_page(request)


@router.post("/orders/{order_id}/dispatch")
async def dispatch(
    request: Request,
    session: Staff,
    order_id: UUID,
    carrier: Annotated[str, Form(max_length=200)] = "",
    tracking_numbers: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    key = str(order_id)
    numbers = [n.strip() for n in tracking_numbers.replace(",", "\n").splitlines() if n.strip()]
    errors: dict[str, str] = {}
    if not carrier.strip():
        errors["carrier"] = _("Name the carrier.")
    if not numbers:
        errors["tracking_numbers"] = _("Enter one tracking number per parcel.")
    if errors:
        return await _dispatch_page(request, {key: errors}, 400)
    body = {"carrier": carrier.strip(), "tracking_numbers": numbers}
    try:
        await gateway(request).post(f"/staff/orders/{order_id}/dispatch", body)
    except GatewayError as exc:
        status = shown_status(exc)
        return await _dispatch_page(request, entry_errors(key, exc), status)
    return redirect("/staff/warehouse/dispatch?done=dispatched", request)


def _parcels(form: dict[str, str], errors: dict[str, str]) -> list[dict[str, int]]:
    """The parcel rows filled in (`weight_g_0`, `length_cm_0`, ...); bad numbers go to `errors`."""
    parcels = []
    for row in range(PARCEL_ROWS):
        typed = {d: form.get(f"{d}_{row}", "").strip() for d in DIMENSIONS}
        if not any(typed.values()):
            continue
        parcel = {}
        for name, text in typed.items():
            number = digits_value(text, max_digits=7)
            if number is not None and 0 < number <= 1_000_000:
                parcel[name] = number
            else:
                errors[f"{name}_{row}"] = number_error()
        parcels.append(parcel)
    return parcels


async def _packing_page(
    request: Request,
    errors: dict[str, dict[str, str]] | None = None,
    forms: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    methods = await gateway(request).get("/shipping/methods")
    return staff_render(
        request,
        "staff/wh_packing.html",
        status_code=status_code,
        entries=await queue(request, "packing"),
        methods=methods,
        rows=range(PARCEL_ROWS),
        errors=errors or {},
        forms=forms or {},
        done=request.query_params.get("done", ""),
        fee=request.query_params.get("fee", ""),
    )


async def _dispatch_page(
    request: Request, errors: dict[str, dict[str, str]] | None = None, status_code: int = 200
) -> Response:
    return staff_render(
        request,
        "staff/wh_dispatch.html",
        status_code=status_code,
        entries=await queue(request, "dispatch"),
        errors=errors or {},
        done=request.query_params.get("done", ""),
    )
