"""A service's dead letters: read them with their reasons, replay them, purge them.

The operator's command is `daikou-ops dead-letters` (`daikou_kit.ops`); these functions do the work.
Reading peeks: each message is taken unacknowledged and returned to the queue afterwards. `replay`
sends a dead letter back to the queue it died in, with its attempts reset and marked as replayed
(`x-daikou-replayed-at`; once applied, the consumer publishes `kit.dead_letter_replayed`, which
clears the order's flag), and removes it from the dead-letter queue only once the broker has
confirmed the copy. A bulk replay stops at a message it has already replayed in the same run, so a
message that dies again during a replay is not replayed in a loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from daikou_kit.topology import (
    H_ATTEMPT,
    H_DEATH_REASON,
    H_EXCEPTION_MESSAGE,
    H_EXCEPTION_TYPE,
    H_FAILED_AT,
    H_ORIGINAL_QUEUE,
    H_ORIGINAL_ROUTING_KEY,
    H_REPLAYED_AT,
)


@dataclass(frozen=True)
class DeadLetter:
    """A dead letter as an operator sees it."""

    message_id: str | None
    queue: str
    reason: str
    exception: str
    type: str | None
    body: str
    routing_key: str = ""
    correlation_id: str | None = None
    failed_at: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, message: AbstractIncomingMessage) -> DeadLetter:
        """Read a dead letter's headers (ours, or RabbitMQ's x-death for delivery-limit deaths)."""
        headers: dict[str, Any] = dict(message.headers or {})
        queue = str(headers.get(H_ORIGINAL_QUEUE) or _x_death_queue(headers) or "")
        reason = str(headers.get(H_DEATH_REASON) or _x_death_reason(headers) or "unknown")
        exception = f"{headers.get(H_EXCEPTION_TYPE, '')}: {headers.get(H_EXCEPTION_MESSAGE, '')}"
        return cls(
            message.message_id,
            queue,
            reason,
            exception,
            message.type,
            message.body.decode(errors="replace"),
            routing_key=str(headers.get(H_ORIGINAL_ROUTING_KEY) or message.routing_key or ""),
            correlation_id=message.correlation_id,
            failed_at=str(headers.get(H_FAILED_AT) or ""),
            headers={k: _text(v) for k, v in headers.items()},
        )


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return str(value)


def _x_death(headers: dict[str, Any]) -> dict[str, Any]:
    deaths = headers.get("x-death") or []
    return dict(deaths[0]) if deaths else {}


def _x_death_queue(headers: dict[str, Any]) -> str | None:
    value = _x_death(headers).get("queue")
    return str(value) if value else None


def _x_death_reason(headers: dict[str, Any]) -> str | None:
    value = _x_death(headers).get("reason")
    return str(value) if value else None


async def count(channel: AbstractChannel, dlq: str) -> int:
    """How many dead letters wait (the channel closes if the queue does not exist)."""
    queue = await channel.declare_queue(dlq, passive=True)
    result = queue.declaration_result
    return int(result.message_count or 0)


async def list_dead_letters(channel: AbstractChannel, dlq: str, limit: int) -> list[DeadLetter]:
    """Peek at up to `limit` dead letters; they stay in the queue."""
    queue = await channel.get_queue(dlq, ensure=False)
    seen: list[AbstractIncomingMessage] = []
    while len(seen) < limit:
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        seen.append(message)
    letters = [DeadLetter.of(m) for m in seen]
    for message in seen:
        await message.nack(requeue=True)
    return letters


async def find(channel: AbstractChannel, dlq: str, message_id: str) -> DeadLetter | None:
    """The dead letter with this message id, or None; it stays in the queue."""
    letters = await list_dead_letters(channel, dlq, max(await count(channel, dlq), 1000))
    return next((letter for letter in letters if letter.message_id == message_id), None)


Progress = Callable[[DeadLetter], None]


async def replay(
    channel: AbstractChannel,
    dlq: str,
    limit: int,
    message_id: str | None = None,
    on_replayed: Progress | None = None,
) -> int:
    """Send dead letters back to their queues; returns how many were replayed."""

    async def send_back(message: AbstractIncomingMessage, letter: DeadLetter) -> None:
        headers = {
            k: v for k, v in (message.headers or {}).items() if k not in (H_ATTEMPT, "x-death")
        }
        headers[H_REPLAYED_AT] = datetime.now(UTC).isoformat()
        copy = aio_pika.Message(
            body=message.body,
            headers=headers,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            type=message.type,
            content_type=message.content_type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await channel.default_exchange.publish(copy, routing_key=letter.queue, mandatory=True)

    return await _take(
        channel, dlq, limit, message_id=message_id, action=send_back, on_done=on_replayed
    )


async def purge(
    channel: AbstractChannel,
    dlq: str,
    limit: int,
    message_id: str | None = None,
    on_purged: Progress | None = None,
) -> int:
    """Remove dead letters for good; returns how many were removed."""

    async def drop(_message: AbstractIncomingMessage, _letter: DeadLetter) -> None:
        return None

    return await _take(
        channel,
        dlq,
        limit,
        message_id=message_id,
        action=drop,
        on_done=on_purged,
        need_queue=False,
    )


async def _take(
    channel: AbstractChannel,
    dlq: str,
    limit: int,
    *,
    message_id: str | None,
    action: Callable[[AbstractIncomingMessage, DeadLetter], Any],
    on_done: Progress | None,
    need_queue: bool = True,
) -> int:
    """Apply `action` to up to `limit` matching dead letters, then ack each; return the others.

    A message seen twice died again during this run: it stays for the next one.
    """
    queue = await channel.get_queue(dlq, ensure=False)
    done = 0
    seen: set[str] = set()
    skipped: list[AbstractIncomingMessage] = []
    while done < limit:
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        letter = DeadLetter.of(message)
        if letter.message_id in seen:
            skipped.append(message)
            break
        if (message_id and letter.message_id != message_id) or (need_queue and not letter.queue):
            skipped.append(message)
            continue
        await action(message, letter)
        await message.ack()
        if letter.message_id:
            seen.add(letter.message_id)
        done += 1
        if on_done is not None:
            on_done(letter)
    for message in skipped:
        await message.nack(requeue=True)
    return done
