"""Firing rate with an empty deadlines table vs one holding many far-future pending deadlines.

    .venv/bin/python services/scheduler/benchmarks/bench_deadlines.py [--pending 1000000] [--due 10000] [--repeat 3] [--results FILE]

On a scratch database it measures, in one run:
1. the raw ceiling: plain batched INSERTs of DeadlineReached-sized rows into the outbox, per second;
2. the firing rate with only the due deadlines in the table;
3. the firing rate with `--pending` far-future deadlines loaded beside the same due ones;
and prints the rates and their ratios. The loaded rate should stay close to the empty one. With
`--results FILE` it also adds them to that JSON file under `scheduler` (`make bench` passes the
benchmarks' `bench/results/latest.json`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_contracts.message import make_envelope
from daikou_kit.clock import ManualClock
from daikou_kit.db import create_engine, outbox_table
from daikou_kit.migrate import drop_database, ensure_database, migrate
from daikou_kit.unit_of_work import Database
from daikou_scheduler.adapters.deadlines import DeadlineRepository
from daikou_scheduler.adapters.unit_of_work import SchedulerUnitOfWork
from daikou_scheduler.entrypoints.firing import FiringConfig, FiringWorker
from daikou_scheduler.settings import SchedulerSettings
from daikou_scheduler.wiring import MIGRATIONS

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SERVER = os.environ.get("DAIKOU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")

_LOAD = text(
    "INSERT INTO deadlines (deadline_id, status, requester, kind, due_at, payload, intent_at,"
    " revision, correlation_id, created_at, updated_at)"
    " SELECT :prefix || g, 'pending', 'orders', :kind,"
    " CAST(:start AS timestamptz) + g * CAST(:step AS interval), CAST(:payload AS jsonb),"
    " :now, 1, 'bench', :now, :now FROM generate_series(1, :n) AS g"
)


async def load(
    engine: AsyncEngine, prefix: str, count: int, *, start: datetime, step: timedelta, kind: str
) -> float:
    """Insert `count` pending deadlines due from `start` every `step`; returns the seconds it took."""
    began = time.perf_counter()
    async with engine.begin() as conn:
        await conn.execute(
            _LOAD,
            {
                "prefix": prefix,
                "kind": kind,
                "start": start,
                "step": step,
                "payload": '{"order_id": "00000000-0000-0000-0000-000000000000"}',
                "now": NOW,
                "n": count,
            },
        )
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("ANALYZE deadlines"))
    return time.perf_counter() - began


def outbox_row(n: int) -> dict[str, object]:
    """An outbox row shaped like the ones firing writes."""
    payload = DeadlineReached(
        deadline_id=f"raw:{n}",
        requester="orders",
        kind="payment_deadline",
        due_at=NOW,
        fired_at=NOW,
        lateness_ms=0,
        payload={"order_id": "00000000-0000-0000-0000-000000000000"},
    )
    message_id = uuid.uuid4()
    envelope = make_envelope(
        payload, message_id=message_id, occurred_at=NOW, correlation_id="bench", causation_id=None
    )
    return {
        "message_id": message_id,
        "routing_key": DeadlineReached.routing_key_for("orders"),
        "message_type": payload.TYPE,
        "correlation_id": "bench",
        "body": envelope.model_dump_json(),
        "mandatory": False,
        "created_at": NOW,
    }


async def raw_ceiling(engine: AsyncEngine, count: int, batch: int) -> float:
    """Plain outbox INSERTs per second, `batch` rows per transaction."""
    rows = [outbox_row(n) for n in range(count)]
    began = time.perf_counter()
    for offset in range(0, count, batch):
        async with engine.begin() as conn:
            await conn.execute(insert(outbox_table), rows[offset : offset + batch])
    return count / (time.perf_counter() - began)


async def firing_rate(engine: AsyncEngine, expected: int, batch: int) -> float:
    """Deadlines fired per second by one firing loop draining every due deadline."""
    unit = partial(SchedulerUnitOfWork, settings=SchedulerSettings.model_construct())
    worker = FiringWorker(Database(engine, ManualClock(NOW)), unit, FiringConfig(batch_size=batch))
    began = time.perf_counter()
    fired = await worker.fire_due()
    elapsed = time.perf_counter() - began
    if fired != expected:
        raise SystemExit(f"fired {fired} deadlines, expected {expected}")
    return fired / elapsed


async def warm_up(engine: AsyncEngine, batch: int) -> None:
    """One small untimed round of each, so connections and statement caches are warm."""
    await raw_ceiling(engine, batch, batch)
    await reset(engine)
    start = NOW - timedelta(hours=2)
    await load(engine, "warm:", batch, start=start, step=timedelta(milliseconds=1), kind="warm")
    await firing_rate(engine, batch, batch)
    await reset(engine)


async def stats_query_ms(engine: AsyncEngine) -> float:
    """How long the ops figures (`GET /deadlines/stats`) take to read."""
    began = time.perf_counter()
    async with engine.connect() as conn:
        repo = DeadlineRepository(conn)
        await repo.pending_figures(NOW)
        await repo.lateness_figures(NOW - timedelta(hours=24), 60_000)
    return (time.perf_counter() - began) * 1000


async def reset(engine: AsyncEngine) -> None:
    """Empty the deadlines and the outbox."""
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE deadlines, outbox"))


async def best_firing_rate(engine: AsyncEngine, due: int, batch: int, repeat: int) -> float:
    """The best of `repeat` rounds, each loading `due` fresh due deadlines and firing them."""
    rates = []
    for round_ in range(repeat):
        start = NOW - timedelta(hours=1)
        step = timedelta(milliseconds=1)
        await load(engine, f"due{round_}:", due, start=start, step=step, kind="due")
        rates.append(await firing_rate(engine, due, batch))
    return max(rates)


async def best_ceiling(engine: AsyncEngine, due: int, batch: int, repeat: int) -> float:
    """The best of `repeat` rounds of plain outbox INSERTs."""
    rates = []
    for _ in range(repeat):
        rates.append(await raw_ceiling(engine, due, batch))
        await reset(engine)
    return max(rates)


async def run(pending: int, due: int, batch: int, repeat: int) -> dict[str, float]:
    """Set up a scratch database, measure, drop it; the figures."""
    url = f"{SERVER}/daikou_scheduler_bench_{uuid.uuid4().hex[:8]}"
    await ensure_database(url)
    engine = create_engine(url, pool_size=2)
    try:
        await migrate(url, MIGRATIONS)
        await warm_up(engine, batch)
        ceiling = await best_ceiling(engine, due, batch, repeat)
        empty = await best_firing_rate(engine, due, batch, repeat)
        await reset(engine)
        start, step = NOW + timedelta(days=30), timedelta(seconds=30)
        seconds = await load(engine, "far:", pending, start=start, step=step, kind="far")
        print(f"loaded {pending:,} far-future pending deadlines in {seconds:.1f}s")
        loaded = await best_firing_rate(engine, due, batch, repeat)
        stats_ms = await stats_query_ms(engine)
    finally:
        await engine.dispose()
        await drop_database(url)
    return {
        "pending": pending,
        "due": due,
        "ceiling_per_s": ceiling,
        "fire_rate_empty_per_s": empty,
        "fire_rate_per_s": loaded,
        "stats_query_ms": stats_ms,
    }


def report(figures: dict[str, float], batch: int, repeat: int) -> None:
    """Print the rates and their ratios."""
    pending, due = int(figures["pending"]), int(figures["due"])
    ceiling, empty = figures["ceiling_per_s"], figures["fire_rate_empty_per_s"]
    loaded = figures["fire_rate_per_s"]
    print(f"best of {repeat} rounds of {due:,} rows, {batch} per transaction:")
    rows = [
        ("raw ceiling (plain outbox INSERTs)", ceiling, "rows/s"),
        ("firing, empty table", empty, "deadlines/s"),
        (f"firing, {pending:,} pending", loaded, "deadlines/s"),
    ]
    for label, rate, unit in rows:
        print(f"  {label:<36}{rate:10,.0f} {unit}")
    print(f"  ops stats with {pending:,} pending: {figures['stats_query_ms']:.0f} ms")
    print(f"  loaded / empty    {loaded / empty:.2f}")
    print(f"  empty / ceiling   {empty / ceiling:.2f}")
    print(f"  loaded / ceiling  {loaded / ceiling:.2f}")


def save(figures: dict[str, float], path: Path) -> None:
    """Put the figures under `scheduler` in a benchmarks' results file (its other keys kept)."""
    try:
        results = json.loads(path.read_text())
    except (OSError, ValueError):
        results = {}
    results["scheduler"] = figures
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"results written to {path}")


def main() -> None:
    """Parse the flags and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=1_000_000, help="far-future deadlines")
    parser.add_argument("--due", type=int, default=10_000, help="due deadlines fired per round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per measure (best kept)")
    parser.add_argument("--batch", type=int, default=500, help="deadlines per transaction")
    parser.add_argument("--results", type=Path, help="a JSON file to add the figures to")
    args = parser.parse_args()
    logging.getLogger("daikou_scheduler").setLevel(
        logging.ERROR
    )  # the due rows are late on purpose
    figures = asyncio.run(run(args.pending, args.due, args.batch, args.repeat))
    report(figures, args.batch, args.repeat)
    if args.results:
        save(figures, args.results)


if __name__ == "__main__":
    main()
