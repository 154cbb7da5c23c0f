"""Inspect and replay a service's dead letters.

    daikou-dead-letters list   --service orders [--limit 20]
    daikou-dead-letters replay --service orders [--limit 20] [--message-id ID]

`list` shows each dead letter's reason and leaves it in place; `replay` sends it back to the queue it
died in, with its attempts reset and marked as replayed (`x-daikou-replayed-at`; once applied, the
consumer publishes `kit.dead_letter_replayed`, which clears the order's flag), and removes it from
the dead-letter queue only once the broker has confirmed the copy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from daikou_kit.settings import ServiceSettings
from daikou_kit.topology import (
    H_ATTEMPT,
    H_DEATH_REASON,
    H_EXCEPTION_MESSAGE,
    H_EXCEPTION_TYPE,
    H_ORIGINAL_QUEUE,
    H_REPLAYED_AT,
    Names,
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
        )


def _x_death(headers: dict[str, Any]) -> dict[str, Any]:
    deaths = headers.get("x-death") or []
    return dict(deaths[0]) if deaths else {}


def _x_death_queue(headers: dict[str, Any]) -> str | None:
    value = _x_death(headers).get("queue")
    return str(value) if value else None


def _x_death_reason(headers: dict[str, Any]) -> str | None:
    value = _x_death(headers).get("reason")
    return str(value) if value else None


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


async def replay(
    channel: AbstractChannel, dlq: str, limit: int, message_id: str | None = None
) -> int:
    """Send dead letters back to their queues; returns how many were replayed."""
    queue = await channel.get_queue(dlq, ensure=False)
    replayed = 0
    skipped: list[AbstractIncomingMessage] = []
    while replayed < limit:
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        letter = DeadLetter.of(message)
        if (message_id and letter.message_id != message_id) or not letter.queue:
            skipped.append(message)
            continue
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
        await message.ack()
        replayed += 1
    for message in skipped:
        await message.nack(requeue=True)
    return replayed


async def _main(args: argparse.Namespace) -> None:
    settings = ServiceSettings()
    dlq = Names(args.namespace or settings.namespace).dead_letter_queue(args.service)
    connection = await aio_pika.connect(args.amqp_url or settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        if args.command == "list":
            for letter in await list_dead_letters(channel, dlq, args.limit):
                print(json.dumps(letter.__dict__, ensure_ascii=False))
        else:
            print(f"replayed {await replay(channel, dlq, args.limit, args.message_id)}")
    finally:
        await connection.close()


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["list", "replay"])
    parser.add_argument("--service", required=True)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--message-id")
    parser.add_argument("--namespace")
    parser.add_argument("--amqp-url")
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
