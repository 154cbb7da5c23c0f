"""Use cases on the in-memory unit of work: scheduling, cancelling, firing and the ops figures."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from scheduler_fakes import FakeSchedulerUnit

from daikou_contracts.catalogue.scheduler import CancelDeadline, DeadlineReached, ScheduleDeadline
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden, NotFound
from daikou_scheduler.application import firing, queries
from daikou_scheduler.application.commands import cancel_deadline, schedule_deadline
from daikou_scheduler.domain.deadline import Outcome, ScheduleRequest, Status
from daikou_scheduler.entrypoints import consumers

OPS = Actor(uuid4(), Role.OPS)
ID = "order:1:payment-deadline"


def _request(
    unit: FakeSchedulerUnit,
    due_in: timedelta,
    *,
    issued_ago: timedelta = timedelta(),
    deadline_id: str = ID,
) -> ScheduleRequest:
    now = unit.clock.now()
    return ScheduleRequest(
        deadline_id=deadline_id,
        requester="orders",
        kind="payment_deadline",
        due_at=now + due_in,
        payload={"order_id": "1"},
        issued_at=now - issued_ago,
        correlation_id="order-1",
        causation_id="command-1",
    )


async def test_a_far_deadline_is_stored_without_waking_the_firing_loops() -> None:
    unit = FakeSchedulerUnit()

    outcome = await schedule_deadline(unit, _request(unit, timedelta(days=7)))

    assert outcome is Outcome.CREATED
    assert unit.deadlines.rows[ID].status is Status.PENDING
    assert unit.deadlines.wakes == 0


async def test_a_deadline_within_the_wake_horizon_wakes_the_firing_loops() -> None:
    unit = FakeSchedulerUnit()
    assert unit.settings.wake_horizon == timedelta(seconds=5)

    await schedule_deadline(unit, _request(unit, timedelta(seconds=4)))

    assert unit.deadlines.wakes == 1


async def test_a_newer_request_replaces_and_an_older_one_changes_nothing() -> None:
    unit = FakeSchedulerUnit()
    await schedule_deadline(unit, _request(unit, timedelta(days=7)))
    unit.clock.advance(timedelta(minutes=1))

    newer = await schedule_deadline(unit, _request(unit, timedelta(days=8)))
    older = await schedule_deadline(
        unit, _request(unit, timedelta(days=1), issued_ago=timedelta(hours=1))
    )

    assert (newer, older) == (Outcome.REPLACED, Outcome.STALE)
    kept = unit.deadlines.rows[ID]
    assert (kept.revision, kept.due_at) == (2, unit.clock.now() + timedelta(days=8))


async def test_cancelling_an_unknown_id_leaves_a_tombstone_an_older_schedule_cannot_revive() -> (
    None
):
    unit = FakeSchedulerUnit()
    now = unit.clock.now()

    cancelled = await cancel_deadline(unit, ID, now, "order-1")
    revived = await schedule_deadline(
        unit, _request(unit, timedelta(days=7), issued_ago=timedelta(seconds=1))
    )

    assert (cancelled, revived) == (Outcome.CANCELLED, Outcome.STALE)
    assert unit.deadlines.rows[ID].status is Status.CANCELLED


async def test_firing_emits_each_deadline_in_the_flow_that_asked_for_it() -> None:
    unit = FakeSchedulerUnit()
    await schedule_deadline(unit, _request(unit, timedelta(minutes=1)))
    unit.clock.advance(timedelta(minutes=3))

    done = await firing.fire_batch(unit, batch_size=10, late_threshold_ms=60_000)

    assert (done.fired, done.late, done.max_lateness_ms) == (1, 1, 120_000)
    [sent] = unit.emitted
    assert isinstance(sent.payload, DeadlineReached)
    assert (sent.payload.deadline_id, sent.payload.payload) == (ID, {"order_id": "1"})
    assert sent.routing_key == DeadlineReached.routing_key_for("orders")
    assert (sent.correlation_id, sent.causation_id) == ("order-1", "command-1")
    assert unit.deadlines.rows[ID].status is Status.FIRED
    assert await firing.next_due(unit) is None


async def test_a_batch_fires_no_more_than_its_size() -> None:
    unit = FakeSchedulerUnit()
    for n in range(3):
        await schedule_deadline(unit, _request(unit, timedelta(seconds=n), deadline_id=f"d:{n}"))
    unit.clock.advance(timedelta(seconds=10))

    first = await firing.fire_batch(unit, batch_size=2, late_threshold_ms=60_000)
    second = await firing.fire_batch(unit, batch_size=2, late_threshold_ms=60_000)

    assert (first.fired, second.fired, first.late) == (2, 1, 0)
    fired = [e.payload for e in unit.emitted if isinstance(e.payload, DeadlineReached)]
    assert [d.deadline_id for d in fired] == ["d:0", "d:1", "d:2"]


async def test_the_consumers_take_the_issue_time_from_the_message_or_the_clock() -> None:
    unit = FakeSchedulerUnit(correlation_id="order-1", causation_id="command-1")
    due = unit.clock.now() + timedelta(days=1)
    command = ScheduleDeadline(
        deadline_id=ID, requester="orders", kind="payment_deadline", due_at=due, payload={}
    )

    await consumers.on_schedule(unit, command)
    await consumers.on_cancel(unit, CancelDeadline(deadline_id=ID))

    kept = unit.deadlines.rows[ID]
    assert (kept.status, kept.intent_at, kept.correlation_id) == (
        Status.CANCELLED,
        unit.clock.now(),
        "order-1",
    )


async def test_the_ops_views_are_for_staff_only() -> None:
    unit, customer = FakeSchedulerUnit(), Actor(uuid4(), Role.CUSTOMER)
    with pytest.raises(Forbidden):
        await queries.list_deadlines(unit, customer, "", None, 10)
    with pytest.raises(Forbidden):
        await queries.stats(unit, customer)
    with pytest.raises(NotFound):
        await queries.get_deadline(unit, OPS, "d:missing")


async def test_the_figures_use_the_settings_window_and_late_threshold_by_default() -> None:
    unit = FakeSchedulerUnit()
    await schedule_deadline(unit, _request(unit, timedelta(minutes=1)))
    unit.clock.advance(timedelta(minutes=5))
    await firing.fire_batch(unit, batch_size=10, late_threshold_ms=60_000)

    figures = await queries.stats(unit, OPS)
    narrow = await queries.stats(unit, OPS, window_hours=1)

    assert figures.window == timedelta(hours=unit.settings.stats_window_hours)
    assert figures.late_threshold == timedelta(seconds=60)
    assert (figures.lateness.fired, figures.lateness.fired_late) == (1, 1)
    assert figures.lateness.max_lateness_ms == 4 * 60_000
    assert narrow.window == timedelta(hours=1)
    assert (figures.pending.pending, figures.pending.next_due_at) == (0, None)
