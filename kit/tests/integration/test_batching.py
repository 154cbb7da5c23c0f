"""Messages that share a commit keep every per-message guarantee."""

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from kit_harness import FAILURES, KitService, MakeKitService, Ping, record_ping
from sqlalchemy import event, text

from daikou_contracts.message import Envelope, make_envelope
from daikou_kit.batching import Job, TransactionBatcher
from daikou_kit.clock import SystemClock
from daikou_kit.db import create_engine
from daikou_kit.unit_of_work import Database

pytestmark = pytest.mark.integration


def _envelope(ping: Ping, message_id: uuid.UUID | None = None) -> Envelope:
    return make_envelope(
        ping,
        message_id=message_id or uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        correlation_id="c",
        causation_id=None,
    )


async def test_one_failing_message_fails_alone_and_the_others_commit(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    batcher = TransactionBatcher(svc.database, max_batch=10)
    FAILURES.pop(2, None)
    pings = [Ping(n=1), Ping(n=2, fail_times=5), Ping(n=3)]
    jobs = [Job("q", _envelope(p), record_ping, p) for p in pings]
    results = await asyncio.gather(*(batcher.submit(j) for j in jobs), return_exceptions=True)
    assert results[0] is True
    assert isinstance(results[1], RuntimeError)
    assert results[2] is True
    assert await svc.effects() == [1, 3]
    assert FAILURES[2] == 2  # once in the shared batch, once alone


async def test_the_same_message_twice_in_one_batch_takes_effect_once(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    batcher = TransactionBatcher(svc.database, max_batch=10)
    ping = Ping(n=7)
    envelope = _envelope(ping)
    results = await asyncio.gather(
        batcher.submit(Job("q", envelope, record_ping, ping)),
        batcher.submit(Job("q", envelope, record_ping, ping)),
    )
    assert sorted(results) == [False, True]
    assert await svc.effects() == [7]


async def test_deliveries_that_arrive_together_share_a_commit(kit_service: MakeKitService) -> None:
    svc = await kit_service()
    batcher = TransactionBatcher(svc.database, max_batch=50, lanes=1)
    pings = [Ping(n=i) for i in range(40)]
    await asyncio.gather(*(batcher.submit(Job("q", _envelope(p), record_ping, p)) for p in pings))
    assert await svc.effects() == list(range(40))
    assert await _transactions(svc) < 40  # fewer transactions than messages


async def test_deliveries_a_few_turns_apart_wait_for_each_other(
    kit_service: MakeKitService,
) -> None:
    """As a relay's batch reaches a consumer: each delivery handed over a turn after the last."""
    svc = await kit_service()
    batches: list[int] = []
    for gather_s in (0.0, 0.005):
        batcher = TransactionBatcher(svc.database, max_batch=50, lanes=2, gather_s=gather_s)
        pings = [Ping(n=len(batches) * 100 + i) for i in range(5)]
        before = await _transactions(svc)
        handed_over = []
        for ping in pings:
            handed_over.append(asyncio.ensure_future(batcher.submit(_job(ping))))
            await asyncio.sleep(0)
        assert all(await asyncio.gather(*handed_over))
        batches.append(await _transactions(svc) - before)
    # without waiting, the first delivery commits alone, the others after it
    assert batches[0] > 1
    assert batches[1] == 1


async def _transactions(svc: KitService) -> int:
    async with svc.engine.connect() as conn:
        xids = await conn.execute(text("SELECT count(DISTINCT xmin::text) FROM inbox"))
        return int(xids.scalar_one())


def _job(ping: Ping) -> Job:
    return Job("q", _envelope(ping), record_ping, ping)


async def test_a_delivery_that_stops_waiting_does_not_strand_its_batch(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    batcher = TransactionBatcher(svc.database, max_batch=10, lanes=1)
    pings = [Ping(n=i) for i in (21, 22, 23)]
    jobs = [Job("q", _envelope(p), record_ping, p) for p in pings]
    waiting = [asyncio.ensure_future(batcher.submit(job)) for job in jobs]
    await asyncio.sleep(0)  # all three queued; the lane has not run yet
    waiting[0].cancel()  # as when its channel closes under it
    results = await asyncio.wait_for(asyncio.gather(*waiting[1:]), 10)
    assert results == [True, True]
    assert await svc.effects() == [21, 22, 23]  # the abandoned one still took effect, once


async def test_a_lane_commits_its_batches_on_one_connection(kit_service: MakeKitService) -> None:
    svc = await kit_service()
    checkouts: list[object] = []
    event.listen(svc.engine.sync_engine.pool, "checkout", lambda *args: checkouts.append(args))
    batcher = TransactionBatcher(svc.database, max_batch=2, lanes=1)
    pings = [Ping(n=i) for i in range(6)]
    results = await asyncio.gather(
        *(batcher.submit(Job("q", _envelope(p), record_ping, p)) for p in pings)
    )
    assert results == [True] * 6
    assert await svc.effects() == list(range(6))
    assert len(checkouts) == 2  # the lane's one for three commits, and the check's own


async def test_a_lane_without_a_database_fails_its_batch_for_a_retry() -> None:
    unreachable = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none", pool_size=1)
    batcher = TransactionBatcher(Database(unreachable, SystemClock()), max_batch=10, lanes=1)
    pings = [Ping(n=i) for i in (31, 32)]
    jobs = [batcher.submit(Job("q", _envelope(p), record_ping, p)) for p in pings]
    results = await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), 10)
    assert all(isinstance(r, OSError) for r in results), results
    await unreachable.dispose()
