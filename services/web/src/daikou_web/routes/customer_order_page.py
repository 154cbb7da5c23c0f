"""The order details page (seven parts, the next action as the green button) and what a customer
does on it: change a quantity or cancel an item before payment (the 1st billing is recalculated),
set a purchase condition, cancel the order, check the inspection photos, report reception."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_kit.digits import digits_value
from daikou_web import uploads
from daikou_web.errors import explain
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect, render
from daikou_web.routes.deps import Customer

ORDER = "/orders/{order_id:uuid}"
ITEM = ORDER + "/items/{item_id:uuid}"

router = APIRouter()
follow_up_router = APIRouter()
"""After the purchase: the inspection photos (gallery, "photos checked") and reception."""


def next_action_url(page: dict[str, Any]) -> str | None:
    """Where the green button goes for the order's current action."""
    order_id = page["order_id"]
    progress = page["progress"]["data"] or {}
    action = progress.get("action_required")
    billing = page["billing"]["data"] or {}
    if action == "pay_first_billing" and billing.get("first"):
        return f"/orders/{order_id}/pay/{billing['first']['billing_id']}"
    if action == "pay_second_billing" and billing.get("second"):
        return f"/orders/{order_id}/pay/{billing['second']['billing_id']}"
    if action == "check_photos":
        return f"/orders/{order_id}/photos"
    if action == "report_reception":
        return f"/orders/{order_id}/reception"
    return None if action else _open_additional(order_id, billing)


def _open_additional(order_id: str, billing: dict[str, Any]) -> str | None:
    """An additional billing still open is the next thing to pay when nothing else waits."""
    for extra in billing.get("additional", []):
        if extra.get("status") == "open":
            return f"/orders/{order_id}/pay/{extra['billing_id']}"
    return None


async def details(
    request: Request, order_id: UUID, errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    """The page, with the errors of an action next to the control that failed."""
    page = await gateway(request).get(f"/orders/{order_id}")
    return render(
        request,
        "customer/order.html",
        status_code=status,
        page=page,
        next_url=next_action_url(page),
        errors=errors or {},
        done=request.query_params.get("done", ""),
    )


@router.get(ORDER)
async def order_page(request: Request, session: Customer, order_id: UUID) -> Response:
    return await details(request, order_id)


async def _act(
    request: Request,
    order_id: UUID,
    *,
    key: str,
    call: Awaitable[object],
    done: str,
    anchor: str = "",
) -> Response:
    """Await the API call; back to the page at `anchor`, or the page with the error at `key`."""
    try:
        await call
    except GatewayError as exc:
        if exc.status in {401, 404}:
            raise
        return await details(request, order_id, {key: explain(exc)}, status=exc.status)
    return redirect(f"/orders/{order_id}?done={done}{anchor}", request)


@router.post(ITEM + "/quantity")
async def change_quantity(
    request: Request,
    session: Customer,
    order_id: UUID,
    item_id: UUID,
    quantity: Annotated[str, Form()] = "",
) -> Response:
    wanted = digits_value(quantity.strip(), max_digits=4)
    if wanted is None or wanted < 1:
        message = _("Enter a quantity from 1 to 9999.")
        return await details(request, order_id, {f"quantity-{item_id}": message}, 422)
    call = gateway(request).patch(f"/orders/{order_id}/items/{item_id}", {"quantity": wanted})
    return await _act(
        request,
        order_id,
        key=f"quantity-{item_id}",
        call=call,
        done="quantity",
        anchor="#billing",
    )


@router.post(ITEM + "/cancel")
async def cancel_item(
    request: Request, session: Customer, order_id: UUID, item_id: UUID
) -> Response:
    call = gateway(request).post(f"/orders/{order_id}/items/{item_id}/cancel", {})
    return await _act(
        request,
        order_id,
        key=f"cancel-{item_id}",
        call=call,
        done="item_cancelled",
        anchor="#billing",
    )


@router.post(ITEM + "/condition")
async def purchase_condition(
    request: Request,
    session: Customer,
    order_id: UUID,
    item_id: UUID,
    question: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    if not question.strip():
        message = _("Write what we should confirm with the seller.")
        return await details(request, order_id, {f"condition-{item_id}": message}, 422)
    body = {"title": _("Confirm before purchasing"), "body": question.strip()}
    call = gateway(request).post(f"/orders/{order_id}/items/{item_id}/purchase-condition", body)
    return await _act(
        request,
        order_id,
        key=f"condition-{item_id}",
        call=call,
        done="condition",
        anchor="#items",
    )


@router.post(ORDER + "/cancel")
async def cancel_order(request: Request, session: Customer, order_id: UUID) -> Response:
    call = gateway(request).post(f"/orders/{order_id}/cancel", {})
    return await _act(request, order_id, key="cancel", call=call, done="cancelled")


@follow_up_router.get(ORDER + "/photos")
async def photos(request: Request, session: Customer, order_id: UUID) -> Response:
    page = await gateway(request).get(f"/orders/{order_id}")
    return render(request, "customer/photos.html", page=page, errors={})


@follow_up_router.get(ORDER + "/photos/{photo_id:uuid}")
async def photo(request: Request, session: Customer, order_id: UUID, photo_id: UUID) -> Response:
    answer = await gateway(request).request("GET", f"/orders/{order_id}/photos/{photo_id}")
    return image_response(answer.content, answer.headers.get("content-type", ""))


@follow_up_router.post(ORDER + "/photos-checked")
async def photos_checked(request: Request, session: Customer, order_id: UUID) -> Response:
    try:
        await gateway(request).post(f"/orders/{order_id}/photos-checked", {})
    except GatewayError as exc:
        if exc.status in {401, 404}:
            raise
        return await details(request, order_id, {"photos": explain(exc)}, status=exc.status)
    return redirect(f"/orders/{order_id}?done=photos_checked", request)


@follow_up_router.get(ORDER + "/reception")
async def reception_page(request: Request, session: Customer, order_id: UUID) -> Response:
    page = await gateway(request).get(f"/orders/{order_id}")
    return render(request, "customer/reception.html", page=page, errors={}, form={"result": "ok"})


@follow_up_router.post(ORDER + "/reception")
async def reception(request: Request, session: Customer, order_id: UUID) -> Response:
    form = await request.form()
    result = form.get("result")
    comment = str(form.get("comment") or "")[:2000]
    api = gateway(request)
    errors: dict[str, str] = {}
    ids: list[str] = []
    if result not in {"ok", "problem"}:
        errors["result"] = _("Choose whether everything is fine or there is a problem.")
    elif result == "problem":
        if not comment.strip():
            errors["comment"] = _("Describe the problem.")
        sent = await uploads.upload_all(
            api, uploads.files_of(form), request.app.state.settings.upload_timeout_s
        )
        ids = sent.ids
        if sent.refused:
            errors["files"] = " ".join(sent.refused)
    if not errors:
        body = {
            "result": result,
            "comment": comment,
            "public": form.get("public") == "on" and result == "ok",
            "attachment_ids": ids,
        }
        try:
            await api.post(f"/orders/{order_id}/reception-report", body)
            return redirect(f"/orders/{order_id}?done=reception", request)
        except GatewayError as exc:
            errors["_"] = explain(exc)
    page = await api.get(f"/orders/{order_id}")
    form_values = {"result": str(result or "ok"), "comment": comment}
    return render(
        request,
        "customer/reception.html",
        status_code=422,
        page=page,
        errors=errors,
        form=form_values,
    )


SAFE_IMAGES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def image_response(content: bytes, media: str) -> Response:
    """A stored image or PDF served back; anything else only as a download."""
    base = media.split(";", maxsplit=1)[0].strip().lower()
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"}
    if base in SAFE_IMAGES or base == "application/pdf":
        return Response(content, media_type=base, headers=headers)
    headers["Content-Disposition"] = "attachment"
    return Response(content, media_type="application/octet-stream", headers=headers)
