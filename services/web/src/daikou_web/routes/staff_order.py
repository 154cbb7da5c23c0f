"""An order as staff see it (the links of every work list lead here): its status, items, billings,
shipping and history, from the order details API."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from daikou_web.pages import gateway
from daikou_web.routes.deps import Staff
from daikou_web.routes.staff_common import staff_render

router = APIRouter()


def data(page: dict[str, Any], part: str) -> Any:
    """A part's data, or None when its service did not answer."""
    found = page.get(part) or {}
    return found.get("data") if found.get("available") else None


@router.get("/staff/orders/{order_id}")
async def order(request: Request, session: Staff, order_id: UUID) -> Response:
    page = await gateway(request).get(f"/orders/{order_id}")
    return staff_render(
        request,
        "staff/order.html",
        order_id=str(order_id),
        info=data(page, "basic_info") or {},
        progress=data(page, "progress") or {},
        items=(data(page, "items") or {}).get("items", []),
        billing=data(page, "billing") or {},
        shipping=data(page, "shipping") or {},
    )
