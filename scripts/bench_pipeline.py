"""The two-process measurements of `make bench`: the producing side runs in the benchmark's process
and the consuming service in a process of its own, as they are deployed (different services are
different processes). Each measurement also reports the CPU time that the producer, the consumer,
RabbitMQ and PostgreSQL spent per message, read from /proc, so a limit can be located.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import asyncpg
import uvloop
from sqlalchemy import Column, Integer, MetaData, Table, insert

from daikou_contracts.message import Event
from daikou_contracts.registry import register
from daikou_kit.clock import SystemClock
from daikou_kit.consumer import ConsumerWiring, QueueSpec, Subscription
from daikou_kit.consuming import QueueConsumers
from daikou_kit.db import asyncpg_dsn, create_engine
from daikou_kit.heap import settle
from daikou_kit.statements import Prepared
from daikou_kit.topology import Names, QueueTopology, ServiceTopology
from daikou_kit.unit_of_work import Database, UnitOfWork

effects_table = Table("effects", MetaData(), Column("n", Integer, nullable=False))
RECORD_EFFECT = insert(effects_table)  # built once, as a service's repository builds its statements
PREPARED_EFFECT = Prepared(RECORD_EFFECT, "n")  # the same on the kit's prepared path


@register
class BenchTick(Event):
    """A benchmark message."""

    TYPE = "bench.tick"
    VERSION = 1

    n: int
    note: str = "benchmark payload"


@dataclass(frozen=True)
class Target:
    """Where a consumer process works: servers, names and how many messages to wait for."""

    amqp_url: str
    db_url: str
    namespace: str
    messages: int
    prefetch: int


@dataclass(frozen=True)
class Progress:
    """Shared between the benchmark and its consumer process."""

    handled: Any  # multiprocessing.Value("q")
    finished_at: Any  # multiprocessing.Value("d"), time.monotonic() of the last message
    finished: Any  # multiprocessing.Event
    ready: Any  # multiprocessing.Event: the consumer is subscribed
    stop: Any  # multiprocessing.Event: the consumer may shut down

    def count(self, target: int) -> None:
        """One more message handled; the last one records the time."""
        with self.handled.get_lock():
            self.handled.value += 1
            last = self.handled.value == target
        if last:
            self.finished_at.value = time.monotonic()
            self.finished.set()


@dataclass(frozen=True)
class Measurement:
    """A rate and the CPU milliseconds per message each part spent for it (and latencies, if any)."""

    rate: float
    cpu_ms: dict[str, float]
    latencies_ms: list[float] = field(default_factory=list)


ConsumerMain = Callable[[Target, Progress], Coroutine[Any, Any, None]]


async def raw_consumer(target: Target, progress: Progress) -> None:
    """aio-pika: consume and ack each message, nothing else (the ceiling of any hop)."""
    connection = await aio_pika.connect_robust(target.amqp_url)
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=target.prefetch)
    names = Names(target.namespace)
    exchange = await channel.declare_exchange(
        names.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(
        f"{target.namespace}.raw-pipeline", durable=True, arguments={"x-queue-type": "quorum"}
    )
    await queue.bind(exchange, "bench.raw-pipeline")

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        await message.ack()
        progress.count(target.messages)

    await queue.consume(on_message)
    progress.ready.set()
    await _until(progress.stop)
    await queue.delete(if_unused=False, if_empty=False)
    await connection.close()


async def kit_consumer(target: Target, progress: Progress) -> None:
    """The kit's consumer as a service runs it: inbox, the effect as a prepared statement, batched
    commits."""

    async def record(uow: UnitOfWork, tick: BenchTick) -> None:
        await uow.run(PREPARED_EFFECT, n=tick.n)
        progress.count(target.messages)

    await _kit_consumer(target, progress, record)


async def kit_sqlalchemy_consumer(target: Target, progress: Progress) -> None:
    """The same with the effect through SQLAlchemy's async connection (as services' repositories
    write today)."""

    async def record(uow: UnitOfWork, tick: BenchTick) -> None:
        await uow.conn.execute(RECORD_EFFECT, {"n": tick.n})
        progress.count(target.messages)

    await _kit_consumer(target, progress, record)


async def _kit_consumer(
    target: Target, progress: Progress, record: Callable[[UnitOfWork, BenchTick], Awaitable[None]]
) -> None:
    engine = create_engine(target.db_url, pool_size=8)
    database = Database(engine, SystemClock())

    wiring = ConsumerWiring(
        service="bench-hop",
        names=Names(target.namespace),
        database=database,
        clock=SystemClock(),
        queues=[QueueSpec("ticks", [Subscription(BenchTick, record)], prefetch=target.prefetch)],
    )
    connection = await aio_pika.connect_robust(target.amqp_url)
    await wiring.declare(connection)
    consuming = QueueConsumers(target.amqp_url)
    await consuming.start(wiring.consumers())
    progress.ready.set()
    await _until(progress.stop)
    await consuming.stop()
    await wiring.close()
    await connection.close()
    await engine.dispose()


_CLAIM = (
    "INSERT INTO inbox (consumer, message_id, received_at) SELECT $1, m, now()"
    " FROM unnest($2::uuid[]) AS m ON CONFLICT DO NOTHING RETURNING message_id"
)
_EFFECT = "INSERT INTO effects (n) VALUES ($1)"


async def bare_consumer(target: Target, progress: Progress) -> None:
    """The kit's consuming guarantees written by hand with nothing else (the ceiling of a hop that
    keeps them): the same queue and prefetch, batches of at most 50 in two lanes, one transaction
    per batch with the inbox claim and each message's effect, acknowledgements after the commit.
    asyncpg without SQLAlchemy; no validation, metrics, logs or tracing."""
    names = Names(target.namespace)
    ticks = QueueTopology(
        names.queue("bench-hop", "ticks"), [BenchTick.routing_key()], (1_000,), 10
    )
    pool = await asyncpg.create_pool(asyncpg_dsn(target.db_url), min_size=2, max_size=2)
    connection = await aio_pika.connect_robust(target.amqp_url)
    channel = await connection.channel()
    await ServiceTopology(names, "bench-hop", [ticks]).declare(channel)
    await channel.set_qos(prefetch_count=target.prefetch)
    queue = await channel.declare_queue(ticks.name, passive=True)
    waiting: list[tuple[uuid.UUID, int, aio_pika.abc.AbstractIncomingMessage]] = []
    lanes = 0

    async def lane() -> None:
        nonlocal lanes
        await asyncio.sleep(0)
        while waiting:
            batch = waiting[:50]
            del waiting[:50]
            async with pool.acquire() as conn, conn.transaction():
                ids = [message_id for message_id, _, _ in batch]
                claimed = {row[0] for row in await conn.fetch(_CLAIM, "bench-hop", ids)}
                for message_id, n, _ in batch:
                    if message_id in claimed:
                        await conn.execute(_EFFECT, n)
            for _, _, message in batch:
                await message.ack()
                progress.count(target.messages)
        lanes -= 1

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal lanes
        body = json.loads(message.body)
        waiting.append((uuid.UUID(body["message_id"]), body["payload"]["n"], message))
        if lanes < 2:
            lanes += 1
            asyncio.get_running_loop().create_task(lane())

    await queue.consume(on_message)
    progress.ready.set()
    await _until(progress.stop)
    await connection.close()
    await pool.close()


CONSUMERS: dict[str, ConsumerMain] = {
    "raw": raw_consumer,
    "kit": kit_consumer,
    "kit-sqlalchemy": kit_sqlalchemy_consumer,
    "bare": bare_consumer,
}


def consumer_process(kind: str, target: Target, progress: Progress) -> None:
    """Entry point of the consumer process (on uvloop, as uvicorn runs every service), its
    start-up's objects out of the collector's way as a service's are (`daikou_kit.heap`)."""
    settle()
    uvloop.run(CONSUMERS[kind](target, progress))


async def pipeline(
    kind: str, target: Target, produce: Callable[[], Awaitable[None]]
) -> Measurement:
    """Start a consumer process of `kind`, run `produce` here, time until the last message."""
    context = multiprocessing.get_context("spawn")
    progress = Progress(
        context.Value("q", 0),
        context.Value("d", 0.0),
        context.Event(),
        context.Event(),
        context.Event(),
    )
    process = context.Process(target=consumer_process, args=(kind, target, progress))
    process.start()
    try:
        await _until(progress.ready, process)
        before = cpu_seconds(process.pid)
        start = time.monotonic()
        await produce()
        await _until(progress.finished, process)
        after = cpu_seconds(process.pid)
        elapsed = progress.finished_at.value - start
    finally:
        progress.stop.set()
        await asyncio.get_running_loop().run_in_executor(None, process.join, 30)
    count = target.messages
    spent = {part: 1000 * (after[part] - before.get(part, 0.0)) / count for part in after}
    return Measurement(count / elapsed, spent)


async def _until(event: Any, process: Any = None) -> None:
    while not event.is_set():
        if process is not None and not process.is_alive():
            raise RuntimeError(f"the consumer process exited with {process.exitcode}")
        await asyncio.sleep(0.005)


def cpu_seconds(consumer_pid: int | None) -> dict[str, float]:
    """CPU seconds spent so far by this process, the consumer, RabbitMQ and PostgreSQL (Linux)."""
    spent: dict[str, float] = {}
    if not os.path.isdir("/proc"):
        return spent
    tick = os.sysconf("SC_CLK_TCK")
    parts = {os.getpid(): "producer", consumer_pid: "consumer"}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                name, _, rest = stat.read().partition(" (")[2].rpartition(") ")
        except OSError:
            continue
        fields = rest.split()
        part = parts.get(int(pid)) or {"beam.smp": "rabbitmq", "postgres": "postgres"}.get(name)
        if part:
            spent[part] = spent.get(part, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return spent
