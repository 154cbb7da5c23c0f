"""Ops: the e-mails the mail server refused for good (and the latest ones of any status), from the
gateway's `GET /staff/notifications`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from daikou_web import notice_labels
from daikou_web.pages import gateway
from daikou_web.routes.deps import Ops
from daikou_web.routes.staff_common import staff_render

STATUSES = ("failed", "pending", "sent", "no_contact", "skipped")

router = APIRouter(prefix="/staff/ops")


@router.get("/mails")
async def mails(request: Request, session: Ops, status: str = "failed") -> Response:
    status = status if status in STATUSES else "failed"
    found = await gateway(request).get("/staff/notifications", status=status, limit=100)
    entries = [{**m, "label": notice_labels.kind(m["kind"])} for m in found["notifications"]]
    return staff_render(
        request, "staff/ops_mails.html", entries=entries, status=status, statuses=STATUSES
    )
