"""Test harness: a small service made of the kit alone: a `kittest.ping` message whose handler records an effect."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import aio_pika
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from daikou_contracts.message import Command, Event
from daikou_contracts.registry import register
from daikou_kit.clock import SystemClock
from daikou_kit.consumer import ConsumerWiring, QueueSpec, Subscription
from daikou_kit.consuming import QueueConsumers
from daikou_kit.db import create_engine
from daikou_kit.errors import PermanentFailure
from daikou_kit.relay import OutboxRelay, RelayConfig
from daikou_kit.testing import Infra, MakeDatabase, eventually  # noqa: F401
from daikou_kit.topology import Names
from daikou_kit.unit_of_work import Database, UnitOfWork


@register
class Ping(Event):
    """A test message; `fail_times` makes its handler fail that many attempts."""

    TYPE = "kittest.ping"
    VERSION = 1

    n: int
    fail_times: int = 0
    permanent: bool = False
    order_id: uuid.UUID | None = None


@register
class Knock(Command):
    """A test command nobody consumes."""

    TYPE = "kittest.knock"
    VERSION = 1


FAILURES: dict[int, int] = {}
log = logging.getLogger("kit_harness")


async def record_ping(uow: UnitOfWork, ping: Ping) -> None:
    """Record the effect; fail first if told to."""
    if ping.permanent:
        raise PermanentFailure(f"ping {ping.n} can never be handled")
    if FAILURES.get(ping.n, 0) < ping.fail_times:
        FAILURES[ping.n] = FAILURES.get(ping.n, 0) + 1
        raise RuntimeError(f"ping {ping.n} failed on purpose")
    log.info("ping %d recorded", ping.n)
    await uow.conn.execute(
        text("INSERT INTO effects (n, message_id) VALUES (:n, :m)"),
        {"n": ping.n, "m": uow.incoming.message_id if uow.incoming else None},
    )


@dataclass
class KitService:
    """One kit-only service: database, consumer wiring and relays."""

    names: Names
    engine: AsyncEngine
    database: Database
    amqp_url: str
    service: str
    wiring: ConsumerWiring
    consuming: list[QueueConsumers] = field(default_factory=list)
    relays: list[tuple[OutboxRelay, asyncio.Task[None]]] = field(default_factory=list)
    connections: list[aio_pika.abc.AbstractConnection] = field(default_factory=list)

    async def emit(self, *pings: Ping) -> None:
        """Write pings to the outbox in one transaction."""
        async with self.database.unit_of_work() as uow:
            for ping in pings:
                uow.emit(ping)

    async def start_consumer(self) -> QueueConsumers:
        """Consume the service's queue as a service does."""
        connection = await aio_pika.connect_robust(self.amqp_url)
        self.connections.append(connection)
        await self.wiring.declare(connection)
        consuming = QueueConsumers(self.amqp_url)
        await consuming.start(self.wiring.consumers())
        self.consuming.append(consuming)
        return consuming

    async def start_relay(
        self,
        connection: aio_pika.abc.AbstractConnection,
        relay_type: type[OutboxRelay] = OutboxRelay,
    ) -> OutboxRelay:
        """Start a relay publishing the outbox."""
        relay = relay_type(
            self.engine,
            connection,
            self.names,
            RelayConfig(batch_size=200, poll_interval_s=0.2, publish_timeout_s=30),
        )
        self.relays.append((relay, asyncio.create_task(relay.run())))
        return relay

    async def effects(self) -> list[int]:
        """The recorded effects, by ping number."""
        async with self.engine.connect() as conn:
            return [r.n for r in await conn.execute(text("SELECT n FROM effects ORDER BY n"))]

    async def unpublished(self) -> int:
        """Outbox rows not yet published."""
        async with self.engine.connect() as conn:
            return int(
                (
                    await conn.execute(
                        text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                    )
                ).scalar_one()
            )

    async def stop(self) -> None:
        """Stop relays and consumers."""
        for relay, task in self.relays:
            relay.stop()
            await asyncio.wait_for(task, 10)
        for consuming in self.consuming:
            await consuming.stop()
        await self.wiring.close()
        for connection in self.connections:
            await connection.close()
        await self.engine.dispose()


MakeKitService = Callable[..., Awaitable[KitService]]


@pytest.fixture
async def kit_service(infra: Infra, make_database: MakeDatabase) -> AsyncIterator[MakeKitService]:
    """Build kit-only services with their own database and queue."""
    made: list[KitService] = []

    async def make(retry_delays_ms: tuple[int, ...] = (100, 200), prefetch: int = 16) -> KitService:
        name = f"kit{uuid.uuid4().hex[:6]}"
        url = await make_database(name, None)
        engine = create_engine(url, pool_size=prefetch)
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE effects (n int NOT NULL, message_id uuid)"))
        database = Database(engine, SystemClock())
        wiring = ConsumerWiring(
            service=name,
            names=infra.names,
            database=database,
            clock=SystemClock(),
            queues=[QueueSpec("pings", [Subscription(Ping, record_ping)], prefetch=prefetch)],
            retry_delays_ms=retry_delays_ms,
            delivery_limit=5,
        )
        svc = KitService(infra.names, engine, database, infra.amqp_url, name, wiring)
        made.append(svc)
        return svc

    yield make
    for svc in made:
        await svc.stop()
