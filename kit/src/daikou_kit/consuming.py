"""Deliveries from the broker to the consumer wiring's handlers, on aio-pika itself.

One robust connection; per queue one channel with the queue's prefetch and one consumer, whose
callback is the wiring's handler (it decodes and handles in a transaction); once the handler has
returned (after the commit) the delivery is acknowledged, or returned to its queue if the handler
says so. Acknowledgements that fall due together leave as one frame (`acknowledgements`).
aio-pika restores the channels, their prefetch and the consumers after a reconnect.
Stopping cancels the consumers (the broker sends nothing more), lets the deliveries in flight finish
(at most `graceful_timeout_s`), then closes the connection: a delivery not acknowledged by then goes
back to its queue, and the inbox absorbs the duplicate when it is delivered again.

A framework in this path (FastStream's subscriber, its middlewares and context) cost about a
quarter of the consumer's CPU per message while doing nothing the handlers need.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractQueue, AbstractRobustConnection

from daikou_kit.acknowledgements import Acknowledgements

log = logging.getLogger(__name__)

OnMessage = Callable[[AbstractIncomingMessage], Awaitable[bool]]
"""Handles a delivery; True: acknowledge it, False: return it to its queue."""


@dataclass(frozen=True)
class QueueConsumer:
    """A queue, how many unacknowledged deliveries it may have, and who handles them."""

    queue: str
    prefetch: int
    on_message: OnMessage


class QueueConsumers:
    """Consumes queues until stopped; see the module's docstring."""

    def __init__(self, amqp_url: str, graceful_timeout_s: float = 15.0) -> None:
        self.amqp_url = amqp_url
        self.graceful_timeout_s = graceful_timeout_s
        self._connection: AbstractRobustConnection | None = None
        self._consumers: list[tuple[AbstractQueue, str]] = []
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(self, consumers: list[QueueConsumer]) -> None:
        """Connect and consume every queue (declared beforehand)."""
        self._connection = await aio_pika.connect_robust(self.amqp_url)
        for consumer in consumers:
            channel = await self._connection.channel()
            await channel.set_qos(prefetch_count=consumer.prefetch)
            # declared (passively) through the robust channel, so that a reconnect restores the
            # consumer too: a queue taken with `get_queue(ensure=False)` is not restored
            queue = await channel.declare_queue(consumer.queue, passive=True)
            tag = await queue.consume(self._tracked(consumer.on_message, Acknowledgements()))
            self._consumers.append((queue, tag))

    def _tracked(
        self, on_message: OnMessage, acks: Acknowledgements
    ) -> Callable[[AbstractIncomingMessage], Awaitable[None]]:
        async def deliver(message: AbstractIncomingMessage) -> None:
            self._in_flight += 1
            self._idle.clear()
            acks.delivered(message)
            try:
                if await on_message(message):
                    await acks.ack(message)
                else:
                    await acks.requeue(message)
            except Exception as exc:  # the channel went away before the ack: it comes back
                log.warning(
                    "delivery %s not settled (%r); it will be delivered again",
                    message.message_id,
                    exc,
                )
            finally:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self._idle.set()

        return deliver

    @property
    def connected(self) -> bool:
        """Whether the connection is up now (a robust one is never closed while it reconnects)."""
        return self._connection is not None and self._connection.connected.is_set()

    async def stop(self) -> None:
        """Stop consuming, let the deliveries in flight finish, close."""
        for queue, tag in self._consumers:
            with contextlib.suppress(Exception):  # a broken channel has no consumer to cancel
                await queue.cancel(tag)
        self._consumers.clear()
        try:
            await asyncio.wait_for(self._idle.wait(), self.graceful_timeout_s)
        except TimeoutError:
            log.warning("stopping with %d deliveries unfinished (redelivered)", self._in_flight)
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
