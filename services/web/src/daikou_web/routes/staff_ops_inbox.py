"""The ops message inbox: unread customer messages, oldest first, and the reply to each order."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect
from daikou_web.routes.deps import Ops
from daikou_web.routes.staff_common import staff_render

router = APIRouter(prefix="/staff/ops")


@router.get("/inbox")
async def inbox(request: Request, session: Ops) -> Response:
    found = await gateway(request).get("/staff/inbox")
    entries = [{**m, "waiting_since": m.get("posted_at")} for m in found.get("messages", [])]
    return staff_render(
        request,
        "staff/ops_inbox.html",
        entries=entries,
        done=request.query_params.get("done", ""),
    )


@router.get("/inbox/{order_id}")
async def conversation(request: Request, session: Ops, order_id: UUID) -> Response:
    return await _conversation(request, order_id, {}, {})


@router.post("/inbox/{order_id}")
async def reply(
    request: Request,
    session: Ops,
    order_id: UUID,
    title: Annotated[str, Form(max_length=200)] = "",
    body: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    form = {"title": title, "body": body}
    errors = {}
    if not title.strip():
        errors["title"] = _("Write a title.")
    if not body.strip():
        errors["body"] = _("Write the message.")
    if errors:
        return await _conversation(request, order_id, form, errors, 400)
    try:
        await gateway(request).post(f"/orders/{order_id}/messages", form)
    except GatewayError as exc:
        status = shown_status(exc)
        return await _conversation(request, order_id, form, field_errors(exc), status)
    return redirect("/staff/ops/inbox?done=replied", request)


async def _conversation(
    request: Request,
    order_id: UUID,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    """The order's threads (reading them marks the customer's messages read) and the reply form."""
    found = await gateway(request).get(f"/orders/{order_id}/messages")
    return staff_render(
        request,
        "staff/ops_conversation.html",
        status_code=status_code,
        order_id=str(order_id),
        threads=found.get("threads", []),
        form=form,
        errors=errors,
    )
