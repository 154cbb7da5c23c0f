"""Messages of an order, with attachments (JPG, PNG, GIF, WEBP or PDF; at most 3, 10 MB each):
refused files are explained by name; images are previewed before sending and shown after."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from daikou_web import uploads
from daikou_web.errors import explain
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect, render
from daikou_web.routes.customer_order_page import image_response
from daikou_web.routes.deps import Customer, SignedIn

MESSAGES = "/orders/{order_id:uuid}/messages"

router = APIRouter()


async def messages_page(
    request: Request,
    order_id: UUID,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The conversation and the form to write."""
    api = gateway(request)
    page = await api.get(f"/orders/{order_id}")
    conversation = await api.get(f"/orders/{order_id}/messages")
    messages = sorted(
        (m for t in conversation.get("threads", []) for m in t.get("messages", [])),
        key=lambda m: str(m.get("posted_at", "")),
    )
    return render(
        request,
        "customer/messages.html",
        status_code=status,
        page=page,
        conversation=conversation,
        messages=messages,
        errors=errors or {},
        form=form or {"title": "", "body": ""},
        limits={"files": uploads.MAX_FILES, "accept": uploads.ACCEPT},
        sent=request.query_params.get("sent") == "1",
    )


@router.get(MESSAGES)
async def conversation(request: Request, session: Customer, order_id: UUID) -> Response:
    return await messages_page(request, order_id)


@router.post(MESSAGES)
async def send(request: Request, session: Customer, order_id: UUID) -> Response:
    form = await request.form()
    title = str(form.get("title") or "").strip()[:200]
    body = str(form.get("body") or "").strip()[:10_000]
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Enter a title.")
    if not body:
        errors["body"] = _("Write your message.")
    files = uploads.files_of(form)
    ids: list[str] = []
    if not errors:
        sent = await uploads.upload_all(
            gateway(request), files, request.app.state.settings.upload_timeout_s
        )
        ids = sent.ids
        if sent.refused:
            errors["files"] = " ".join(sent.refused)
    if not errors:
        message = {"title": title, "body": body, "attachment_ids": ids}
        try:
            await gateway(request).post(f"/orders/{order_id}/messages", message)
            return redirect(f"/orders/{order_id}/messages?sent=1#last", request)
        except GatewayError as exc:
            if exc.status in {401, 404}:
                raise
            errors["_"] = explain(exc)
    return await messages_page(
        request, order_id, errors, {"title": title, "body": body}, status=422
    )


@router.get("/attachments/{attachment_id:uuid}")
async def attachment(request: Request, session: SignedIn, attachment_id: UUID) -> Response:
    answer = await gateway(request).request("GET", f"/attachments/{attachment_id}")
    return image_response(answer.content, answer.headers.get("content-type", ""))
