"""Pytest plugin: real PostgreSQL and RabbitMQ for every test tier that needs them.

Servers are chosen in this order: the URLs in `DAIKOU_TEST_PG_URL` / `DAIKOU_TEST_AMQP_URL`; else
testcontainers when a Docker engine answers; else the servers on loopback. If none answers, the
tests fail loudly. Each test session works in a namespace of its own (databases and broker names
prefixed with it) and removes what it made, so sessions and tests run in any order.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlparse

import aio_pika
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.message import Envelope, Payload, make_envelope
from daikou_kit.clock import ManualClock
from daikou_kit.http import INTERNAL_TOKEN_HEADER, ROLE_HEADER, USER_HEADER
from daikou_kit.migrate import MigrationSet, drop_database, ensure_database, migrate
from daikou_kit.topology import DECLARED, Names

P = TypeVar("P", bound=Payload)

LOOPBACK_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
LOOPBACK_AMQP = "amqp://guest:guest@127.0.0.1:5672/"


@dataclass(frozen=True)
class Infra:
    """Where the test servers are, and this session's namespace."""

    pg_server_url: str
    amqp_url: str
    namespace: str

    @property
    def names(self) -> Names:
        """Broker names in this session's namespace."""
        return Names(self.namespace)

    def database_url(self, name: str) -> str:
        """The URL of a database of this session."""
        return f"{self.pg_server_url}/{self.namespace}_{name}"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def _docker_available() -> bool:
    try:
        import docker

        docker.from_env().ping()
        return True
    except Exception:
        return False


def _containers() -> Iterator[tuple[str, str]]:
    from testcontainers.postgres import PostgresContainer
    from testcontainers.rabbitmq import RabbitMqContainer

    with (
        PostgresContainer("postgres:15", driver="asyncpg") as pg,
        RabbitMqContainer("rabbitmq:3.13") as mq,
    ):
        pg_url = pg.get_connection_url().rsplit("/", 1)[0]
        amqp = f"amqp://guest:guest@{mq.get_container_host_ip()}:{mq.get_exposed_port(5672)}/"
        yield pg_url, amqp


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    """The servers for this test session (see the module docstring)."""
    namespace = f"t{uuid.uuid4().hex[:10]}"
    pg, amqp = os.environ.get("DAIKOU_TEST_PG_URL"), os.environ.get("DAIKOU_TEST_AMQP_URL")
    if pg and amqp:
        yield Infra(pg, amqp, namespace)
        return
    if _docker_available():
        for pg_url, amqp_url in _containers():
            yield Infra(pg_url, amqp_url, namespace)
        return
    if _reachable(LOOPBACK_PG, 5432) and _reachable(LOOPBACK_AMQP, 5672):
        yield Infra(LOOPBACK_PG, LOOPBACK_AMQP, namespace)
        return
    pytest.fail(
        "no PostgreSQL/RabbitMQ: set DAIKOU_TEST_PG_URL and DAIKOU_TEST_AMQP_URL, start Docker, "
        "or run both servers on loopback",
        pytrace=False,
    )


MakeDatabase = Callable[[str, MigrationSet | None], Awaitable[str]]


@pytest.fixture(scope="session")
async def make_database(infra: Infra) -> AsyncIterator[MakeDatabase]:
    """Create (and migrate) a database of this session; every one is dropped at the end."""
    made: list[str] = []

    async def make(name: str, migrations: MigrationSet | None = None) -> str:
        url = infra.database_url(f"{name}_{len(made)}")
        await ensure_database(url)
        await migrate(url, *([migrations] if migrations else []))
        made.append(url)
        return url

    yield make
    for url in made:
        await drop_database(url)


@pytest.fixture(scope="session")
async def amqp_connection(infra: Infra) -> AsyncIterator[aio_pika.abc.AbstractRobustConnection]:
    """A robust broker connection for the session; its namespace's queues are deleted at the end."""
    connection = await aio_pika.connect_robust(infra.amqp_url)
    yield connection
    await delete_namespace_queues(connection, infra.namespace)
    await connection.close()


async def delete_namespace_queues(
    connection: aio_pika.abc.AbstractConnection, namespace: str
) -> None:
    """Delete the queues and exchanges this session declared (tracked by name)."""
    channel = await connection.channel()
    for name in sorted(DECLARED):
        if name.startswith(f"{namespace}."):
            try:
                await channel.queue_delete(name)
            except Exception:
                channel = await connection.channel()
    names = Names(namespace)
    for exchange in (names.events, names.dead_letters):
        try:
            await channel.exchange_delete(exchange)
        except Exception:
            channel = await connection.channel()
    await channel.close()


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when the test moves it."""
    return ManualClock()


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 20.0) -> None:
    """Wait until `check()` holds, failing after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


async def publish(
    connection: aio_pika.abc.AbstractConnection,
    names: Names,
    payload: Payload,
    *,
    message_id: uuid.UUID | None = None,
    correlation_id: str = "test",
    routing_key: str | None = None,
    occurred_at: datetime | None = None,
) -> uuid.UUID:
    """Publish a message to the events exchange as a producing service would (confirmed)."""
    message_id = message_id or uuid.uuid4()
    envelope = make_envelope(
        payload,
        message_id=message_id,
        occurred_at=occurred_at or datetime.now(UTC),
        correlation_id=correlation_id,
        causation_id=None,
    )
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.declare_exchange(
        names.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    await exchange.publish(
        aio_pika.Message(
            envelope.model_dump_json().encode(),
            message_id=str(message_id),
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        ),
        routing_key=routing_key or payload.routing_key(),
    )
    await channel.close()
    return message_id


async def _open_channel(
    connection: aio_pika.abc.AbstractConnection,
) -> aio_pika.abc.AbstractChannel:
    """A confirming channel, waiting out a reconnection in progress (up to 20 s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while True:
        try:
            return await connection.channel(publisher_confirms=True)
        except Exception:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


@dataclass
class Capture:
    """Envelopes seen on a temporary queue bound to some routing keys."""

    envelopes: list[Envelope]

    def of_type(self, payload_type: type[P]) -> list[P]:
        """The captured payloads of one type, in arrival order."""
        return [
            payload_type.model_validate(e.payload)
            for e in self.envelopes
            if (e.type, e.version) == (payload_type.TYPE, payload_type.VERSION)
        ]

    async def wait_for(
        self, payload_type: type[P], count: int = 1, timeout: float = 20.0
    ) -> list[P]:
        """Wait until `count` payloads of a type arrived; returns them."""

        async def enough() -> bool:
            return len(self.of_type(payload_type)) >= count

        await eventually(enough, timeout)
        return self.of_type(payload_type)


@asynccontextmanager
async def capture(
    connection: aio_pika.abc.AbstractConnection, names: Names, *routing_keys: str
) -> AsyncIterator[Capture]:
    """Collect every message published with these routing keys (patterns allowed) while open."""
    channel = await connection.channel()
    exchange = await channel.declare_exchange(
        names.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in routing_keys:
        await queue.bind(exchange, key)
    seen = Capture([])

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        seen.envelopes.append(Envelope.model_validate_json(message.body))
        await message.ack()

    await queue.consume(on_message)
    try:
        yield seen
    finally:
        await channel.close()


def actor_headers(token: str, user_id: uuid.UUID, role: str) -> dict[str, str]:
    """The headers the gateway sends to a service on behalf of a user."""
    return {
        INTERNAL_TOKEN_HEADER: token,
        USER_HEADER: str(user_id),
        ROLE_HEADER: role,
    }


@asynccontextmanager
async def running(app: Any) -> AsyncIterator[Any]:
    """Run an app's lifespan (consumers, relay) and give an httpx client on it."""
    import httpx
    from asgi_lifespan import LifespanManager

    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


def metric_value(scrape: str, name: str, **labels: str) -> float | None:
    """A sample's value in a `/metrics` scrape (the sum over samples matching `labels`), or None."""
    from prometheus_client.parser import text_string_to_metric_families

    values = [
        sample.value
        for family in text_string_to_metric_families(scrape)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    ]
    return sum(values) if values else None


async def pages_touched(conn: AsyncConnection, statement: str) -> int:
    """Buffers `statement` touched, read from its plan as run (a function's own reads included)."""
    explained = await conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}"))
    raw = explained.scalar_one()
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return int(plan["Shared Hit Blocks"]) + int(plan["Shared Read Blocks"])


async def table_pages(conn: AsyncConnection, table: str) -> int:
    """The pages of `table` on disk."""
    size = await conn.execute(
        text("SELECT pg_relation_size(CAST(:t AS regclass)) / 8192"), {"t": table}
    )
    return int(size.scalar_one())
