"""Keeps the order page cache honest: every event on the exchange drops the pages it names.

An event drops at once what its own service answered for those pages (its routing key names the
service). It is heard here at about the time the services that consume it are applying it; a page
composed in between could miss their effect, so each event drops its pages again `settle_s` later,
every service's answers this time.
One exclusive, auto-deleted queue bound to every routing key, consumed without acknowledgements
(an invalidation lost with a dying connection does not matter: the cache is cleared and switched
off until the queue is back). The cache serves pages only while this queue is consumed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from daikou_contracts.json_types import JsonValue
from daikou_gateway.domain.page_cache import PageCache
from daikou_kit.topology import Names

log = logging.getLogger(__name__)
ID_KEYS = ("order_id", "customer_id")


def ids_in(body: bytes) -> list[str]:
    """The order and customer ids an envelope's payload names (every `*order_id`/`*customer_id`)."""
    try:
        envelope: JsonValue = json.loads(body)
    except ValueError:
        return []
    payload = envelope.get("payload") if isinstance(envelope, dict) else None
    if not isinstance(payload, dict):
        return []
    return [
        str(value).lower()
        for key, value in payload.items()
        if isinstance(value, str) and key.endswith(ID_KEYS)
    ]


def source_of(routing_key: str | None) -> str | None:
    """The service that published an event (`orders.order_placed.v1`: orders)."""
    return routing_key.partition(".")[0] if routing_key else None


class PageEvents:
    """A worker (see the kit's runtime) that drops cached pages as events name them."""

    def __init__(
        self,
        amqp_url: str,
        names: Names,
        cache: PageCache,
        settle_s: float = 1.0,
        retry_s: float = 1.0,
    ) -> None:
        self.amqp_url = amqp_url
        self.settle_s = settle_s
        self.names = names
        self.cache = cache
        self.retry_s = retry_s
        self._stopping = asyncio.Event()
        self.received = 0

    def on_message(self, message: AbstractIncomingMessage) -> None:
        """Drop the pages the event names; an event naming nothing the page shows drops nothing."""
        self.received += 1
        ids = ids_in(message.body)
        if ids:
            self.cache.changed(*ids, source=source_of(message.routing_key))
            if self.settle_s > 0:
                asyncio.get_running_loop().call_later(self.settle_s, self.cache.changed, *ids)

    async def run(self) -> None:
        """Consume until stopped; reconnect after a broken connection."""
        while not self._stopping.is_set():
            try:
                await self._consume_once()
            except Exception as exc:  # the broker went away: serve uncached until it is back
                log.warning("page cache off: events unavailable (%s)", type(exc).__name__)
            finally:
                self.cache.live = False
                self.cache.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.retry_s)

    async def _consume_once(self) -> None:
        connection = await aio_pika.connect(self.amqp_url)
        try:
            closed = asyncio.Event()
            connection.close_callbacks.add(lambda *_: closed.set())
            channel = await connection.channel()
            channel.close_callbacks.add(lambda *_: closed.set())
            exchange = await channel.declare_exchange(
                self.names.events, aio_pika.ExchangeType.TOPIC, durable=True
            )
            queue = await channel.declare_queue(exclusive=True, auto_delete=True)
            await queue.bind(exchange, "#")

            async def deliver(message: AbstractIncomingMessage) -> None:
                self.on_message(message)

            await queue.consume(deliver, no_ack=True)
            self.cache.clear()
            self.cache.live = True
            stop = asyncio.ensure_future(self._stopping.wait())
            lost = asyncio.ensure_future(closed.wait())
            await asyncio.wait({stop, lost}, return_when=asyncio.FIRST_COMPLETED)
            for task in (stop, lost):
                task.cancel()
        finally:
            self.cache.live = False
            with contextlib.suppress(Exception):
                await connection.close()

    def stop(self) -> None:
        """Stop consuming."""
        self._stopping.set()
