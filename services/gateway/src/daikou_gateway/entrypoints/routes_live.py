"""Live events for staff dashboards: Server-Sent Events of the topic exchange, filtered by routing key."""

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from aio_pika.abc import AbstractRobustConnection
from fastapi import APIRouter, Depends, Query, Request
from sse_starlette.sse import EventSourceResponse

from daikou_gateway.adapters.live_events import open_feed
from daikou_gateway.adapters.services import ServiceUnavailable
from daikou_gateway.domain.dashboard import about_order
from daikou_gateway.domain.live import LiveFeed, check_keys
from daikou_gateway.entrypoints.deps import SettingsDep, StaffCaller
from daikou_kit.app import part
from daikou_kit.metrics import Metrics
from daikou_kit.runtime import Service
from daikou_kit.topology import Names

WAIT_S = 1.0
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-Sent Events: `subscribed` once, then `event` each, `overflow` last",
        "content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                # each event of the stream (OpenAPI 3.2's `itemSchema`; `schema` is the whole stream)
                "itemSchema": {
                    "type": "object",
                    "required": ["event", "data"],
                    "properties": {
                        "event": {"type": "string", "enum": ["subscribed", "event", "overflow"]},
                        "data": {
                            "type": "string",
                            "description": "a JSON object: the keys followed, or the event",
                        },
                        "id": {"type": "string", "description": "the event's message id"},
                    },
                },
                "example": (
                    'event: subscribed\ndata: {"keys": ["orders.#"], "buffer": 256}\n\n'
                    'event: event\nid: 8d1f...\ndata: {"routing_key": "orders.order_placed.v1", '
                    '"message_id": "8d1f...", "type": "orders.order_placed.v1", "envelope": {}}\n\n'
                ),
            }
        },
    }
}


class LiveMetrics:
    """How many clients follow the live events, and how many were cut off for falling behind."""

    def __init__(self, metrics: Metrics) -> None:
        self.subscribers = metrics.gauge(
            "daikou_gateway_live_subscribers", "Clients subscribed to the live events now"
        )
        self.cut_off = metrics.counter(
            "daikou_gateway_live_cut_off", "Live-event clients cut off for falling a buffer behind"
        )


router = APIRouter(prefix="/staff", tags=["staff: live events"])


@router.get("/events", response_class=EventSourceResponse, responses=STREAM_DOC)
async def events(
    *,
    service: Annotated[Service, Depends(part(Service))],
    settings: SettingsDep,
    live: Annotated[LiveMetrics, Depends(part(LiveMetrics))],
    caller: StaffCaller,
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
    connection = service.connection
    if connection is None or connection.is_closed:
        raise ServiceUnavailable("the broker is unavailable", code="broker_unavailable")
    feed = Follow(request, keys, order_id, settings.live_buffer_size, live)
    return EventSourceResponse(stream(connection, service.names, feed), ping=15)


@dataclass(frozen=True)
class Follow:
    """What one client follows: its keys and order, with the buffer it may fall behind by."""

    request: Request
    keys: list[str]
    order_id: UUID | None
    size: int
    live: LiveMetrics


async def stream(
    connection: AbstractRobustConnection, names: Names, follow: Follow
) -> AsyncIterator[dict[str, Any]]:
    """The client's events while it stays subscribed."""
    async with open_feed(connection, names, follow.keys, follow.size) as feed:
        with follow.live.subscribers.track_inprogress():
            async for item in relay(feed, follow):
                yield item


async def relay(feed: LiveFeed, follow: Follow) -> AsyncIterator[dict[str, Any]]:
    """`subscribed`, then each matching event, and `overflow` when the client fell behind."""
    subscribed = {"keys": follow.keys, "buffer": follow.size}
    yield {"event": "subscribed", "data": json.dumps(subscribed)}
    while not await follow.request.is_disconnected():
        if feed.overflowed:
            reason = {
                "reason": "client too slow: it fell a whole buffer behind; reconnect",
                "dropped": feed.dropped + feed.pending,
            }
            follow.live.cut_off.inc()
            yield {"event": "overflow", "data": json.dumps(reason)}
            return
        event = await feed.next(WAIT_S)
        if event is not None and (follow.order_id is None or about_order(event, follow.order_id)):
            yield {"event": "event", "id": event["message_id"] or "", "data": json.dumps(event)}
