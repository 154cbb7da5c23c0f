"""Helpers of the scheduler's integration tests: a migrated database, settings, loaders, probes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_contracts.message import Envelope
from daikou_kit.clock import Clock
from daikou_kit.db import create_engine
from daikou_kit.testing import Infra, MakeDatabase
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_scheduler.adapters.unit_of_work import SchedulerUnitOfWork
from daikou_scheduler.application.commands import cancel_deadline, schedule_deadline
from daikou_scheduler.domain.deadline import Outcome, ScheduleRequest
from daikou_scheduler.entrypoints.firing import FiringConfig, FiringWorker
from daikou_scheduler.settings import SchedulerSettings
from daikou_scheduler.wiring import MIGRATIONS

TOKEN = "scheduler-test-token"
SETTINGS = SchedulerSettings.model_construct()
"""The settings' defaults (a wake horizon of 5 s) the use cases see in these tests."""


def unit(uow: UnitOfWork) -> SchedulerUnitOfWork:
    """The scheduler's unit of work on the kit's transaction, with the default settings."""
    return SchedulerUnitOfWork(uow, SETTINGS)


@dataclass
class SchedulerDb:
    """A migrated scheduler database of this test."""

    url: str
    engine: AsyncEngine
    replicas: list[AsyncEngine] = field(default_factory=list)

    def database(self, clock: Clock) -> Database:
        """Units of work on this database with a clock."""
        return Database(self.engine, clock)

    def replica(self, clock: Clock) -> Database:
        """Units of work on an engine of their own, as another replica would have."""
        engine = create_engine(self.url, pool_size=2)
        self.replicas.append(engine)
        return Database(engine, clock)

    def worker(self, clock: Clock, batch_size: int = 100) -> FiringWorker:
        """A firing loop of a replica of its own on this database."""
        return FiringWorker(self.replica(clock), unit, FiringConfig(batch_size=batch_size))

    async def execute(self, sql: str, **params: Any) -> None:
        """Run a statement and commit."""
        async with self.engine.begin() as conn:
            await conn.execute(text(sql), params)

    async def scalar(self, sql: str, **params: Any) -> Any:
        """One value of a query."""
        async with self.engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar_one()

    async def fired_events(self) -> list[tuple[str, DeadlineReached, Envelope]]:
        """The DeadlineReached messages in the outbox: (routing key, payload, envelope)."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT routing_key, body FROM outbox WHERE message_type = :t ORDER BY id"),
                {"t": DeadlineReached.TYPE},
            )
            found = []
            for row in rows:
                envelope = Envelope.model_validate_json(row.body)
                found.append(
                    (row.routing_key, DeadlineReached.model_validate(envelope.payload), envelope)
                )
            return found

    async def load_due(self, count: int, due_at: datetime, requester: str = "orders") -> None:
        """Insert `count` pending deadlines due at `due_at` in one statement."""
        async with self.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO deadlines (deadline_id, status, requester, kind, due_at, payload,"
                    " intent_at, revision, correlation_id, created_at, updated_at)"
                    " SELECT 'bulk:' || g, 'pending', :requester, 'bulk', :due, '{}'::jsonb,"
                    " :due, 1, 'bulk', :due, :due FROM generate_series(1, :n) AS g"
                ),
                {"n": count, "due": due_at, "requester": requester},
            )


@pytest.fixture(scope="session")
async def scheduler_url(make_database: MakeDatabase) -> str:
    """One migrated scheduler database for the session (emptied before each test)."""
    return await make_database("scheduler", MIGRATIONS)


@pytest.fixture
async def scheduler_db(scheduler_url: str) -> AsyncIterator[SchedulerDb]:
    """The scheduler database, emptied: no deadlines, no outbox, no inbox."""
    engine = create_engine(scheduler_url, pool_size=4)
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE deadlines, outbox, inbox"))
    made = SchedulerDb(scheduler_url, engine)
    yield made
    for replica in made.replicas:
        await replica.dispose()
    await engine.dispose()


def request(
    deadline_id: str,
    due_at: datetime,
    issued_at: datetime,
    *,
    requester: str = "orders",
    kind: str = "payment_deadline",
    payload: dict[str, Any] | None = None,
) -> ScheduleRequest:
    """A schedule request as the consumer would build it."""
    return ScheduleRequest(
        deadline_id=deadline_id,
        requester=requester,
        kind=kind,
        due_at=due_at,
        payload=payload or {},
        issued_at=issued_at,
        correlation_id=f"flow-{deadline_id}",
        causation_id=str(uuid.uuid4()),
    )


async def schedule(db: Database, req: ScheduleRequest) -> Outcome:
    """Run the schedule use case in its own transaction."""
    async with db.unit_of_work(correlation_id=req.correlation_id) as uow:
        return await schedule_deadline(unit(uow), req)


async def cancel(db: Database, deadline_id: str, issued_at: datetime) -> Outcome:
    """Run the cancel use case in its own transaction."""
    async with db.unit_of_work() as uow:
        return await cancel_deadline(unit(uow), deadline_id, issued_at, uow.correlation_id)


def settings_for(infra: Infra, url: str, **overrides: Any) -> SchedulerSettings:
    """Test settings of a scheduler on this session's servers."""
    values: dict[str, Any] = {
        "database_url": url,
        "amqp_url": infra.amqp_url,
        "namespace": infra.namespace,
        "internal_token": TOKEN,
        "retry_delays_ms": [100, 200],
        "relay_poll_interval_s": 0.2,
        "max_poll_interval_s": 0.5,
        **overrides,
    }
    return SchedulerSettings(**values)
