"""Live events for staff dashboards: Server-Sent Events of the topic exchange, filtered by routing key."""

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from sse_starlette.sse import EventSourceResponse

from daikou_gateway.adapters.live_events import open_feed
from daikou_gateway.adapters.services import Caller, ServiceUnavailable
from daikou_gateway.domain.dashboard import about_order
from daikou_gateway.domain.live import LiveFeed, check_keys
from daikou_gateway.entrypoints.deps import Gateway, caller_dependency

WAIT_S = 1.0
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-Sent Events: `subscribed` once, then `event` each, `overflow` last",
        "content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                "example": (
                    'event: subscribed\ndata: {"keys": ["orders.#"], "buffer": 256}\n\n'
                    'event: event\nid: 8d1f...\ndata: {"routing_key": "orders.order_placed.v1", '
                    '"message_id": "8d1f...", "type": "orders.order_placed.v1", "envelope": {}}\n\n'
                ),
            }
        },
    }
}


def router(gw: Gateway) -> APIRouter:
    """The live events route."""
    api = APIRouter(prefix="/staff", tags=["staff: live events"])
    staff_caller = Annotated[Caller, Depends(caller_dependency(gw, "ops", "warehouse"))]
    metrics = gw.service.metrics
    subscribers = metrics.gauge(
        "daikou_gateway_live_subscribers", "Clients subscribed to the live events now"
    )
    cut_off = metrics.counter(
        "daikou_gateway_live_cut_off", "Live-event clients cut off for falling a buffer behind"
    )

    @api.get("/events", response_class=EventSourceResponse, responses=STREAM_DOC)
    async def events(
        caller: staff_caller,
        request: Request,
        key: Annotated[
            list[str] | None, Query(description="routing-key patterns, e.g. orders.#")
        ] = None,
        order_id: Annotated[
            UUID | None, Query(description="only events whose payload or flow names this order")
        ] = None,
    ) -> EventSourceResponse:
        """Every event matching the keys, as it happens; a client too slow to keep up is cut off."""
        keys = check_keys(key or [])
        connection = gw.service.connection
        if connection is None or connection.is_closed:
            raise ServiceUnavailable("the broker is unavailable", code="broker_unavailable")
        return EventSourceResponse(stream(request, keys, order_id), ping=15)

    async def stream(
        request: Request, keys: list[str], order_id: UUID | None
    ) -> AsyncIterator[dict[str, Any]]:
        assert gw.service.connection is not None
        size = gw.settings.live_buffer_size
        async with open_feed(gw.service.connection, gw.service.names, keys, size) as feed:
            with subscribers.track_inprogress():
                async for item in forward(request, feed, keys, order_id):
                    yield item

    async def forward(
        request: Request, feed: LiveFeed, keys: list[str], order_id: UUID | None
    ) -> AsyncIterator[dict[str, Any]]:
        size = gw.settings.live_buffer_size
        yield {"event": "subscribed", "data": json.dumps({"keys": keys, "buffer": size})}
        while not await request.is_disconnected():
            if feed.overflowed:
                reason = {
                    "reason": "client too slow: it fell a whole buffer behind; reconnect",
                    "dropped": feed.dropped + feed.pending,
                }
                cut_off.inc()
                yield {"event": "overflow", "data": json.dumps(reason)}
                return
            event = await feed.next(WAIT_S)
            if event is not None and (order_id is None or about_order(event, order_id)):
                yield {
                    "event": "event",
                    "id": event["message_id"] or "",
                    "data": json.dumps(event),
                }

    return api
