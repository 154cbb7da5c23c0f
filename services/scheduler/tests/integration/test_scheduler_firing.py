"""Firing on the real database: on time, once, moved, cancelled, after downtime, by two replicas."""

import asyncio
import uuid
from datetime import timedelta

import pytest
from scheduler_support import SchedulerDb, cancel, request, schedule, unit
from sqlalchemy import text

from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_kit.clock import ManualClock
from daikou_kit.unit_of_work import UnitOfWork
from daikou_scheduler.application import firing
from daikou_scheduler.application.ports import SchedulerUnit
from daikou_scheduler.domain.deadline import Outcome

pytestmark = pytest.mark.integration


async def test_a_deadline_fires_once_at_its_time(scheduler_db: SchedulerDb) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    worker = scheduler_db.worker(clock)
    due = clock.now() + timedelta(days=7)
    req = request("order:1:payment-deadline", due, clock.now(), payload={"order_id": "1"})
    assert await schedule(db, req) is Outcome.CREATED

    clock.set(due - timedelta(seconds=1))
    assert await worker.fire_due() == 0
    clock.set(due)
    assert await worker.fire_due() == 1
    clock.advance(timedelta(days=1))
    assert await worker.fire_due() == 0

    [(key, event, envelope)] = await scheduler_db.fired_events()
    assert key == DeadlineReached.routing_key_for("orders")
    assert event.deadline_id == "order:1:payment-deadline"
    assert (event.due_at, event.fired_at, event.lateness_ms) == (due, due, 0)
    assert event.kind == "payment_deadline"
    assert event.payload == {"order_id": "1"}
    assert envelope.correlation_id == req.correlation_id
    assert envelope.causation_id == req.causation_id
    status = await scheduler_db.scalar(
        "SELECT status FROM deadlines WHERE deadline_id = 'order:1:payment-deadline'"
    )
    assert status == "fired"


async def test_scheduling_the_same_id_again_moves_it(scheduler_db: SchedulerDb) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    worker = scheduler_db.worker(clock)
    first_due = clock.now() + timedelta(hours=1)
    later_due = clock.now() + timedelta(hours=3)
    await schedule(db, request("d:move", first_due, clock.now(), payload={"v": 1}))
    clock.advance(timedelta(minutes=1))
    assert await schedule(db, request("d:move", later_due, clock.now(), payload={"v": 2})) is (
        Outcome.REPLACED
    )

    clock.set(first_due + timedelta(minutes=1))
    assert await worker.fire_due() == 0
    clock.set(later_due)
    assert await worker.fire_due() == 1
    [(_, event, _)] = await scheduler_db.fired_events()
    assert (event.due_at, event.payload) == (later_due, {"v": 2})
    assert await scheduler_db.scalar("SELECT revision FROM deadlines") == 2


async def test_a_cancelled_deadline_never_fires(scheduler_db: SchedulerDb) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    worker = scheduler_db.worker(clock)
    due = clock.now() + timedelta(hours=1)
    await schedule(db, request("d:cancel", due, clock.now()))
    clock.advance(timedelta(minutes=5))
    assert await cancel(db, "d:cancel", clock.now()) is Outcome.CANCELLED
    assert await cancel(db, "d:cancel", clock.now()) is Outcome.ALREADY_SETTLED
    assert await cancel(db, "d:never-scheduled", clock.now()) is Outcome.CANCELLED

    clock.set(due + timedelta(days=1))
    assert await worker.fire_due() == 0
    assert await scheduler_db.fired_events() == []


async def test_a_late_arriving_older_schedule_does_not_revive_a_cancelled_deadline(
    scheduler_db: SchedulerDb,
) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    worker = scheduler_db.worker(clock)
    issued = clock.now()
    due = issued + timedelta(hours=1)
    # The cancel was issued a second after the schedule but is delivered first.
    assert await cancel(db, "d:reordered", issued + timedelta(seconds=1)) is Outcome.CANCELLED
    assert await schedule(db, request("d:reordered", due, issued)) is Outcome.STALE

    clock.set(due)
    assert await worker.fire_due() == 0
    status = await scheduler_db.scalar("SELECT status FROM deadlines")
    assert status == "cancelled"


async def test_a_newer_schedule_after_firing_arms_the_deadline_again(
    scheduler_db: SchedulerDb,
) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    worker = scheduler_db.worker(clock)
    first = request("d:again", clock.now() + timedelta(minutes=1), clock.now())
    await schedule(db, first)
    clock.advance(timedelta(minutes=1))
    assert await worker.fire_due() == 1
    assert await schedule(db, first) is Outcome.STALE  # the same intent, delivered again
    clock.advance(timedelta(minutes=1))
    second = request("d:again", clock.now() + timedelta(minutes=1), clock.now())
    assert await schedule(db, second) is Outcome.REPLACED
    clock.advance(timedelta(minutes=1))
    assert await worker.fire_due() == 1
    assert [e.due_at for _, e, _ in await scheduler_db.fired_events()] == [
        first.due_at,
        second.due_at,
    ]


async def test_deadlines_missed_while_stopped_fire_at_once_with_their_lateness(
    scheduler_db: SchedulerDb,
) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    start = clock.now()
    await schedule(db, request("d:down-1", start + timedelta(minutes=10), start))
    await schedule(db, request("d:down-2", start + timedelta(minutes=40), start))
    await schedule(db, request("d:later", start + timedelta(days=30), start))

    clock.set(start + timedelta(hours=1))  # the scheduler was down for this hour
    assert await scheduler_db.worker(clock).fire_due() == 2
    lateness = {e.deadline_id: e.lateness_ms for _, e, _ in await scheduler_db.fired_events()}
    assert lateness == {"d:down-1": 50 * 60_000, "d:down-2": 20 * 60_000}
    stored = await scheduler_db.scalar(
        "SELECT lateness_ms FROM deadlines WHERE deadline_id = 'd:down-1'"
    )
    assert stored == 50 * 60_000


async def test_two_replicas_fire_ten_thousand_due_deadlines_exactly_once(
    scheduler_db: SchedulerDb,
) -> None:
    clock = ManualClock()
    await scheduler_db.load_due(10_000, clock.now() - timedelta(minutes=1))
    first, second = scheduler_db.worker(clock, 250), scheduler_db.worker(clock, 250)

    counts = await asyncio.gather(first.fire_due(), second.fire_due())

    assert sum(counts) == 10_000
    assert all(count > 0 for count in counts), counts  # both replicas took a share
    events = await scheduler_db.fired_events()
    ids = [event.deadline_id for _, event, _ in events]
    assert len(ids) == 10_000
    assert set(ids) == {f"bulk:{n}" for n in range(1, 10_001)}
    pending = await scheduler_db.scalar("SELECT count(*) FROM deadlines WHERE status = 'pending'")
    assert pending == 0


async def test_a_replica_that_dies_mid_batch_loses_nothing(
    scheduler_db: SchedulerDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    await scheduler_db.load_due(30, clock.now())
    dying = scheduler_db.worker(clock, 10)

    original = firing.fire_batch

    async def crash_after_claiming(uow: SchedulerUnit, size: int, late_ms: int) -> firing.Round:
        await original(uow, size, late_ms)
        raise ConnectionResetError("replica killed")

    monkeypatch.setattr(firing, "fire_batch", crash_after_claiming)
    with pytest.raises(ConnectionResetError):
        await dying.fire_due()
    monkeypatch.setattr(firing, "fire_batch", original)

    assert await scheduler_db.fired_events() == []
    assert await scheduler_db.worker(clock, 10).fire_due() == 30
    assert len(await scheduler_db.fired_events()) == 30


async def test_housekeeping_forgets_only_long_settled_deadlines(scheduler_db: SchedulerDb) -> None:
    clock = ManualClock()
    db = scheduler_db.database(clock)
    start = clock.now()
    await schedule(db, request("d:old-fired", start, start))
    await schedule(db, request("d:far", start + timedelta(days=365), start))
    await cancel(db, "d:old-cancel", start)
    await scheduler_db.worker(clock).fire_due()
    clock.advance(timedelta(days=200))
    await schedule(db, request("d:recent", clock.now(), clock.now()))
    await scheduler_db.worker(clock).fire_due()

    assert await scheduler_db.worker(clock).housekeeping() == 2
    remaining = await scheduler_db.scalar(
        "SELECT string_agg(deadline_id, ',' ORDER BY deadline_id) FROM deadlines"
    )
    assert remaining == "d:far,d:recent"


async def test_racing_first_requests_for_one_id_keep_the_latest_intent(
    scheduler_db: SchedulerDb,
) -> None:
    clock = ManualClock()
    start = clock.now()
    older = request("d:race", start + timedelta(days=1), start)
    newer = request("d:race", start + timedelta(days=2), start + timedelta(seconds=1))
    replica_a, replica_b = scheduler_db.replica(clock), scheduler_db.replica(clock)
    for _ in range(5):
        outcomes = await asyncio.gather(schedule(replica_a, older), schedule(replica_b, newer))
        assert Outcome.CREATED in outcomes or Outcome.REPLACED in outcomes
        due = await scheduler_db.scalar("SELECT due_at FROM deadlines WHERE deadline_id = 'd:race'")
        assert due == newer.due_at
        await scheduler_db.execute("DELETE FROM deadlines")


async def test_rows_a_replica_holds_are_skipped_then_fired_once_that_replica_dies(
    scheduler_db: SchedulerDb,
) -> None:
    clock = ManualClock()
    await scheduler_db.load_due(30, clock.now())
    holder = scheduler_db.replica(clock)
    survivor = scheduler_db.worker(clock, 10)
    conn = await holder.engine.connect()
    await conn.begin()
    uow = UnitOfWork(conn=conn, clock=clock, new_id=uuid.uuid4, correlation_id="holder")
    held = await firing.fire_batch(unit(uow), 10, 60_000)  # claimed and emitted, never committed
    await uow.flush()
    pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()

    assert held.fired == 10
    assert await survivor.fire_due() == 20  # the held rows are skipped, not waited for
    await scheduler_db.execute("SELECT pg_terminate_backend(:pid)", pid=pid)
    await conn.invalidate()
    assert await survivor.fire_due() == 10

    ids = [event.deadline_id for _, event, _ in await scheduler_db.fired_events()]
    assert sorted(ids) == sorted(f"bulk:{n}" for n in range(1, 31))
