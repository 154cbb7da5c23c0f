"""The whole scheduler on the broker: commands in, addressed DeadlineReached out, restarts, wake-ups."""

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aio_pika
import httpx
import pytest
from scheduler_support import TOKEN, SchedulerDb, request, schedule, settings_for

from daikou_contracts.catalogue.scheduler import CancelDeadline, DeadlineReached, ScheduleDeadline
from daikou_kit.clock import ManualClock, SystemClock
from daikou_kit.deadletters import list_dead_letters
from daikou_kit.testing import Capture, Infra, actor_headers, capture, eventually, publish, running
from daikou_scheduler.entrypoints.firing import FiringWorker
from daikou_scheduler.wiring import build

pytestmark = pytest.mark.integration

Connection = aio_pika.abc.AbstractRobustConnection
OPS = actor_headers(TOKEN, uuid.uuid4(), "ops")


def _row_status(client: httpx.AsyncClient, deadline_id: str) -> Callable[[], Awaitable[Any]]:
    async def status() -> Any:
        response = await client.get(f"/deadlines/{deadline_id}", headers=OPS)
        return response.json()["status"] if response.status_code == 200 else None

    return status


async def _until_status(client: httpx.AsyncClient, deadline_id: str, status: str) -> None:
    read = _row_status(client, deadline_id)

    async def reached() -> bool:
        return bool(await read() == status)

    await eventually(reached)


async def test_requesters_get_their_deadlines_on_their_own_keys_when_due(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    _, app = build(settings_for(infra, scheduler_db.url), clock)
    order = str(uuid.uuid4())
    start = clock.now()
    commands = [
        ScheduleDeadline(
            deadline_id=f"order:{order}:payment-deadline",
            requester="orders",
            kind="payment_deadline",
            due_at=start + timedelta(days=7),
            payload={"order_id": order},
        ),
        ScheduleDeadline(
            deadline_id=f"order:{order}:auto-complete",
            requester="orders",
            kind="auto_complete",
            due_at=start + timedelta(days=30),
            payload={"order_id": order},
        ),
        ScheduleDeadline(
            deadline_id=f"order:{order}:messaging-window",
            requester="messaging",
            kind="window_close",
            due_at=start + timedelta(days=30),
            payload={"order_id": order},
        ),
    ]
    orders_key = DeadlineReached.routing_key_for("orders")
    messaging_key = DeadlineReached.routing_key_for("messaging")
    async with (
        capture(amqp_connection, infra.names, orders_key) as to_orders,
        capture(amqp_connection, infra.names, messaging_key) as to_messaging,
        running(app) as client,
    ):
        for command in commands:
            await publish(
                amqp_connection, infra.names, command, correlation_id=order, occurred_at=start
            )
        for command in commands:
            await _until_status(client, command.deadline_id, "pending")

        # other services of this test session share the namespace: look at this order's only
        def ours(seen: Capture) -> list[DeadlineReached]:
            return [d for d in seen.of_type(DeadlineReached) if order in d.deadline_id]

        async def count(seen: Capture, n: int) -> list[DeadlineReached]:
            async def enough() -> bool:
                return len(ours(seen)) >= n

            await eventually(enough)
            return ours(seen)

        clock.advance(timedelta(days=7))
        app.state.parts[FiringWorker].wake()
        [payment] = await count(to_orders, 1)
        assert payment.deadline_id == f"order:{order}:payment-deadline"
        assert payment.payload == {"order_id": order}
        assert ours(to_messaging) == []

        clock.advance(timedelta(days=23))
        app.state.parts[FiringWorker].wake()
        reached = await count(to_orders, 2)
        [window] = await count(to_messaging, 1)
        assert [r.kind for r in reached] == ["payment_deadline", "auto_complete"]
        assert (window.kind, window.requester) == ("window_close", "messaging")
        mine = [e for e in to_orders.envelopes if order in str(e.payload.get("deadline_id"))]
        assert all(e.correlation_id == order for e in mine)
        assert len(mine) == 2


async def test_a_cancel_command_stops_a_deadline(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    _, app = build(settings_for(infra, scheduler_db.url, firing_enabled=False), clock)
    worker = scheduler_db.worker(clock)
    start = clock.now()
    deadline_id = f"order:{uuid.uuid4()}:payment-deadline"
    async with running(app) as client:
        schedule_command = ScheduleDeadline(
            deadline_id=deadline_id,
            requester="orders",
            kind="payment_deadline",
            due_at=start + timedelta(days=7),
        )
        await publish(amqp_connection, infra.names, schedule_command, occurred_at=start)
        await _until_status(client, deadline_id, "pending")
        cancel_command = CancelDeadline(deadline_id=deadline_id)
        later = start + timedelta(hours=1)
        await publish(amqp_connection, infra.names, cancel_command, occurred_at=later)
        await _until_status(client, deadline_id, "cancelled")

        clock.advance(timedelta(days=8))
        assert await worker.fire_due() == 0
        assert await scheduler_db.fired_events() == []


async def test_a_cancel_delivered_before_an_older_schedule_still_wins(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    _, app = build(settings_for(infra, scheduler_db.url, firing_enabled=False), clock)
    start = clock.now()
    deadline_id = f"order:{uuid.uuid4()}:payment-deadline"
    schedule_command = ScheduleDeadline(
        deadline_id=deadline_id, requester="orders", kind="payment_deadline", due_at=start
    )
    cancel_command = CancelDeadline(deadline_id=deadline_id)
    async with running(app) as client:
        later = start + timedelta(seconds=1)
        await publish(amqp_connection, infra.names, cancel_command, occurred_at=later)
        await _until_status(client, deadline_id, "cancelled")
        schedule_id = await publish(
            amqp_connection, infra.names, schedule_command, occurred_at=start
        )
        consumed = "SELECT count(*) FROM inbox WHERE message_id = CAST(:m AS uuid)"

        async def schedule_consumed() -> bool:
            return bool(await scheduler_db.scalar(consumed, m=str(schedule_id)) == 1)

        await eventually(schedule_consumed)
        stored = (await client.get(f"/deadlines/{deadline_id}", headers=OPS)).json()
    assert (stored["status"], stored["revision"]) == ("cancelled", 0)
    assert await scheduler_db.worker(clock).fire_due() == 0


async def test_a_restarted_scheduler_fires_what_fell_due_while_it_was_down(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    start = clock.now()
    deadline_id = f"order:{uuid.uuid4()}:auto-complete"
    _, first = build(settings_for(infra, scheduler_db.url), clock)
    async with running(first) as client:
        command = ScheduleDeadline(
            deadline_id=deadline_id,
            requester="orders",
            kind="auto_complete",
            due_at=start + timedelta(hours=1),
        )
        await publish(amqp_connection, infra.names, command, occurred_at=start)
        await _until_status(client, deadline_id, "pending")
        assert (
            _sample((await client.get("/metrics")).text, "daikou_scheduler_pending_deadlines") >= 1
        )

    clock.set(start + timedelta(hours=3))  # down for three hours
    _, second = build(settings_for(infra, scheduler_db.url), clock)
    key = DeadlineReached.routing_key_for("orders")
    async with capture(amqp_connection, infra.names, key) as seen, running(second) as client:
        [event] = await seen.wait_for(DeadlineReached)
        assert event.deadline_id == deadline_id
        assert event.lateness_ms == 2 * 3600 * 1000
        stored = (await client.get(f"/deadlines/{deadline_id}", headers=OPS)).json()
        assert (stored["status"], stored["lateness_ms"]) == ("fired", 2 * 3600 * 1000)
        scrape = (await client.get("/metrics")).text
        assert _sample(scrape, "daikou_scheduler_deadlines_fired_total") >= 1
        assert _sample(scrape, "daikou_scheduler_firing_lateness_seconds_sum") >= 2 * 3600


async def test_a_deadline_due_soon_wakes_a_sleeping_replica(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    _, app = build(settings_for(infra, scheduler_db.url, max_poll_interval_s=60), clock)
    key = DeadlineReached.routing_key_for("orders")
    async with capture(amqp_connection, infra.names, key) as seen, running(app):
        # Scheduled by another replica: only the database notification can wake this one.
        other_replica = scheduler_db.database(clock)
        await schedule(other_replica, request("d:soon", clock.now(), clock.now()))
        [event] = await seen.wait_for(DeadlineReached, timeout=10)
    assert event.deadline_id == "d:soon"


async def test_an_invalid_command_is_dead_lettered_with_its_reason_and_changes_nothing(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    _, app = build(settings_for(infra, scheduler_db.url, firing_enabled=False), clock)
    invalid = ScheduleDeadline.model_construct(
        deadline_id="d:invalid",
        requester="Not A Service",
        kind="payment_deadline",
        due_at=clock.now(),
        payload={},
    )
    async with running(app):
        message_id = await publish(amqp_connection, infra.names, invalid)
        channel = await amqp_connection.channel()
        dlq = infra.names.dead_letter_queue("scheduler")

        async def dead_lettered() -> bool:
            letters = await list_dead_letters(channel, dlq, 100)
            return any(letter.message_id == str(message_id) for letter in letters)

        await eventually(dead_lettered)
        [letter] = [
            x for x in await list_dead_letters(channel, dlq, 100) if x.message_id == str(message_id)
        ]
        await channel.close()
    assert letter.reason == "malformed"
    assert "requester" in letter.exception
    # other services of this test session share the namespace, so count only this command's id
    invalid_rows = "SELECT count(*) FROM deadlines WHERE deadline_id = 'd:invalid'"
    assert await scheduler_db.scalar(invalid_rows) == 0


async def test_on_the_real_clock_a_deadline_fires_at_its_time_not_at_the_next_poll(
    infra: Infra, amqp_connection: Connection, scheduler_db: SchedulerDb
) -> None:
    clock = SystemClock()
    _, app = build(settings_for(infra, scheduler_db.url, max_poll_interval_s=30), clock)
    key = DeadlineReached.routing_key_for("orders")
    async with capture(amqp_connection, infra.names, key) as seen, running(app):
        due = clock.now() + timedelta(seconds=1.5)
        command = ScheduleDeadline(
            deadline_id="d:real-time", requester="orders", kind="payment_deadline", due_at=due
        )
        await publish(amqp_connection, infra.names, command)
        [event] = await seen.wait_for(DeadlineReached, timeout=15)
    assert event.due_at == due
    assert due <= event.fired_at < due + timedelta(seconds=2)  # a loaded machine adds some
    assert event.lateness_ms < 2000


def _sample(scrape: str, name: str) -> float:
    """An unlabelled sample's value in the Prometheus text format."""
    match = re.search(rf"^{name} (\S+)$", scrape, re.MULTILINE)
    assert match, f"{name} not in the scrape"
    return float(match.group(1))
