"""The base of every message: a typed, versioned payload carried in an envelope with its metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from daikou_contracts.routing import routing_key
from daikou_contracts.text import check_tree

CorrelationId = str


class Payload(BaseModel):
    """A message's own fields; subclasses are events (facts) or commands (requests to one owner)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    TYPE: ClassVar[str]
    VERSION: ClassVar[int]

    @model_validator(mode="before")
    @classmethod
    def _safe_values(cls, data: Any) -> Any:
        """No NUL, lone surrogate, non-finite number, huge integer or deep nesting anywhere."""
        check_tree(data, "payload")
        return data

    @classmethod
    def routing_key(cls) -> str:
        """`<producer>.<fact>.v<version>` on the events exchange."""
        return routing_key(cls.TYPE, cls.VERSION)


class Event(Payload):
    """A past-tense fact published by its producer."""


class Command(Payload):
    """An imperative request addressed to the one service that owns it."""


class Envelope(BaseModel):
    """What travels on the wire: metadata plus the payload as JSON."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    message_id: UUID
    type: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    occurred_at: AwareDatetime
    correlation_id: CorrelationId = Field(min_length=1, max_length=200)
    causation_id: CorrelationId | None = Field(default=None, max_length=200)
    payload: dict[str, Any]

    @property
    def producer(self) -> str:
        """The service that published this message."""
        return self.type.split(".", 1)[0]


def make_envelope(
    payload: Payload,
    *,
    message_id: UUID,
    occurred_at: datetime,
    correlation_id: str,
    causation_id: str | None,
) -> Envelope:
    """Wrap a payload in an envelope."""
    return Envelope(
        message_id=message_id,
        type=payload.TYPE,
        version=payload.VERSION,
        occurred_at=occurred_at,
        correlation_id=correlation_id,
        causation_id=causation_id,
        payload=payload.model_dump(mode="json"),
    )
