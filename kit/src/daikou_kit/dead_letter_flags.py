"""Dead letters that name an order flag it for staff.

Policy: when the consumer wiring dead-letters a message, it looks for the order the message is
about (the payload's `order_id`, else the envelope's or the delivery's correlation id, which is the
order id of an order's flow) and, if it finds one, writes `kit.message_dead_lettered` to the
service's outbox in its own transaction *before* the dead letter is published. A crash in between
only repeats the fact (the flag is keyed by service and message id). If the fact cannot be written
(the database is down), the failure is logged and the message is dead-lettered all the same: its
reason in the dead letter matters more than the flag. When a replayed dead letter
(`x-daikou-replayed-at`) is applied, `kit.dead_letter_replayed` is written in the handler's own
transaction, and the order's owner clears the flag. The kit's own facts are never flagged, so a
flag that cannot be recorded cannot loop.
"""

from __future__ import annotations

import json
import re
from typing import Any
from uuid import UUID

from aio_pika.abc import AbstractIncomingMessage

from daikou_contracts.catalogue.dead_letters import DeadLetterReplayed, MessageDeadLettered
from daikou_contracts.message import Payload
from daikou_kit.topology import H_REPLAYED_AT
from daikou_kit.unit_of_work import Database, UnitOfWork

MAX_SCANNED_BODY = 256 * 1024
"""A larger body is not parsed to find its order (the correlation id is still read)."""

_UNSAFE = re.compile("[\x00\ud800-\udfff]")

KIT_TYPES = frozenset({MessageDeadLettered.TYPE, DeadLetterReplayed.TYPE})


def order_named(raw: AbstractIncomingMessage) -> UUID | None:
    """The order a delivery is about, or None (never raises, whatever the body holds)."""
    doc = _document(raw.body)
    payload = doc.get("payload")
    candidates = [
        payload.get("order_id") if isinstance(payload, dict) else None,
        doc.get("correlation_id"),
        raw.correlation_id,
    ]
    for value in candidates:
        found = _uuid(value)
        if found is not None:
            return found
    return None


def _document(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_SCANNED_BODY:
        return {}
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _uuid(value: Any) -> UUID | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None


def clean(text: str, limit: int) -> str:
    """Text safe in a payload: NUL and lone surrogates replaced, cut to `limit` characters."""
    return _UNSAFE.sub("\ufffd", text[:limit])


def message_type(raw: AbstractIncomingMessage) -> str:
    """`<type> v<version>` from the body when it can be read, else the delivery's type."""
    doc = _document(raw.body)
    kind, version = doc.get("type"), doc.get("version")
    if isinstance(kind, str) and isinstance(version, int):
        return clean(f"{kind} v{version}", 200)
    return clean(str(raw.type or ""), 200)


def is_kit_fact(raw: AbstractIncomingMessage) -> bool:
    """A flag fact itself (never flagged again)."""
    kind = _document(raw.body).get("type") or raw.type
    return kind in KIT_TYPES


async def record_dead_letter(
    database: Database,
    service: str,
    queue: str,
    raw: AbstractIncomingMessage,
    *,
    reason: str,
    detail: str,
) -> bool:
    """Write `kit.message_dead_lettered` for the message's order; False when it names none."""
    order_id = order_named(raw)
    if order_id is None or is_kit_fact(raw):
        return False
    async with database.unit_of_work(
        correlation_id=str(order_id), causation_id=raw.message_id
    ) as uow:
        uow.emit(
            MessageDeadLettered(
                order_id=order_id,
                service=service,
                queue=clean(queue, 300),
                message_id=clean(str(raw.message_id or ""), 200),
                message_type=message_type(raw),
                reason=reason,
                detail=clean(detail, 1000),
                dead_lettered_at=uow.clock.now(),
            )
        )
    return True


def is_replay(raw: AbstractIncomingMessage) -> bool:
    """A dead letter sent back by `daikou-ops dead-letters replay`."""
    return H_REPLAYED_AT in (raw.headers or {})


def replay_handler(service: str, raw: AbstractIncomingMessage, handler: Any) -> Any:
    """The handler, then `kit.dead_letter_replayed` in the same transaction (if an order is named)."""
    order_id = order_named(raw)
    if order_id is None:
        return handler

    async def handle(uow: UnitOfWork, payload: Payload) -> None:
        await handler(uow, payload)
        uow.emit(
            DeadLetterReplayed(
                order_id=order_id,
                service=service,
                message_id=clean(str(raw.message_id or ""), 200),
                message_type=message_type(raw),
                applied_at=uow.clock.now(),
            ),
            correlation_id=str(order_id),
        )

    return handle
