"""Response shapes of the scheduler's HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from daikou_scheduler.domain.deadline import Deadline, Status
from daikou_scheduler.domain.stats import Stats


class DeadlineOut(BaseModel):
    """One deadline as ops see it."""

    deadline_id: str
    status: Status
    requester: str | None
    kind: str | None
    due_at: datetime | None
    payload: dict[str, Any]
    revision: int
    intent_at: datetime
    created_at: datetime
    updated_at: datetime
    fired_at: datetime | None
    lateness_ms: int | None
    cancelled_at: datetime | None

    @classmethod
    def of(cls, d: Deadline) -> DeadlineOut:
        """From the domain object."""
        return cls(
            deadline_id=d.deadline_id,
            status=d.status,
            requester=d.requester,
            kind=d.kind,
            due_at=d.due_at,
            payload=d.payload,
            revision=d.revision,
            intent_at=d.intent_at,
            created_at=d.created_at,
            updated_at=d.updated_at,
            fired_at=d.fired_at,
            lateness_ms=d.lateness_ms,
            cancelled_at=d.cancelled_at,
        )


class DeadlineList(BaseModel):
    """A page of deadlines in id order."""

    deadlines: list[DeadlineOut]


class PendingOut(BaseModel):
    """Pending deadlines now."""

    count: int
    overdue: int
    next_due_at: datetime | None


class LatenessOut(BaseModel):
    """Firings in the window and their lateness."""

    window_hours: float
    late_threshold_ms: int
    fired: int
    fired_late: int
    max_lateness_ms: int | None
    p95_lateness_ms: int | None


class StatsOut(BaseModel):
    """`GET /deadlines/stats`."""

    as_of: datetime
    pending: PendingOut
    lateness: LatenessOut

    @classmethod
    def of(cls, s: Stats) -> StatsOut:
        """From the domain figures."""
        return cls(
            as_of=s.as_of,
            pending=PendingOut(
                count=s.pending.pending,
                overdue=s.pending.overdue,
                next_due_at=s.pending.next_due_at,
            ),
            lateness=LatenessOut(
                window_hours=s.window.total_seconds() / 3600,
                late_threshold_ms=int(s.late_threshold.total_seconds() * 1000),
                fired=s.lateness.fired,
                fired_late=s.lateness.fired_late,
                max_lateness_ms=s.lateness.max_lateness_ms,
                p95_lateness_ms=s.lateness.p95_lateness_ms,
            ),
        )
