"""Commit several consumed messages in one transaction without weakening any guarantee.

Messages delivered to one queue at the same time are handled together: one inbox insert for all of
them, each handler in turn on the same connection, one outbox insert, one commit. Each message's
effects stay atomic: if any handler raises, the whole batch rolls back and every message of it is
handled again in a transaction of its own, so the failing one fails alone. Acknowledgements still
happen only after the commit that holds a message's effects. Batches form by themselves: while one
batch commits, the next deliveries queue up; nothing waits for a batch to fill.

A lane that starts from idle first waits `gather_s` (2 ms by default) for the deliveries arriving
with the first one: a relay's batch reaches the consumer over several turns of the event loop (each
delivery is read, decoded and handed over on its own), so without the wait the first delivery of a
burst committed alone, the second alone in the other lane, and only the rest together. At a
moderate pace that made most transactions one message long, and each costs every part (client,
PostgreSQL, the broker's acknowledgements) about as much as a batch; see the README's Benchmarks.
A lane that is already busy never waits: its next batch is whatever queued while it committed.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg
from opentelemetry.context import Context
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.message import Envelope, Payload
from daikou_kit import tracing
from daikou_kit.logs import Tagged, message_tags
from daikou_kit.statements import Prepared, driver
from daikou_kit.unit_of_work import INSERT_OUTBOX, Database, UnitOfWork

log = logging.getLogger(__name__)

# One statement for any batch size (a multi-row VALUES would be compiled anew for each size).
_CLAIM = Prepared(
    text(
        "INSERT INTO inbox (consumer, message_id, received_at)"
        " SELECT :consumer, m, :now FROM unnest(CAST(:ids AS uuid[])) AS m"
        " ON CONFLICT DO NOTHING RETURNING message_id"
    )
)


@dataclass
class Job:
    """One decoded message waiting for its transaction."""

    consumer: str
    envelope: Envelope
    handler: Any  # Handler[Payload]: async (uow, payload) -> None
    payload: Payload
    done: asyncio.Future[bool] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )
    trace: Context | None = field(default_factory=tracing.capture)
    """The consuming span, continued by the handler in whichever lane runs it."""
    tags: dict[str, str] = field(default_factory=message_tags)
    """The delivery's log ids, carried by the handler's lines in whichever lane runs it."""


class TransactionBatcher:
    """Runs jobs in shared transactions of at most `max_batch` messages, `lanes` at a time."""

    def __init__(
        self, database: Database, max_batch: int = 50, lanes: int = 2, gather_s: float = 0.002
    ) -> None:
        self._database = database
        self._max_batch = max_batch
        self._lanes = lanes
        self._gather_s = gather_s
        self._waiting: list[Job] = []
        self._running = 0

    async def submit(self, job: Job) -> bool:
        """Handle a job; True when handled, False when a duplicate; raises the handler's error."""
        if self._max_batch <= 1:
            return await self.run_alone(job)
        self._waiting.append(job)
        if self._running < self._lanes:
            self._running += 1
            # a lane serves many messages: its own lines carry none's ids (each handler's do)
            asyncio.get_running_loop().create_task(self._lane(), context=contextvars.Context())
        # A delivery whose channel closes stops waiting (its task is cancelled); the job itself is
        # not: it runs with its batch, and its message comes back and finds its inbox row.
        return await asyncio.shield(job.done)

    async def _lane(self) -> None:
        try:
            await asyncio.sleep(self._gather_s)  # let the deliveries arriving with this one join
            while self._waiting:
                await self._serve()
        finally:
            self._running -= 1

    async def _serve(self) -> None:
        """Settle batches on one connection while jobs keep coming: one checkout from the pool for
        many commits rather than one per batch."""
        try:
            conn = await self._database.engine.connect().start()
        except Exception as exc:  # no database: the batch fails, and its messages are retried
            for job in self._take():
                _fail(job, exc)
            return
        try:
            while self._waiting:
                await self._settle(self._take(), conn)
        finally:
            await conn.close()

    def _take(self) -> list[Job]:
        batch = self._waiting[: self._max_batch]
        del self._waiting[: self._max_batch]
        return batch

    async def _settle(self, batch: list[Job], conn: AsyncConnection) -> None:
        try:
            results = await self.run_together(batch, conn)
        except Exception as exc:
            if len(batch) == 1:
                _fail(batch[0], exc)
                return
            log.info("batch of %d rolled back (%s); handling each alone", len(batch), exc)
            for job in batch:
                await self._settle_alone(job, conn)
            return
        for job, handled in zip(batch, results, strict=True):
            _succeed(job, handled)

    async def _settle_alone(self, job: Job, conn: AsyncConnection) -> None:
        try:
            handled = (await self.run_together([job], conn))[0]
        except Exception as exc:
            _fail(job, exc)
            return
        _succeed(job, handled)

    async def run_alone(self, job: Job) -> bool:
        """One transaction for one message."""
        async with self._database.engine.connect() as conn:
            return (await self.run_together([job], conn))[0]

    async def run_together(self, batch: Sequence[Job], conn: AsyncConnection) -> list[bool]:
        """One transaction on `conn` for the batch; returns, per job, whether it was handled (not
        a duplicate)."""
        async with conn.begin():
            connection = await driver(conn)
            claimed = await self._claim(connection, batch)
            results: list[bool] = []
            pending: list[dict[str, Any]] = []
            for job in batch:
                key = (job.consumer, job.envelope.message_id)
                if key not in claimed:
                    results.append(False)
                    continue
                claimed.discard(key)  # the same message twice in one batch counts once
                uow = self._unit_of_work(conn, connection, job.envelope)
                with Tagged(job.tags):
                    if job.trace is None:
                        await job.handler(uow, job.payload)
                    else:
                        with tracing.attached(job.trace):
                            await job.handler(uow, job.payload)
                pending += uow.take_pending()
                results.append(True)
            if pending:
                await INSERT_OUTBOX.run_many(connection, pending)
        return results

    async def _claim(
        self, connection: asyncpg.Connection, batch: Sequence[Job]
    ) -> set[tuple[str, UUID]]:
        claimed: set[tuple[str, UUID]] = set()
        now = self._database.clock.now()
        for consumer in {job.consumer for job in batch}:
            ids = [job.envelope.message_id for job in batch if job.consumer == consumer]
            args = _CLAIM.args({"consumer": consumer, "ids": ids, "now": now})
            rows = await connection.fetch(_CLAIM.sql, *args)
            claimed |= {(consumer, row[0]) for row in rows}
        return claimed

    def _unit_of_work(
        self, conn: AsyncConnection, connection: asyncpg.Connection, envelope: Envelope
    ) -> UnitOfWork:
        return UnitOfWork(
            conn=conn,
            _driver=connection,
            clock=self._database.clock,
            new_id=self._database.new_id,
            correlation_id=envelope.correlation_id,
            causation_id=str(envelope.message_id),
            incoming=envelope,
        )


def _succeed(job: Job, handled: bool) -> None:
    """Tell the job's delivery its outcome, unless nobody waits for it any more."""
    if not job.done.done():
        job.done.set_result(handled)


def _fail(job: Job, error: Exception) -> None:
    """Tell the job's delivery its error, unless nobody waits for it any more."""
    if not job.done.done():
        job.done.set_exception(error)
