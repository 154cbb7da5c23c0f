"""Live events: every connection gets every matching event; a slow one is cut off, not waited for."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import httpx
import pytest
import uvicorn
from gateway_support import GatewayUnderTest, bearer, gateway_settings

from daikou_contracts.catalogue.scheduler import CancelDeadline
from daikou_gateway.adapters.live_events import open_feed
from daikou_gateway.wiring import build
from daikou_kit.actors import Role
from daikou_kit.testing import Infra, eventually, publish

pytestmark = pytest.mark.integration


async def test_every_feed_gets_every_event_and_a_slow_one_overflows(
    infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    names = infra.names
    async with (
        open_feed(amqp_connection, names, ["scheduler.#"], buffer_size=100) as fast,
        open_feed(amqp_connection, names, ["scheduler.#"], buffer_size=3) as slow,
        open_feed(amqp_connection, names, ["orders.#"], buffer_size=100) as other,
    ):
        for n in range(10):
            await publish(amqp_connection, names, CancelDeadline(deadline_id=f"live-{n}"))
        received: list[dict[str, Any] | None] = [await fast.next(5) for _ in range(10)]
        ids = [e["envelope"]["payload"]["deadline_id"] for e in received if e]
        assert ids == [f"live-{n}" for n in range(10)]
        assert slow.overflowed
        assert slow.pending == 3
        assert slow.dropped == 7
        assert other.pending == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def read_events(lines: AsyncIterator[str], count: int) -> list[tuple[str, Any]]:
    """The next `count` SSE events (name, data) of a stream."""
    events: list[tuple[str, Any]] = []
    name = "message"
    async for line in lines:
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            events.append((name, json.loads(line.split(":", 1)[1])))
            if len(events) == count:
                break
    return events


async def test_staff_dashboards_stream_events_over_sse(
    gateway: GatewayUnderTest,
    infra: Infra,
    gateway_database: str,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
) -> None:
    token = await gateway.staff(Role.OPS)
    port = free_port()
    metrics_token = "a metrics token, long enough"
    settings = gateway_settings(
        infra, gateway_database, http_port=port, metrics_token=metrics_token
    )
    _, app = build(settings, gateway.clock)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    try:

        async def started() -> bool:
            return bool(server.started)

        await eventually(started)
        url = f"http://127.0.0.1:{port}/api/v1/staff/events?key=scheduler.%23"
        async with (
            httpx.AsyncClient(timeout=10) as client,
            client.stream("GET", url, headers=bearer(token)) as one,
            client.stream("GET", url, headers=bearer(token)) as two,
        ):
            assert one.status_code == two.status_code == 200
            streams = [one.aiter_lines(), two.aiter_lines()]
            for lines in streams:
                assert (await read_events(lines, 1))[0][0] == "subscribed"
            scrape = await client.get(
                f"http://127.0.0.1:{port}/metrics", headers=bearer(metrics_token)
            )
            assert "daikou_gateway_live_subscribers 2.0" in scrape.text
            refused = await client.get(f"http://127.0.0.1:{port}/metrics")
            assert refused.status_code == 401
            await publish(amqp_connection, infra.names, CancelDeadline(deadline_id="sse-1"))
            for lines in streams:
                ((name, data),) = await asyncio.wait_for(read_events(lines, 1), 10)
                assert name == "event"
                assert data["routing_key"] == "scheduler.cancel_deadline.v1"
                assert data["envelope"]["payload"]["deadline_id"] == "sse-1"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


async def test_bad_routing_keys_get_400(gateway: GatewayUnderTest) -> None:
    token = await gateway.staff(Role.WAREHOUSE)
    response = await gateway.client.get(
        "/api/v1/staff/events", params={"key": "orders..#"}, headers=bearer(token)
    )
    assert response.status_code == 400
    assert "routing-key" in response.json()["detail"]
