"""A service's outbox as ops sees it: what waits, since when, and what keeps failing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_FIGURES = text(
    "SELECT count(*) AS backlog, min(created_at) AS oldest,"
    " count(*) FILTER (WHERE attempts > 0) AS failing, coalesce(max(attempts), 0) AS max_attempts"
    " FROM outbox WHERE published_at IS NULL"
)
_FAILING = text(
    "SELECT message_id, routing_key, attempts, last_error, created_at, next_attempt_at"
    " FROM outbox WHERE published_at IS NULL AND attempts > 0 ORDER BY id LIMIT :limit"
)


@dataclass(frozen=True)
class FailingRow:
    """An unsent message whose publishing failed at least once."""

    message_id: str
    routing_key: str
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None


@dataclass(frozen=True)
class OutboxStatus:
    """Unsent messages of one service."""

    service: str
    backlog: int
    oldest_at: datetime | None
    oldest_age_s: float | None
    failing: int
    max_attempts: int
    failing_rows: list[FailingRow] = field(default_factory=list)


async def outbox_status(
    conn: AsyncConnection, service: str, now: datetime, limit: int = 10
) -> OutboxStatus:
    """The backlog, the age of the oldest unsent message, and the first failing rows."""
    row = (await conn.execute(_FIGURES)).one()
    failing = [
        FailingRow(
            str(r.message_id),
            r.routing_key,
            r.attempts,
            r.last_error,
            r.created_at,
            r.next_attempt_at,
        )
        for r in await conn.execute(_FAILING, {"limit": limit})
    ]
    age = (now - row.oldest).total_seconds() if row.oldest is not None else None
    return OutboxStatus(
        service, row.backlog, row.oldest, age, row.failing, row.max_attempts, failing
    )
