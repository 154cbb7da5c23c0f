"""The deadlines repository: load and save one deadline, claim due ones, read the ops figures."""

from __future__ import annotations

from datetime import datetime

import asyncpg
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_kit.statements import Prepared, driver
from daikou_scheduler.domain.deadline import Deadline, FiredDeadline, Status
from daikou_scheduler.domain.stats import LatenessFigures, PendingFigures

metadata = MetaData()

deadlines = Table(
    "deadlines",
    metadata,
    Column("deadline_id", Text(collation="C"), primary_key=True),
    Column("status", Text, nullable=False),
    Column("requester", Text),
    Column("kind", Text),
    Column("due_at", DateTime(timezone=True)),
    Column("payload", JSONB, nullable=False),
    Column("intent_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("correlation_id", Text, nullable=False),
    Column("causation_id", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("fired_at", DateTime(timezone=True)),
    Column("lateness_ms", BigInteger),
    Column("cancelled_at", DateTime(timezone=True)),
)

NOTIFY_CHANNEL = "deadlines"

# Every schedule and cancel command runs these two: prepared, on asyncpg itself (daikou_kit.statements).
_BY_ID = select(deadlines).where(deadlines.c.deadline_id == bindparam("deadline_id"))
_GET = Prepared(_BY_ID)
_GET_FOR_UPDATE = Prepared(_BY_ID.with_for_update())
_INSERT = Prepared(
    pg_insert(deadlines)
    .on_conflict_do_nothing(index_elements=["deadline_id"])
    .returning(deadlines.c.deadline_id),
    *deadlines.c.keys(),
)

# A function rather than the statement: the scheduler's migration 0003 says why.
_CLAIM_DUE = text(
    "SELECT deadline_id, requester, kind, due_at, payload, correlation_id, causation_id,"
    " lateness_ms FROM deadlines_claim_due(:now, :limit)"
).columns(
    deadlines.c.deadline_id,
    deadlines.c.requester,
    deadlines.c.kind,
    deadlines.c.due_at,
    deadlines.c.payload,
    deadlines.c.correlation_id,
    deadlines.c.causation_id,
    deadlines.c.lateness_ms,
)

_LATENESS = text(
    "SELECT count(*) AS fired, count(*) FILTER (WHERE lateness_ms > :threshold) AS fired_late,"
    " max(lateness_ms) AS max_ms,"
    " percentile_disc(0.95) WITHIN GROUP (ORDER BY lateness_ms) AS p95_ms"
    " FROM deadlines WHERE status = 'fired' AND fired_at > :since"
)

_PURGE = text(
    "DELETE FROM deadlines WHERE deadline_id IN ("
    " SELECT deadline_id FROM deadlines WHERE status <> 'pending' AND updated_at < :before"
    " LIMIT :limit FOR UPDATE SKIP LOCKED)"
)


class DeadlineRepository:
    """Statements on the deadlines table inside the caller's transaction (never commits)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        self._driver: asyncpg.Connection | None = None

    async def get(self, deadline_id: str, *, for_update: bool = False) -> Deadline | None:
        """One deadline, locked for the rest of the transaction when asked."""
        statement = _GET_FOR_UPDATE if for_update else _GET
        row = await (await self._prepared()).fetchrow(
            statement.sql, *statement.args({"deadline_id": deadline_id})
        )
        return _to_deadline(row) if row else None

    async def insert(self, deadline: Deadline) -> bool:
        """Insert a new deadline; False when another transaction inserted the id first."""
        row = await (await self._prepared()).fetchrow(_INSERT.sql, *_INSERT.args(_to_row(deadline)))
        return row is not None

    async def _prepared(self) -> asyncpg.Connection:
        """The asyncpg connection under this repository's, in its transaction (found once)."""
        if self._driver is None:
            self._driver = await driver(self._conn)
        return self._driver

    async def update(self, deadline: Deadline) -> None:
        """Write a changed deadline back."""
        values = _to_row(deadline)
        del values["deadline_id"]
        await self._conn.execute(
            deadlines.update().where(deadlines.c.deadline_id == deadline.deadline_id).values(values)
        )

    async def wake_firing(self) -> None:
        """Wake the firing loops of every replica once this transaction commits."""
        await self._conn.execute(
            text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL}
        )

    async def claim_due(self, now: datetime, limit: int) -> list[FiredDeadline]:
        """Mark up to `limit` due pending deadlines fired (skipping rows other replicas hold)."""
        result = await self._conn.execute(_CLAIM_DUE, {"now": now, "limit": limit})
        return [FiredDeadline(**row) for row in result.mappings()]

    async def next_due(self) -> datetime | None:
        """The earliest pending due time."""
        stmt = select(func.min(deadlines.c.due_at)).where(deadlines.c.status == Status.PENDING)
        value: datetime | None = (await self._conn.execute(stmt)).scalar_one()
        return value

    async def pending_figures(self, now: datetime) -> PendingFigures:
        """Pending count, how many are overdue, and the next due time."""
        overdue = func.count().filter(deadlines.c.due_at <= now)
        stmt = select(func.count(), overdue, func.min(deadlines.c.due_at)).where(
            deadlines.c.status == Status.PENDING
        )
        pending, late, next_due = (await self._conn.execute(stmt)).one()
        return PendingFigures(pending=pending, overdue=late, next_due_at=next_due)

    async def lateness_figures(self, since: datetime, threshold_ms: int) -> LatenessFigures:
        """Firings since `since`: how many, how many late, the maximum and 95th percentile."""
        row = (
            await self._conn.execute(_LATENESS, {"since": since, "threshold": threshold_ms})
        ).one()
        return LatenessFigures(
            fired=row.fired,
            fired_late=row.fired_late,
            max_lateness_ms=row.max_ms,
            p95_lateness_ms=row.p95_ms,
        )

    async def list_by_prefix(
        self, prefix: str, status: Status | None, limit: int
    ) -> list[Deadline]:
        """Deadlines whose id starts with `prefix`, in id order."""
        # Ids are printable ASCII in "C" order, so a range on the primary key is the prefix match.
        stmt = select(deadlines).where(
            deadlines.c.deadline_id >= prefix, deadlines.c.deadline_id < prefix + "\x7f"
        )
        if status is not None:
            stmt = stmt.where(deadlines.c.status == status)
        stmt = stmt.order_by(deadlines.c.deadline_id).limit(limit)
        return [_to_deadline(row) for row in (await self._conn.execute(stmt)).mappings()]

    async def purge_settled(self, before: datetime, limit: int) -> int:
        """Forget up to `limit` fired or cancelled deadlines last touched before `before`."""
        result = await self._conn.execute(_PURGE, {"before": before, "limit": limit})
        return int(result.rowcount)


def _to_row(deadline: Deadline) -> dict[str, object]:
    return {
        "deadline_id": deadline.deadline_id,
        "status": deadline.status.value,
        "requester": deadline.requester,
        "kind": deadline.kind,
        "due_at": deadline.due_at,
        "payload": deadline.payload,
        "intent_at": deadline.intent_at,
        "revision": deadline.revision,
        "correlation_id": deadline.correlation_id,
        "causation_id": deadline.causation_id,
        "created_at": deadline.created_at,
        "updated_at": deadline.updated_at,
        "fired_at": deadline.fired_at,
        "lateness_ms": deadline.lateness_ms,
        "cancelled_at": deadline.cancelled_at,
    }


def _to_deadline(row: RowMapping | asyncpg.Record) -> Deadline:
    return Deadline(**{**row, "status": Status(row["status"])})
