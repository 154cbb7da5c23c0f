"""The ops dashboard's figures, put together from what each service counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from daikou_contracts.json_types import JsonObject


@dataclass(frozen=True)
class TypeCount:
    """Messages of one type over the window, and when the last one was written."""

    message_type: str
    count: int
    last_at: datetime


def sum_counts(parts: Iterable[Iterable[TypeCount]]) -> list[TypeCount]:
    """Every service's counts added up by type, the busiest type first (ties by name)."""
    total: dict[str, TypeCount] = {}
    for part in parts:
        for c in part:
            seen = total.get(c.message_type)
            if seen is None:
                total[c.message_type] = c
            else:
                total[c.message_type] = TypeCount(
                    c.message_type, seen.count + c.count, max(seen.last_at, c.last_at)
                )
    return sorted(total.values(), key=lambda c: (-c.count, c.message_type))


def about_order(event: JsonObject, order_id: UUID) -> bool:
    """Whether a live event concerns an order: its payload names it, or its flow is the order's."""
    envelope = event.get("envelope")
    if not isinstance(envelope, dict):
        return False
    payload = envelope.get("payload")
    wanted = str(order_id)
    if isinstance(payload, dict) and str(payload.get("order_id", "")) == wanted:
        return True
    return str(envelope.get("correlation_id", "")) == wanted
