"""`make bench`: the messaging backbone against the raw broker and database rates, in one run.

Ceilings (measured here, now):
  raw publish   aio-pika, persistent messages, publisher confirms, 500 in flight
  raw consume   aio-pika, prefetch as the kit's, ack each
  raw insert    asyncpg, one INSERT per row in batches of one transaction
The kit's rates:
  relay         outbox rows -> broker (claim, confirmed publish, mark), N rows already written
  consumer      broker -> inbox + effect, one transaction per message, N messages already queued
  hop           a use case writes state + outbox; relay; consumer records the effect (end to end)
Each kit rate is reported with its ratio to the raw confirmed-publish rate (and the consumer's to
the raw consume rate). Usage: bench.py [--messages N] [--prefetch P]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aio_pika
import asyncpg
from sqlalchemy import text

from daikou_contracts.message import Event
from daikou_contracts.registry import register
from daikou_kit.clock import SystemClock
from daikou_kit.consumer import ConsumerWiring, QueueSpec, Subscription, make_broker
from daikou_kit.db import asyncpg_dsn, create_engine
from daikou_kit.migrate import drop_database, ensure_database, migrate
from daikou_kit.relay import OutboxRelay, RelayConfig
from daikou_kit.topology import Names
from daikou_kit.unit_of_work import Database, UnitOfWork

PG = os.environ.get("DAIKOU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")
AMQP = os.environ.get("DAIKOU_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
BODY = b"x" * 400


@register
class BenchTick(Event):
    """A benchmark message."""

    TYPE = "bench.tick"
    VERSION = 1

    n: int
    note: str = "benchmark payload"


@dataclass
class Run:
    """One benchmark run's servers and names."""

    names: Names
    db_url: str
    messages: int
    prefetch: int


async def _timed(work: Callable[[], Awaitable[None]], count: int) -> float:
    start = time.perf_counter()
    await work()
    return count / (time.perf_counter() - start)


async def raw_publish(run: Run, connection: aio_pika.abc.AbstractConnection) -> float:
    """Confirmed persistent publishes, 500 in flight."""
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.declare_exchange(
        run.names.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(
        f"{run.names.namespace}.raw", durable=True, arguments={"x-queue-type": "quorum"}
    )
    await queue.bind(exchange, "bench.raw")

    async def work() -> None:
        for start in range(0, run.messages, 500):
            batch = range(start, min(start + 500, run.messages))
            await asyncio.gather(
                *(
                    exchange.publish(
                        aio_pika.Message(
                            BODY, message_id=str(i), delivery_mode=aio_pika.DeliveryMode.PERSISTENT
                        ),
                        routing_key="bench.raw",
                    )
                    for i in batch
                )
            )

    rate = await _timed(work, run.messages)
    await channel.close()
    return rate


async def raw_consume(run: Run, connection: aio_pika.abc.AbstractConnection) -> float:
    """Consume what raw_publish queued, acking each."""
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=run.prefetch)
    queue = await channel.get_queue(f"{run.names.namespace}.raw")
    done = asyncio.Event()
    seen = 0

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal seen
        await message.ack()
        seen += 1
        if seen >= run.messages:
            done.set()

    async def work() -> None:
        await queue.consume(on_message)
        await done.wait()

    rate = await _timed(work, run.messages)
    await queue.delete(if_unused=False, if_empty=False)
    await channel.close()
    return rate


async def raw_insert(run: Run) -> float:
    """asyncpg inserts, 500 rows per transaction."""
    conn = await asyncpg.connect(asyncpg_dsn(run.db_url))
    await conn.execute("CREATE TABLE raw_rows (id bigserial PRIMARY KEY, body text NOT NULL)")

    async def work() -> None:
        for start in range(0, run.messages, 500):
            count = min(500, run.messages - start)
            async with conn.transaction():
                await conn.executemany(
                    "INSERT INTO raw_rows (body) VALUES ($1)", [(BODY.decode(),)] * count
                )

    rate = await _timed(work, run.messages)
    await conn.close()
    return rate


async def write_outbox(database: Database, count: int, per_tx: int = 500) -> None:
    """Write `count` outbox messages, `per_tx` per transaction."""
    for start in range(0, count, per_tx):
        async with database.unit_of_work() as uow:
            for i in range(start, min(start + per_tx, count)):
                uow.emit(BenchTick(n=i))


async def relay_rate(
    run: Run, database: Database, connection: aio_pika.abc.AbstractConnection
) -> float:
    """Drain N pre-written outbox rows."""
    await write_outbox(database, run.messages)
    relay = OutboxRelay(database.engine, connection, run.names, RelayConfig(batch_size=500))

    async def work() -> None:
        while await relay.drain_once():
            pass

    return await _timed(work, run.messages)


def _wiring(
    run: Run, database: Database, handled: list[int], target: int, done: asyncio.Event
) -> ConsumerWiring:
    async def record(uow: UnitOfWork, tick: BenchTick) -> None:
        await uow.conn.execute(text("INSERT INTO effects (n) VALUES (:n)"), {"n": tick.n})
        handled.append(tick.n)
        if len(handled) >= target:
            done.set()

    return ConsumerWiring(
        service="bench",
        names=run.names,
        database=database,
        clock=SystemClock(),
        queues=[QueueSpec("ticks", [Subscription(BenchTick, record)], prefetch=run.prefetch)],
    )


async def consumer_rate(
    run: Run, database: Database, connection: aio_pika.abc.AbstractConnection
) -> float:
    """Consume N queued messages (relayed above) through the kit: inbox + effect per message."""
    handled: list[int] = []
    done = asyncio.Event()
    wiring = _wiring(run, database, handled, run.messages, done)
    await wiring.declare(connection)
    # the relay run published before this queue existed: publish the ticks again into it
    await write_outbox(database, run.messages)
    relay = OutboxRelay(database.engine, connection, run.names, RelayConfig(batch_size=500))
    while await relay.drain_once():
        pass
    broker = make_broker(AMQP, logger=None)
    wiring.attach(broker)

    async def work() -> None:
        await broker.start()
        await done.wait()

    rate = await _timed(work, run.messages)
    await broker.stop()
    await wiring.close()
    return rate


async def hop_rate(
    run: Run, database: Database, connection: aio_pika.abc.AbstractConnection
) -> float:
    """Use case -> outbox -> relay -> broker -> consumer inbox + effect, all running at once."""
    handled: list[int] = []
    done = asyncio.Event()
    wiring = _wiring(run, database, handled, run.messages, done)
    wiring.service = "bench-hop"
    await wiring.declare(connection)
    broker = make_broker(AMQP, logger=None)
    wiring.attach(broker)
    await broker.start()
    relay = OutboxRelay(
        database.engine, connection, run.names, RelayConfig(batch_size=500, poll_interval_s=0.05)
    )
    task = asyncio.create_task(relay.run())

    async def work() -> None:
        await write_outbox(database, run.messages, per_tx=50)
        await done.wait()

    rate = await _timed(work, run.messages)
    relay.stop()
    await task
    await broker.stop()
    await wiring.close()
    return rate


async def main(messages: int, prefetch: int) -> None:
    """Run every measurement and print rates and ratios."""
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    run = Run(Names(namespace), f"{PG}/{namespace}", messages, prefetch)
    await ensure_database(run.db_url)
    await migrate(run.db_url)
    engine = create_engine(run.db_url, pool_size=prefetch)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE effects (n int NOT NULL)"))
    database = Database(engine, SystemClock())
    connection = await aio_pika.connect_robust(AMQP)
    try:
        pub = await raw_publish(run, connection)
        consume = await raw_consume(run, connection)
        insert = await raw_insert(run)
        relay = await relay_rate(run, database, connection)
        consumer = await consumer_rate(run, database, connection)
        async with engine.begin() as conn:
            await conn.execute(text("TRUNCATE effects, outbox, inbox"))
        hop = await hop_rate(run, database, connection)
    finally:
        await _cleanup(connection, run)
        await engine.dispose()
        await drop_database(run.db_url)
    print(f"messages per measurement: {messages}, prefetch {prefetch}\n")
    print(f"{'measurement':<38}{'msg/s':>10}{'vs raw publish':>16}")
    for name, rate in [
        ("raw confirmed publish (aio-pika)", pub),
        ("raw consume + ack (aio-pika)", consume),
        ("raw insert (asyncpg)", insert),
        ("relay: outbox -> broker", relay),
        ("consumer: broker -> inbox + effect", consumer),
        ("hop: use case -> ... -> effect", hop),
    ]:
        print(f"{name:<38}{rate:>10.0f}{rate / pub:>15.0%}")
    print(f"\nconsumer vs raw consume: {consumer / consume:.0%}")


async def _cleanup(connection: aio_pika.abc.AbstractConnection, run: Run) -> None:
    channel = await connection.channel()
    for svc in ("bench", "bench-hop"):
        for queue in (run.names.queue(svc, "ticks"), run.names.dead_letter_queue(svc)):
            await channel.queue_delete(queue)
            for attempt, delay in enumerate((1_000, 10_000, 60_000), start=1):
                await channel.queue_delete(run.names.retry_queue(queue, attempt, delay))
    await channel.exchange_delete(run.names.events)
    await channel.exchange_delete(run.names.dead_letters)
    await connection.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--prefetch", type=int, default=32)
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.prefetch))
