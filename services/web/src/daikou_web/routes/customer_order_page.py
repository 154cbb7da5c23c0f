"""The order details page (seven parts, the next action as the green button) and what a customer
does on it: change a quantity or cancel an item before payment (the 1st billing is recalculated),
set a purchase condition, cancel the order, check the inspection photos, report reception."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_web import uploads
from daikou_web.errors import explain
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect, render, require

ORDER = "/orders/{order_id:uuid}"
ITEM = ORDER + "/items/{item_id:uuid}"


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


def router() -> APIRouter:
    """The order details page's routes, and those of its photos and reception pages."""
    api = APIRouter()
    api.include_router(follow_up_router())

    @api.get(ORDER)
    async def order_page(request: Request, order_id: UUID) -> Response:
        require(request, "customer")
        return await details(request, order_id)

    async def act(
        request: Request, order_id: UUID, *, key: str, call: Any, done: str, anchor: str = ""
    ) -> Response:
        try:
            await call
        except GatewayError as exc:
            if exc.status in {401, 404}:
                raise
            return await details(request, order_id, {key: explain(exc)}, status=exc.status)
        return redirect(f"/orders/{order_id}?done={done}{anchor}", request)

    @api.post(ITEM + "/quantity")
    async def change_quantity(
        request: Request, order_id: UUID, item_id: UUID, quantity: Annotated[str, Form()] = ""
    ) -> Response:
        require(request, "customer")
        if not quantity.strip().isdigit() or not 1 <= int(quantity) <= 9999:
            message = _("Enter a quantity from 1 to 9999.")
            return await details(request, order_id, {f"quantity-{item_id}": message}, 422)
        call = gateway(request).patch(
            f"/orders/{order_id}/items/{item_id}", {"quantity": int(quantity)}
        )
        return await act(
            request,
            order_id,
            key=f"quantity-{item_id}",
            call=call,
            done="quantity",
            anchor="#billing",
        )

    @api.post(ITEM + "/cancel")
    async def cancel_item(request: Request, order_id: UUID, item_id: UUID) -> Response:
        require(request, "customer")
        call = gateway(request).post(f"/orders/{order_id}/items/{item_id}/cancel", {})
        return await act(
            request,
            order_id,
            key=f"cancel-{item_id}",
            call=call,
            done="item_cancelled",
            anchor="#billing",
        )

    @api.post(ITEM + "/condition")
    async def purchase_condition(
        request: Request,
        order_id: UUID,
        item_id: UUID,
        question: Annotated[str, Form(max_length=4000)] = "",
    ) -> Response:
        require(request, "customer")
        if not question.strip():
            message = _("Write what we should confirm with the seller.")
            return await details(request, order_id, {f"condition-{item_id}": message}, 422)
        body = {"title": _("Confirm before purchasing"), "body": question.strip()}
        call = gateway(request).post(f"/orders/{order_id}/items/{item_id}/purchase-condition", body)
        return await act(
            request,
            order_id,
            key=f"condition-{item_id}",
            call=call,
            done="condition",
            anchor="#items",
        )

    @api.post(ORDER + "/cancel")
    async def cancel_order(request: Request, order_id: UUID) -> Response:
        require(request, "customer")
        call = gateway(request).post(f"/orders/{order_id}/cancel", {})
        return await act(request, order_id, key="cancel", call=call, done="cancelled")

    return api


def follow_up_router() -> APIRouter:
    """After the purchase: the inspection photos (gallery, "photos checked") and reception."""
    api = APIRouter()

    @api.get(ORDER + "/photos")
    async def photos(request: Request, order_id: UUID) -> Response:
        require(request, "customer")
        page = await gateway(request).get(f"/orders/{order_id}")
        return render(request, "customer/photos.html", page=page, errors={})

    @api.get(ORDER + "/photos/{photo_id:uuid}")
    async def photo(request: Request, order_id: UUID, photo_id: UUID) -> Response:
        require(request, "customer")
        answer = await gateway(request).request("GET", f"/orders/{order_id}/photos/{photo_id}")
        return image_response(answer.content, answer.headers.get("content-type", ""))

    @api.post(ORDER + "/photos-checked")
    async def photos_checked(request: Request, order_id: UUID) -> Response:
        require(request, "customer")
        try:
            await gateway(request).post(f"/orders/{order_id}/photos-checked", {})
        except GatewayError as exc:
            if exc.status in {401, 404}:
                raise
            return await details(request, order_id, {"photos": explain(exc)}, status=exc.status)
        return redirect(f"/orders/{order_id}?done=photos_checked", request)

    @api.get(ORDER + "/reception")
    async def reception_page(request: Request, order_id: UUID) -> Response:
        require(request, "customer")
        page = await gateway(request).get(f"/orders/{order_id}")
        return render(
            request, "customer/reception.html", page=page, errors={}, form={"result": "ok"}
        )

    @api.post(ORDER + "/reception")
    async def reception(request: Request, order_id: UUID) -> Response:
        require(request, "customer")
        form = await request.form()
        result = form.get("result")
        comment = str(form.get("comment") or "")[:2000]
        api_ = gateway(request)
        errors: dict[str, str] = {}
        ids: list[str] = []
        if result not in {"ok", "problem"}:
            errors["result"] = _("Choose whether everything is fine or there is a problem.")
        elif result == "problem":
            if not comment.strip():
                errors["comment"] = _("Describe the problem.")
            sent = await uploads.upload_all(
                api_, uploads.files_of(form), request.app.state.settings.upload_timeout_s
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
                await api_.post(f"/orders/{order_id}/reception-report", body)
                return redirect(f"/orders/{order_id}?done=reception", request)
            except GatewayError as exc:
                errors["_"] = explain(exc)
        page = await api_.get(f"/orders/{order_id}")
        form_values = {"result": str(result or "ok"), "comment": comment}
        return render(
            request,
            "customer/reception.html",
            status_code=422,
            page=page,
            errors=errors,
            form=form_values,
        )

    return api


SAFE_IMAGES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def image_response(content: bytes, media: str) -> Response:
    """A stored image or PDF served back; anything else only as a download."""
    base = media.split(";", maxsplit=1)[0].strip().lower()
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"}
    if base in SAFE_IMAGES or base == "application/pdf":
        return Response(content, media_type=base, headers=headers)
    headers["Content-Disposition"] = "attachment"
    return Response(content, media_type="application/octet-stream", headers=headers)
