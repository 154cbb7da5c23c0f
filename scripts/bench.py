"""`make bench`: the messaging backbone against the raw broker and database rates, in one run.

Ceilings (measured here, now):
  raw publish    aio-pika, persistent messages, publisher confirms, 500 in flight
  raw consume    aio-pika, prefetch as the kit's, ack each
  raw insert     asyncpg, one INSERT per row in batches of one transaction
  raw commit     asyncpg, one-row transactions from 8 connections at once (what a commit costs)
  raw pipeline   raw publish here while another process consumes and acks (any hop's ceiling)
The kit's rates:
  relay          outbox rows -> broker (claim, confirmed publish, mark), N rows already written
  consumer       broker -> inbox + effect, N messages already queued, in this process
  hop            a use case writes state + outbox and the relay publishes, here; the consuming
                 service records the effect in its own process (as deployed), as a prepared
                 statement (`daikou_kit.statements`)
  hop, the effect through SQLAlchemy   the same, the effect through SQLAlchemy's async connection
  hop, its consumer by hand            the same producing side; the consuming process written by
                 hand with the kit's guarantees and nothing else (asyncpg, no SQLAlchemy, no
                 validation, metrics, logs or tracing): the ceiling of a hop that keeps them
Each rate is reported with its ratio to the raw confirmed-publish rate; the two-process ones also
with the CPU each part spent per message. Every measurement runs `--rounds` times; the table shows
medians. Usage: bench.py [--messages N] [--prefetch P] [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aio_pika
import asyncpg
import uvloop
from bench_pipeline import PREPARED_EFFECT, BenchTick, Measurement, Target, pipeline
from bench_results import percentile, save
from bench_system import AMQP, PG
from sqlalchemy import text

from daikou_kit.clock import SystemClock
from daikou_kit.consumer import ConsumerWiring, QueueSpec, Subscription
from daikou_kit.consuming import QueueConsumers
from daikou_kit.db import asyncpg_dsn, create_engine
from daikou_kit.heap import settle
from daikou_kit.migrate import drop_database, ensure_database, migrate
from daikou_kit.relay import OutboxRelay, RelayConfig
from daikou_kit.topology import Names
from daikou_kit.unit_of_work import Database, UnitOfWork

BODY = b"x" * 400


@dataclass
class Run:
    """One benchmark run's servers and names."""

    names: Names
    db_url: str
    messages: int
    prefetch: int

    @property
    def target(self) -> Target:
        """What a consumer process needs to know of this run."""
        return Target(AMQP, self.db_url, self.names.namespace, self.messages, self.prefetch)


async def _timed(work: Callable[[], Awaitable[None]], count: int) -> float:
    start = time.perf_counter()
    await work()
    return count / (time.perf_counter() - start)


async def publish_confirmed(exchange: aio_pika.abc.AbstractExchange, count: int, key: str) -> None:
    """Persistent messages with publisher confirms, 500 in flight."""
    for start in range(0, count, 500):
        await asyncio.gather(
            *(
                exchange.publish(
                    aio_pika.Message(
                        BODY, message_id=str(i), delivery_mode=aio_pika.DeliveryMode.PERSISTENT
                    ),
                    routing_key=key,
                )
                for i in range(start, min(start + 500, count))
            )
        )


async def _events(
    run: Run, connection: aio_pika.abc.AbstractConnection
) -> tuple[aio_pika.abc.AbstractChannel, aio_pika.abc.AbstractExchange]:
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.declare_exchange(
        run.names.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    return channel, exchange


async def raw_publish(run: Run, connection: aio_pika.abc.AbstractConnection) -> float:
    """Confirmed persistent publishes into a quorum queue."""
    channel, exchange = await _events(run, connection)
    queue = await channel.declare_queue(
        f"{run.names.namespace}.raw", durable=True, arguments={"x-queue-type": "quorum"}
    )
    await queue.bind(exchange, "bench.raw")
    rate = await _timed(
        lambda: publish_confirmed(exchange, run.messages, "bench.raw"), run.messages
    )
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
    await conn.execute("CREATE TABLE IF NOT EXISTS raw_rows (id bigserial PRIMARY KEY, body text)")

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


async def raw_commit(run: Run, connections: int = 8) -> float:
    """asyncpg, one row per transaction, `connections` committing side by side."""
    count = min(run.messages, 4000)
    pool = [await asyncpg.connect(asyncpg_dsn(run.db_url)) for _ in range(connections)]
    await pool[0].execute("CREATE TABLE IF NOT EXISTS raw_commits (id bigserial PRIMARY KEY)")

    async def commits(conn: asyncpg.Connection, n: int) -> None:
        for _ in range(n):
            await conn.execute("INSERT INTO raw_commits DEFAULT VALUES")  # its own transaction

    async def work() -> None:
        await asyncio.gather(*(commits(c, count // connections) for c in pool))

    rate = await _timed(work, count // connections * connections)
    for conn in pool:
        await conn.close()
    return rate


async def raw_pipeline(run: Run, connection: aio_pika.abc.AbstractConnection) -> Measurement:
    """Raw confirmed publishes here, consumed and acked by another process as they arrive."""
    channel, exchange = await _events(run, connection)

    async def produce() -> None:
        await publish_confirmed(exchange, run.messages, "bench.raw-pipeline")

    measured = await pipeline("raw", run.target, produce)
    await channel.close()
    return measured


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


async def consumer_rate(
    run: Run, database: Database, connection: aio_pika.abc.AbstractConnection
) -> float:
    """Consume N queued messages through the kit, in this process: inbox + effect per message."""
    done = asyncio.Event()
    handled = 0

    async def record(uow: UnitOfWork, tick: BenchTick) -> None:
        nonlocal handled
        await uow.run(PREPARED_EFFECT, n=tick.n)
        handled += 1
        if handled >= run.messages:
            done.set()

    spec = QueueSpec("ticks", [Subscription(BenchTick, record)], prefetch=run.prefetch)
    wiring = ConsumerWiring("bench", run.names, database, SystemClock(), [spec])
    await wiring.declare(connection)
    # the relay run published before this queue existed: publish the ticks again into it
    await write_outbox(database, run.messages)
    relay = OutboxRelay(database.engine, connection, run.names, RelayConfig(batch_size=500))
    while await relay.drain_once():
        pass
    consuming = QueueConsumers(AMQP)

    async def work() -> None:
        await consuming.start(wiring.consumers())
        await done.wait()

    rate = await _timed(work, run.messages)
    await consuming.stop()
    await wiring.close()
    # its queue is bound to the ticks too: left in place, every later hop would route each message
    # to a second queue that nobody consumes
    channel = await connection.channel()
    await channel.queue_delete(run.names.queue("bench", "ticks"))
    await channel.close()
    return rate


async def hop(
    run: Run, database: Database, connection: aio_pika.abc.AbstractConnection, consumer: str
) -> Measurement:
    """Use case -> outbox -> relay here; broker; the consuming service's inbox + effect there
    (`consumer`: the kind of consuming process, see `bench_pipeline.CONSUMERS`)."""
    async with database.engine.begin() as conn:
        await conn.execute(text("TRUNCATE effects, outbox, inbox"))
    relay = OutboxRelay(
        database.engine, connection, run.names, RelayConfig(batch_size=500, poll_interval_s=0.05)
    )
    task = asyncio.create_task(relay.run())
    try:
        return await pipeline(
            consumer, run.target, lambda: write_outbox(database, run.messages, per_tx=50)
        )
    finally:
        relay.stop()
        await task


WARM_UP_S = 0.5
"""The latency run's first half second of messages warms the processes up and is not counted."""


async def hop_latency(
    run: Run, database: Database, connection: aio_pika.abc.AbstractConnection, rate: float
) -> Measurement:
    """Commit to commit: a use case commits ticks at half `rate` (10 per transaction); the
    consuming process writes each effect with the database's clock in its transaction. The relay
    and the consumer run with their default settings. The paced rate, the CPU each part spent per
    message at that pace, and the milliseconds per message after the first `WARM_UP_S` (the
    consumer's first statements prepared, its first batches: what a running service has paid)."""
    paced = rate / 2
    count = max(500, min(run.messages, int(paced * 8)))
    warm = min(count // 2, int(paced * WARM_UP_S))
    committed: dict[int, float] = {}
    relay = OutboxRelay(database.engine, connection, run.names, RelayConfig())
    task = asyncio.create_task(relay.run())

    async def produce() -> None:
        start = time.perf_counter()
        for k, first in enumerate(range(0, count, 10)):
            await asyncio.sleep(max(0.0, start + k * 10 / paced - time.perf_counter()))
            async with database.unit_of_work() as uow:
                for i in range(first, min(first + 10, count)):
                    uow.emit(BenchTick(n=i))
            now = time.time()
            committed.update((i, now) for i in range(first, min(first + 10, count)))

    try:
        target = Target(AMQP, run.db_url, run.names.namespace, count, run.prefetch)
        measured = await pipeline("kit", target, produce)
    finally:
        relay.stop()
        await task
    async with database.engine.connect() as conn:
        rows = await conn.execute(text("SELECT n, extract(epoch FROM at) FROM effects"))
        latencies = [(float(at) - committed[n]) * 1000 for n, at in rows if n >= warm]
    return Measurement(paced, measured.cpu_ms, latencies)


async def one_round(messages: int, prefetch: int) -> dict[str, Measurement]:
    """Every measurement once, in a namespace and database of its own."""
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    run = Run(Names(namespace), f"{PG}/{namespace}", messages, prefetch)
    await ensure_database(run.db_url)
    await migrate(run.db_url)
    engine = create_engine(run.db_url, pool_size=prefetch)
    async with engine.begin() as conn:
        await conn.execute(
            text("CREATE TABLE effects (n int NOT NULL, at timestamptz DEFAULT clock_timestamp())")
        )
    database = Database(engine, SystemClock())
    connection = await aio_pika.connect_robust(AMQP)
    rates: dict[str, Measurement] = {}
    try:
        rates[PUBLISH] = Measurement(await raw_publish(run, connection), {})
        rates[CONSUME] = Measurement(await raw_consume(run, connection), {})
        rates[INSERT] = Measurement(await raw_insert(run), {})
        rates[COMMIT] = Measurement(await raw_commit(run), {})
        rates[PIPELINE] = await raw_pipeline(run, connection)
        rates[RELAY] = Measurement(await relay_rate(run, database, connection), {})
        rates[CONSUMER] = Measurement(await consumer_rate(run, database, connection), {})
        rates[HOP] = await hop(run, database, connection, "kit")
        rates[HOP_SQLALCHEMY] = await hop(run, database, connection, "kit-sqlalchemy")
        rates[BARE_HOP] = await hop(run, database, connection, "bare")
        async with engine.begin() as conn:
            await conn.execute(text("TRUNCATE effects, outbox, inbox"))
        rates[LATENCY] = await hop_latency(run, database, connection, rates[HOP].rate)
    finally:
        await _cleanup(connection, run)
        await engine.dispose()
        await drop_database(run.db_url)
    return rates


PUBLISH = "raw confirmed publish (aio-pika)"
CONSUME = "raw consume + ack (aio-pika)"
INSERT = "raw insert (asyncpg)"
COMMIT = "raw commit, 1 row each (asyncpg)"
PIPELINE = "raw pipeline: publish -> consume + ack"
RELAY = "relay: outbox -> broker"
CONSUMER = "consumer: broker -> inbox + effect"
HOP = "hop: use case -> ... -> effect"
HOP_SQLALCHEMY = "hop, the effect through SQLAlchemy"
BARE_HOP = "hop, its consumer by hand (asyncpg)"
LATENCY = "hop at half that rate: commit -> commit"
PARTS = ("producer", "consumer", "rabbitmq", "postgres")


def report(rounds: list[dict[str, Measurement]], messages: int, prefetch: int) -> None:
    """Medians over the rounds: rates, ratios to raw publish, CPU per message of each part."""
    print(f"messages per measurement: {messages}, prefetch {prefetch}, rounds {len(rounds)}\n")
    print(
        f"{'measurement (median)':<40}{'msg/s':>8}{'vs raw publish':>16}   CPU ms/msg: "
        + " ".join(PARTS)
    )
    for name in rounds[0]:
        if name == LATENCY:
            continue
        rate = statistics.median(r[name].rate for r in rounds)
        ratio = statistics.median(r[name].rate / r[PUBLISH].rate for r in rounds)
        cpu = rounds[0][name].cpu_ms and " ".join(
            f"{statistics.median(r[name].cpu_ms.get(p, 0.0) for r in rounds):.2f}" for p in PARTS
        )
        print(f"{name:<40}{rate:>8.0f}{ratio:>15.0%}   {cpu or ''}")
    hop_share = statistics.median(r[HOP].rate / r[PIPELINE].rate for r in rounds)
    consumer_share = statistics.median(r[CONSUMER].rate / r[CONSUME].rate for r in rounds)
    print(f"\nhop vs raw pipeline: {hop_share:.0%}; consumer vs raw consume: {consumer_share:.0%}")
    for name in (HOP_SQLALCHEMY, BARE_HOP):
        share = statistics.median(r[name].rate / r[PIPELINE].rate for r in rounds)
        print(f"{name} vs raw pipeline: {share:.0%}")
    p50, p99 = latency(rounds)
    print(
        f"hop latency, commit -> commit at half the hop's rate: p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        f" (target p99 <= 50 ms: {50 / p99:.0%})"
    )
    cpu = latency_cpu(rounds)
    print(
        f"  at that pace ({statistics.median(r[LATENCY].rate for r in rounds):.0f} msg/s, ten per"
        f" transaction) the two cores were {busy(rounds):.0%} busy; CPU ms/msg: "
        + " ".join(f"{part} {cpu[part]:.2f}" for part in PARTS)
    )
    print(f"cores: {os.cpu_count()} (RabbitMQ and PostgreSQL share them with the benchmark)")


async def _cleanup(connection: aio_pika.abc.AbstractConnection, run: Run) -> None:
    channel = await connection.channel()
    await channel.queue_delete(f"{run.names.namespace}.raw")
    for svc in ("bench", "bench-hop"):
        for queue in (run.names.queue(svc, "ticks"), run.names.dead_letter_queue(svc)):
            await channel.queue_delete(queue)
            for attempt, delay in enumerate((1_000, 10_000, 60_000), start=1):
                await channel.queue_delete(run.names.retry_queue(queue, attempt, delay))
    await channel.exchange_delete(run.names.events)
    await channel.exchange_delete(run.names.dead_letters)
    await connection.close()


async def main(messages: int, prefetch: int, rounds: int) -> None:
    """Run every measurement `rounds` times and print the medians."""
    results = [await one_round(messages, prefetch) for _ in range(rounds)]
    report(results, messages, prefetch)
    save(summary(results))


def latency(rounds: list[dict[str, Measurement]]) -> tuple[float, float]:
    """Median over the rounds of each round's p50 and p99 commit-to-commit latency."""
    p50 = statistics.median(percentile(r[LATENCY].latencies_ms, 50) for r in rounds)
    p99 = statistics.median(percentile(r[LATENCY].latencies_ms, 99) for r in rounds)
    return p50, p99


def latency_cpu(rounds: list[dict[str, Measurement]]) -> dict[str, float]:
    """Median over the rounds of the CPU each part spent per message in the latency run."""
    return {p: statistics.median(r[LATENCY].cpu_ms.get(p, 0.0) for r in rounds) for p in PARTS}


def busy(rounds: list[dict[str, Measurement]]) -> float:
    """How busy the machine's cores were in the latency run (median over the rounds), by the CPU
    its parts spent per message at its pace."""
    cores = os.cpu_count() or 1
    return statistics.median(
        r[LATENCY].rate * sum(r[LATENCY].cpu_ms.values()) / 1000 / cores for r in rounds
    )


def summary(rounds: list[dict[str, Measurement]]) -> dict[str, object]:
    """The medians, for the results file."""

    def rate(name: str) -> float:
        return statistics.median(r[name].rate for r in rounds)

    def share(name: str) -> float:
        return statistics.median(r[name].rate / r[PIPELINE].rate for r in rounds)

    cpu = {p: statistics.median(r[HOP].cpu_ms.get(p, 0.0) for r in rounds) for p in PARTS}
    return {
        "ceilings": {
            "publish_per_s": rate(PUBLISH),
            "consume_per_s": rate(CONSUME),
            "pipeline_per_s": rate(PIPELINE),
            "pg_insert_per_s": rate(INSERT),
            "pg_commit_per_s": rate(COMMIT),
        },
        "relay": {"events_per_s": rate(RELAY)},
        "consumer": {"events_per_s": rate(CONSUMER)},
        "hop": {
            "events_per_s": rate(HOP),
            "vs_pipeline": share(HOP),
            "sqlalchemy_effect_per_s": rate(HOP_SQLALCHEMY),
            "sqlalchemy_effect_vs_pipeline": share(HOP_SQLALCHEMY),
            "bare_consumer_per_s": rate(BARE_HOP),
            "bare_vs_pipeline": share(BARE_HOP),
            "cpu_ms_per_msg": cpu,
            "p50_ms": latency(rounds)[0],
            "p99_ms": latency(rounds)[1],
            "latency_rate_per_s": statistics.median(r[LATENCY].rate for r in rounds),
            "latency_cpu_ms_per_msg": latency_cpu(rounds),
            "latency_busy_share": busy(rounds),
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--prefetch", type=int, default=ConsumerWiring.default_prefetch)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settle()  # the producing service's start-up objects, as `daikou_kit.runtime.serve` does
    uvloop.run(main(args.messages, args.prefetch, args.rounds))  # the event loop services run on
