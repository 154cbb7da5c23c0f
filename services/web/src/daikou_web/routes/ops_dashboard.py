"""The ops dashboard: the live event stream (relayed from the gateway, so the token stays on the
server), messages per type, pending deadlines and their lateness, and orders per status."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from daikou_web.gateway import API, GatewayError
from daikou_web.pages import gateway, gateway_client
from daikou_web.routes.deps import Ops
from daikou_web.routes.staff_common import staff_render

SERVICES = ("orders", "payments", "messaging", "warehouse", "scheduler")
EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
STREAM_TIMEOUT = httpx.Timeout(10.0, read=60.0)  # the gateway pings every 15 s

router = APIRouter(prefix="/ops/dashboard")


def filters(order_id: str, service: str, event_type: str) -> dict[str, str]:
    """The filters understood, anything else dropped (an unknown service, a malformed type)."""
    chosen: dict[str, str] = {}
    try:
        chosen["order_id"] = str(UUID(order_id.strip())) if order_id.strip() else ""
    except ValueError:
        chosen["order_id"] = ""
    chosen["service"] = service if service in SERVICES else ""
    chosen["type"] = event_type.strip() if EVENT_TYPE.match(event_type.strip()) else ""
    return chosen


def upstream_params(chosen: dict[str, str]) -> list[tuple[str, str]]:
    """The gateway's live-events query: routing-key patterns and the order."""
    if chosen.get("type"):
        keys = [f"{chosen['type']}.#"]
    elif chosen.get("service"):
        keys = [f"{chosen['service']}.#"]
    else:
        keys = ["#"]
    params = [("key", k) for k in keys]
    if chosen.get("order_id"):
        params.append(("order_id", chosen["order_id"]))
    return params


@router.get("")
async def dashboard(
    request: Request,
    session: Ops,
    order_id: str = "",
    service: str = "",
    type: str = "",
) -> Response:
    chosen = filters(order_id, service, type)
    figures = await _figures(request)
    return staff_render(
        request,
        "ops/dashboard.html",
        chosen=chosen,
        services=SERVICES,
        stream_url="/ops/dashboard/stream?" + urlencode(chosen),
        **figures,
    )


@router.get("/figures")
async def figures(request: Request, session: Ops) -> Response:
    return staff_render(request, "ops/_figures.html", **(await _figures(request)))


@router.get("/stream")
async def stream(
    request: Request,
    session: Ops,
    order_id: str = "",
    service: str = "",
    type: str = "",
) -> Response:
    params = upstream_params(filters(order_id, service, type))
    http = gateway_client(request)
    headers = {"Authorization": f"Bearer {session.token}", "Accept": "text/event-stream"}
    return StreamingResponse(
        _relay(http, params, headers),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _relay(
    http: httpx.AsyncClient, params: Sequence[tuple[str, str]], headers: dict[str, str]
) -> AsyncIterator[bytes]:
    """The gateway's event stream, byte for byte; a refusal becomes one `unavailable` event."""
    try:
        async with http.stream(
            "GET",
            f"{API}/staff/events",
            params=tuple(params),
            headers=headers,
            timeout=STREAM_TIMEOUT,
        ) as upstream:
            if upstream.status_code != 200:
                yield f"event: unavailable\ndata: {upstream.status_code}\n\n".encode()
                return
            async for chunk in upstream.aiter_bytes():
                yield chunk
    except httpx.HTTPError:
        yield b"event: unavailable\ndata: 503\n\n"


async def _figures(request: Request) -> dict[str, Any]:
    """The dashboard's figures, or why they are missing."""
    try:
        board = await gateway(request).get("/staff/dashboard")
    except GatewayError as exc:
        if exc.status == 401:
            raise
        return {"board": None, "board_error": exc.detail, "bars": []}
    counts = board.get("orders_by_status") or {}
    top = max(counts.values(), default=0) or 1
    bars = [
        {"status": status, "count": n, "width": round(340 * n / top)}
        for status, n in counts.items()
    ]
    return {"board": board, "board_error": "", "bars": bars}
