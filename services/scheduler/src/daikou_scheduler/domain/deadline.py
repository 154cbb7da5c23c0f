"""A deadline and the rules that keep the latest intent per id (schedule, cancel, fire)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from daikou_contracts.json_types import JsonObject


class Status(StrEnum):
    """Where a deadline is in its life."""

    PENDING = "pending"
    FIRED = "fired"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    """What a schedule or cancel request did."""

    CREATED = "created"
    REPLACED = "replaced"
    CANCELLED = "cancelled"
    STALE = "stale"
    ALREADY_SETTLED = "already_settled"


@dataclass(frozen=True)
class ScheduleRequest:
    """A requester's wish for a deadline, issued at `issued_at` (the command's occurred_at)."""

    deadline_id: str
    requester: str
    kind: str
    due_at: datetime
    payload: JsonObject
    issued_at: datetime
    correlation_id: str
    causation_id: str | None = None


@dataclass(frozen=True)
class Deadline:
    """One deadline; `intent_at` is when the latest request applied to it was issued."""

    deadline_id: str
    status: Status
    intent_at: datetime
    created_at: datetime
    updated_at: datetime
    correlation_id: str
    requester: str | None = None
    kind: str | None = None
    due_at: datetime | None = None
    payload: JsonObject = field(default_factory=dict)
    revision: int = 0
    causation_id: str | None = None
    fired_at: datetime | None = None
    lateness_ms: int | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class FiredDeadline:
    """A deadline just marked fired, with what its event needs."""

    deadline_id: str
    requester: str
    kind: str
    due_at: datetime
    payload: JsonObject
    correlation_id: str
    causation_id: str | None
    lateness_ms: int


def new_deadline(request: ScheduleRequest, now: datetime) -> Deadline:
    """A pending deadline for a first request."""
    return Deadline(
        deadline_id=request.deadline_id,
        status=Status.PENDING,
        intent_at=request.issued_at,
        created_at=now,
        updated_at=now,
        correlation_id=request.correlation_id,
        requester=request.requester,
        kind=request.kind,
        due_at=request.due_at,
        payload=dict(request.payload),
        revision=1,
        causation_id=request.causation_id,
    )


def tombstone(
    deadline_id: str, issued_at: datetime, correlation_id: str, now: datetime
) -> Deadline:
    """A cancelled marker for an id never scheduled, so an older schedule arriving late stays dead."""
    return Deadline(
        deadline_id=deadline_id,
        status=Status.CANCELLED,
        intent_at=issued_at,
        created_at=now,
        updated_at=now,
        correlation_id=correlation_id,
        cancelled_at=now,
    )


def schedule(
    current: Deadline, request: ScheduleRequest, now: datetime
) -> tuple[Deadline, Outcome]:
    """Replace a deadline with a newer request; an older one (reordered delivery) changes nothing."""
    if request.issued_at < current.intent_at:
        return current, Outcome.STALE
    if current.status is Status.FIRED and request.issued_at == current.intent_at:
        # The very intent that already fired: firing it again would be a duplicate.
        return current, Outcome.STALE
    replaced = replace(
        current,
        status=Status.PENDING,
        intent_at=request.issued_at,
        updated_at=now,
        correlation_id=request.correlation_id,
        requester=request.requester,
        kind=request.kind,
        due_at=request.due_at,
        payload=dict(request.payload),
        revision=current.revision + 1,
        causation_id=request.causation_id,
        fired_at=None,
        lateness_ms=None,
        cancelled_at=None,
    )
    return replaced, Outcome.REPLACED


def cancel(current: Deadline, issued_at: datetime, now: datetime) -> tuple[Deadline, Outcome]:
    """Cancel a pending deadline; a fired or cancelled one only remembers the newer intent."""
    if issued_at < current.intent_at:
        return current, Outcome.STALE
    if current.status is not Status.PENDING:
        return replace(current, intent_at=issued_at, updated_at=now), Outcome.ALREADY_SETTLED
    cancelled = replace(
        current, status=Status.CANCELLED, intent_at=issued_at, updated_at=now, cancelled_at=now
    )
    return cancelled, Outcome.CANCELLED


def lateness_ms(due_at: datetime, fired_at: datetime) -> int:
    """How late a firing was, in whole milliseconds (never negative)."""
    return max(0, (fired_at - due_at) // timedelta(milliseconds=1))


def is_soon(due_at: datetime, now: datetime, horizon: timedelta) -> bool:
    """Whether a deadline falls before the firing loop's next regular look (so it must be woken)."""
    return due_at <= now + horizon
