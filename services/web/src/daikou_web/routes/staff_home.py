"""The staff home page: the signed-in member's work queues and how much waits in each."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from daikou_web.gateway import GatewayError
from daikou_web.pages import gateway
from daikou_web.routes.deps import Staff
from daikou_web.routes.staff_common import OPS_QUEUES, WAREHOUSE_QUEUES, queue_sizes, staff_render

PAGE_OF_QUEUE = {
    "estimate": "/staff/ops/estimate",
    "purchase": "/staff/ops/purchase",
    "out_of_stock": "/staff/ops/out-of-stock",
    "conditions": "/staff/ops/conditions",
    "dead_lettered": "/staff/ops/dead-lettered",
    "arrivals": "/staff/warehouse/arrivals",
    "inspection": "/staff/warehouse/inspection",
    "cases": "/staff/warehouse/cases",
    "packing": "/staff/warehouse/packing",
    "dispatch": "/staff/warehouse/dispatch",
    "transfers": "/staff/ops/transfers",
    "inbox": "/staff/ops/inbox",
    "deposits": "/staff/ops/deposits",
}
OTHER_LISTS = {
    "transfers": ("/staff/transfers", None),
    "inbox": ("/staff/inbox", "messages"),
    "deposits": ("/staff/deposit-transfers", None),
}

router = APIRouter()


async def _money_and_inbox_sizes(request: Request) -> dict[str, int | None]:
    """How many bank transfers, unread messages and top-up reports wait (None when unknown)."""

    async def size(path: str, key: str | None) -> int | None:
        try:
            found = await gateway(request).get(path, **({} if key else {"status": "reported"}))
        except GatewayError:
            return None
        return len(found[key] if key else found)

    sizes = await asyncio.gather(*(size(path, key) for path, key in OTHER_LISTS.values()))
    return dict(zip(OTHER_LISTS, sizes, strict=True))


@router.get("/staff")
async def home(request: Request, session: Staff) -> Response:
    names = (*OPS_QUEUES, *WAREHOUSE_QUEUES) if session.role == "ops" else WAREHOUSE_QUEUES
    sizes = await queue_sizes(request, names)
    if session.role == "ops":
        sizes.update(await _money_and_inbox_sizes(request))
    return staff_render(request, "staff/home.html", sizes=sizes, pages=PAGE_OF_QUEUE)
