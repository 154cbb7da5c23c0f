"""A consumer dead-lettered a message that names an order, and a replay that later applied it.

The kit's consumer wiring publishes these for whichever service consumed the message (`service`),
so the order can be flagged for staff (`kit.*`).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, Field

from daikou_contracts.message import Event
from daikou_contracts.registry import register

Name = Annotated[str, Field(min_length=1, max_length=200)]


@register
class MessageDeadLettered(Event):
    """`service` dead-lettered a message about `order_id`: the order needs staff's attention."""

    TYPE = "kit.message_dead_lettered"
    VERSION = 1

    order_id: UUID
    service: Name
    queue: Annotated[str, Field(max_length=300)]
    message_id: Annotated[str, Field(max_length=200)] = Field(
        "", description="the dead letter's message id (empty when it had none)"
    )
    message_type: Annotated[str, Field(max_length=200)] = ""
    reason: Name = Field(description="malformed | rejected | retries-exhausted | delivery-limit")
    detail: Annotated[str, Field(max_length=1000)] = ""
    dead_lettered_at: AwareDatetime


@register
class DeadLetterReplayed(Event):
    """A replayed dead letter was applied by `service`: its flag on the order is cleared."""

    TYPE = "kit.dead_letter_replayed"
    VERSION = 1

    order_id: UUID
    service: Name
    message_id: Annotated[str, Field(max_length=200)] = ""
    message_type: Annotated[str, Field(max_length=200)] = ""
    applied_at: AwareDatetime
