"""Every message delivered twice: a copy of each message that goes through the events exchange is
published again, same id and body, while orders go through their lives. Every consumer applies each
message once (its inbox), so every order completes with every invariant held."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

import aio_pika
import pytest
from aio_pika.abc import AbstractIncomingMessage
from fault_harness import FaultSystem, Servers, fault_system
from invariants import fetch
from load import Load
from scenario import exercise
from system_harness import SERVICES, e2e_namespace

from daikou_kit.topology import Names

pytestmark = pytest.mark.fault
COPY_HEADER = "x-fault-copy"


@dataclass
class Duplicator:
    """Publishes a second copy of every message on the events exchange (copies are marked and not
    copied again, so it stops by itself)."""

    amqp_url: str
    exchange: str
    copies: int = 0
    _connection: aio_pika.abc.AbstractRobustConnection | None = field(default=None, repr=False)

    async def start(self) -> None:
        self._connection = await aio_pika.connect_robust(self.amqp_url)
        channel = await self._connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(self.exchange)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key="#")

        async def copy(message: AbstractIncomingMessage) -> None:
            async with message.process():
                headers = dict(message.headers or {})
                if COPY_HEADER in headers:
                    return
                again = aio_pika.Message(
                    body=message.body,
                    headers={**headers, COPY_HEADER: 1},
                    message_id=message.message_id,
                    correlation_id=message.correlation_id,
                    type=message.type,
                    content_type=message.content_type,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                )
                await exchange.publish(again, routing_key=message.routing_key or "")
                self.copies += 1

        await queue.consume(copy)

    async def stop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()


async def published(faults: FaultSystem) -> int:
    total = 0
    for service in SERVICES:
        rows = await fetch(
            faults.system,
            service,
            "SELECT count(*) AS n FROM outbox WHERE published_at IS NOT NULL",
        )
        total += int(rows[0]["n"])
    return total


async def test_every_message_delivered_twice(servers: Servers) -> None:
    async with fault_system(servers) as faults:
        names = Names(e2e_namespace(faults.system.infra))
        duplicator = Duplicator(faults.system.infra.amqp_url, names.events)
        await duplicator.start()
        await asyncio.sleep(1)
        before = await published(faults)

        async def doubled(_: FaultSystem, load: Load) -> float:
            await asyncio.gather(*load.tasks)  # the whole load under doubled delivery
            return 0.0

        try:
            findings = await exercise(faults, "every message delivered twice", doubled)
        finally:
            await duplicator.stop()
        assert duplicator.copies >= findings.published - before > 0
