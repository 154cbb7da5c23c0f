"""What the ops API tells about pending deadlines and how late firings were."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PendingFigures:
    """Pending deadlines right now."""

    pending: int
    overdue: int
    next_due_at: datetime | None


@dataclass(frozen=True)
class LatenessFigures:
    """Firings within a recent window and how late they were."""

    fired: int
    fired_late: int
    max_lateness_ms: int | None
    p95_lateness_ms: int | None


@dataclass(frozen=True)
class Stats:
    """The ops view of the scheduler at one moment."""

    as_of: datetime
    window: timedelta
    late_threshold: timedelta
    pending: PendingFigures
    lateness: LatenessFigures
