"""The order's money statement: each billing with its revisions, payments, refunds, charges and
the balance, from the gateway's `GET /orders/{id}/statement`."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from daikou_web.pages import gateway, render
from daikou_web.routes.deps import Customer

router = APIRouter()


@router.get("/orders/{order_id:uuid}/statement")
async def statement(request: Request, session: Customer, order_id: UUID) -> Response:
    api = gateway(request)
    body = await api.get(f"/orders/{order_id}/statement")
    return render(request, "customer/statement.html", order_id=str(order_id), st=body)
