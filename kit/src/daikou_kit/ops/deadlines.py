"""The scheduler's deadlines as ops sees them: what is pending, what is next, how late firing runs.

Reads the scheduler's `deadlines` table (its migration `0002_deadlines.sql`) directly, so it answers
while the scheduler itself is down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_PENDING = text(
    "SELECT count(*) AS pending, count(*) FILTER (WHERE due_at <= :now) AS overdue,"
    " min(due_at) AS next_due FROM deadlines WHERE status = 'pending'"
)
_BY_KIND = text(
    "SELECT requester, kind, count(*) AS pending, min(due_at) AS next_due FROM deadlines"
    " WHERE status = 'pending' GROUP BY requester, kind ORDER BY min(due_at) LIMIT :limit"
)
_LATENESS = text(
    "SELECT count(*) AS fired, count(*) FILTER (WHERE lateness_ms > :threshold) AS fired_late,"
    " max(lateness_ms) AS max_ms,"
    " percentile_disc(0.95) WITHIN GROUP (ORDER BY lateness_ms) AS p95_ms"
    " FROM deadlines WHERE status = 'fired' AND fired_at > :since"
)


@dataclass(frozen=True)
class PendingKind:
    """Pending deadlines of one requester and kind."""

    requester: str
    kind: str
    pending: int
    next_due_at: datetime


@dataclass(frozen=True)
class DeadlineStatus:
    """Pending deadlines now and the lateness of recent firings."""

    as_of: datetime
    pending: int
    overdue: int
    next_due_at: datetime | None
    next_due_in_s: float | None
    """Negative when the earliest pending deadline is already past due (firing is behind)."""
    window_hours: float
    fired: int
    fired_late: int
    late_threshold_ms: int
    max_lateness_ms: int | None
    p95_lateness_ms: int | None
    by_kind: list[PendingKind] = field(default_factory=list)


async def deadline_status(
    conn: AsyncConnection, now: datetime, window: timedelta, late_threshold: timedelta
) -> DeadlineStatus:
    """Pending, overdue and next due; firings in the window, how many late, max and p95."""
    pending = (await conn.execute(_PENDING, {"now": now})).one()
    threshold_ms = late_threshold // timedelta(milliseconds=1)
    fired = (
        await conn.execute(_LATENESS, {"since": now - window, "threshold": threshold_ms})
    ).one()
    kinds = [
        PendingKind(r.requester, r.kind, r.pending, r.next_due)
        for r in await conn.execute(_BY_KIND, {"limit": 20})
    ]
    next_in = (pending.next_due - now).total_seconds() if pending.next_due is not None else None
    return DeadlineStatus(
        as_of=now,
        pending=pending.pending,
        overdue=pending.overdue,
        next_due_at=pending.next_due,
        next_due_in_s=next_in,
        window_hours=window / timedelta(hours=1),
        fired=fired.fired,
        fired_late=fired.fired_late,
        late_threshold_ms=threshold_ms,
        max_lateness_ms=fired.max_ms,
        p95_lateness_ms=fired.p95_ms,
        by_kind=kinds,
    )
