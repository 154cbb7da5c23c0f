"""The scheduler's commands (`scheduler.schedule_deadline`, `scheduler.cancel_deadline`) and event."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field

from daikou_contracts.message import Command, Event
from daikou_contracts.registry import register
from daikou_contracts.routing import addressed_routing_key

DeadlineId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9:_.\-]+$")]
ServiceName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,30}$")]
MAX_PAYLOAD_BYTES = 4096
"""A deadline's payload names what it is about (ids); the requester keeps the state itself."""


def _small(payload: dict[str, Any]) -> dict[str, Any]:
    size = len(json.dumps(payload, separators=(",", ":"), default=str).encode())
    if size > MAX_PAYLOAD_BYTES:
        raise ValueError(f"payload is {size} bytes; at most {MAX_PAYLOAD_BYTES}")
    return payload


DeadlinePayload = Annotated[dict[str, Any], AfterValidator(_small)]


@register
class ScheduleDeadline(Command):
    """Ask for a deadline; scheduling an existing id again replaces it."""

    TYPE = "scheduler.schedule_deadline"
    VERSION = 1

    deadline_id: DeadlineId
    requester: ServiceName
    kind: Annotated[str, Field(min_length=1, max_length=100)]
    due_at: AwareDatetime
    payload: DeadlinePayload = Field(default_factory=dict)


@register
class CancelDeadline(Command):
    """Cancel a deadline; cancelling an unknown or already fired id is harmless."""

    TYPE = "scheduler.cancel_deadline"
    VERSION = 1

    deadline_id: DeadlineId


@register
class DeadlineReached(Event):
    """A deadline is due; the requester re-checks its own state before acting."""

    TYPE = "scheduler.deadline_reached"
    VERSION = 1

    deadline_id: DeadlineId
    requester: ServiceName
    kind: Annotated[str, Field(min_length=1, max_length=100)]
    due_at: AwareDatetime
    fired_at: AwareDatetime
    lateness_ms: int = Field(ge=0)
    payload: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def routing_key_for(cls, requester: str) -> str:
        """Deadline events are addressed: `scheduler.deadline_reached.v1.<requester>`."""
        return addressed_routing_key(cls.TYPE, cls.VERSION, requester)
