"""Live events: one exclusive, auto-deleted queue per connected dashboard, bound to the events exchange."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
from aio_pika.abc import AbstractConnection, AbstractIncomingMessage

from daikou_contracts.json_types import JsonObject, JsonValue
from daikou_gateway.domain.live import LiveFeed
from daikou_kit.topology import Names


def _event(message: AbstractIncomingMessage) -> JsonObject:
    try:
        body: JsonValue = json.loads(message.body)
    except ValueError:
        body = {"undecodable": message.body[:200].decode(errors="replace")}
    return {
        "routing_key": message.routing_key,
        "message_id": message.message_id,
        "type": message.type or (body.get("type") if isinstance(body, dict) else None),
        "envelope": body,
    }


@asynccontextmanager
async def open_feed(
    connection: AbstractConnection, names: Names, keys: list[str], buffer_size: int
) -> AsyncIterator[LiveFeed]:
    """A feed of every event matching `keys`, for as long as the block runs."""
    feed = LiveFeed(buffer_size)
    channel = await connection.channel()
    try:
        await channel.set_qos(prefetch_count=0)
        exchange = await channel.declare_exchange(
            names.events, aio_pika.ExchangeType.TOPIC, durable=True
        )
        # The broker also bounds the queue, so a stuck connection cannot grow it without limit.
        queue = await channel.declare_queue(
            exclusive=True,
            auto_delete=True,
            arguments={"x-max-length": buffer_size, "x-overflow": "drop-head"},
        )
        for key in keys:
            await queue.bind(exchange, key)

        async def on_message(message: AbstractIncomingMessage) -> None:
            feed.offer(_event(message))

        await queue.consume(on_message, no_ack=True)
        yield feed
    finally:
        await channel.close()
