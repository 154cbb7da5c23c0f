"""One database transaction per request or message, carrying the messages it emits to the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from daikou_contracts.message import Command, Envelope, Payload, make_envelope
from daikou_kit.clock import Clock
from daikou_kit.db import outbox_table
from daikou_kit.statements import Prepared, driver
from daikou_kit.tracing import current_traceparent

IdFactory = Callable[[], UUID]

OUTBOX_COLUMNS = (
    "message_id",
    "routing_key",
    "message_type",
    "correlation_id",
    "body",
    "mandatory",
    "created_at",
    "traceparent",
)
INSERT_OUTBOX = Prepared(insert(outbox_table), *OUTBOX_COLUMNS)


@dataclass
class UnitOfWork:
    """The open transaction of one request or message; `emit` queues messages for the outbox."""

    conn: AsyncConnection
    clock: Clock
    new_id: IdFactory
    correlation_id: str
    causation_id: str | None = None
    incoming: Envelope | None = None
    _pending: list[dict[str, Any]] = field(default_factory=list)
    _driver: asyncpg.Connection | None = field(default=None, repr=False)

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        """Write a message to the outbox in this transaction; returns its message id.

        The correlation and causation ids default to this unit's; a unit that emits for several
        flows at once (e.g. a batch of deadlines) passes each message's own.
        """
        message_id = self.new_id()
        correlation_id = correlation_id or self.correlation_id
        envelope = make_envelope(
            payload,
            message_id=message_id,
            occurred_at=self.clock.now(),
            correlation_id=correlation_id,
            causation_id=causation_id or self.causation_id,
        )
        self._pending.append(
            {
                "message_id": message_id,
                "routing_key": routing_key or payload.routing_key(),
                "message_type": payload.TYPE,
                "correlation_id": correlation_id,
                "body": envelope.model_dump_json(),
                "mandatory": isinstance(payload, Command),
                "created_at": envelope.occurred_at,
                "traceparent": current_traceparent(),
            }
        )
        return message_id

    def correlate(self, correlation_id: str) -> None:
        """Set the flow the emitted messages belong to (e.g. the order's id for a new order)."""
        self.correlation_id = correlation_id

    def take_pending(self) -> list[dict[str, Any]]:
        """Hand over the queued outbox rows (for a caller that inserts several units' rows at once)."""
        pending, self._pending = self._pending, []
        return pending

    async def flush(self) -> None:
        """Insert the queued messages (one pipelined prepared statement for all of them)."""
        if self._pending:
            await self.run_many(INSERT_OUTBOX, self._pending)
            self._pending = []

    async def run(self, statement: Prepared, **params: Any) -> list[asyncpg.Record]:
        """Run a prepared statement in this transaction on asyncpg itself; its rows, if any."""
        connection = self._driver or await self._begun()
        rows: list[asyncpg.Record] = await connection.fetch(statement.sql, *statement.args(params))
        return rows

    async def run_many(self, statement: Prepared, params: Sequence[Mapping[str, Any]]) -> None:
        """Run a prepared statement once per parameter set, pipelined, in this transaction."""
        await statement.run_many(self._driver or await self._begun(), params)

    async def _begun(self) -> asyncpg.Connection:
        self._driver = await driver(self.conn)
        return self._driver


@dataclass
class Database:
    """Opens units of work on a service's engine with its clock and id factory."""

    engine: AsyncEngine
    clock: Clock
    new_id: IdFactory = uuid4

    @asynccontextmanager
    async def unit_of_work(
        self,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        incoming: Envelope | None = None,
    ) -> AsyncIterator[UnitOfWork]:
        """Begin; yield; flush the outbox and commit when the block ends, roll back if it raises."""
        async with self.engine.begin() as conn:
            uow = UnitOfWork(
                conn=conn,
                clock=self.clock,
                new_id=self.new_id,
                correlation_id=correlation_id or str(self.new_id()),
                causation_id=causation_id,
                incoming=incoming,
            )
            yield uow
            await uow.flush()
