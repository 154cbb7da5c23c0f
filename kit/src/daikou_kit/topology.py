"""Names and declarations of exchanges and queues: the events exchange, a service's quorum queues,
their retry queues, and the dead-letter exchange and queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange

from daikou_contracts.routing import EVENTS_EXCHANGE

# Headers the kit sets on retried and dead-lettered messages.
H_ATTEMPT = "x-daikou-attempt"
H_ORIGINAL_QUEUE = "x-daikou-original-queue"
H_ORIGINAL_ROUTING_KEY = "x-daikou-original-routing-key"
H_DEATH_REASON = "x-daikou-death-reason"
H_EXCEPTION_TYPE = "x-daikou-exception-type"
H_EXCEPTION_MESSAGE = "x-daikou-exception-message"
H_FAILED_AT = "x-daikou-failed-at"
H_REPLAYED_AT = "x-daikou-replayed-at"

DECLARED: set[str] = set()
"""Every queue name declared by this process (lets test sessions delete what they made)."""


@dataclass(frozen=True)
class Names:
    """Every name in one deployment's namespace (tests use a namespace of their own)."""

    namespace: str

    @property
    def events(self) -> str:
        """The durable topic exchange every event and command goes through."""
        return f"{self.namespace}.{EVENTS_EXCHANGE}"

    @property
    def dead_letters(self) -> str:
        """The direct exchange dead letters go through, keyed by the queue they died in."""
        return f"{self.namespace}.dead-letters"

    def queue(self, service: str, name: str) -> str:
        """A service's consuming queue."""
        return f"{self.namespace}.{service}.{name}"

    def retry_queue(self, queue: str, attempt: int, delay_ms: int) -> str:
        """Where a message waits `delay_ms` before its `attempt`-th retry.

        The delay is part of the name because a queue's TTL cannot change once declared: new
        delays make new queues instead of failing the declaration.
        """
        return f"{queue}.retry-{attempt}-{delay_ms}ms"

    def dead_letter_queue(self, service: str) -> str:
        """A service's dead-letter queue."""
        return f"{self.namespace}.{service}.dead-letters"


@dataclass(frozen=True)
class QueueTopology:
    """One consuming queue: its bindings, its retry delays and its delivery limit."""

    name: str
    routing_keys: Sequence[str]
    retry_delays_ms: Sequence[int]
    delivery_limit: int


@dataclass
class ServiceTopology:
    """What a service declares at start-up; declaring twice is harmless."""

    names: Names
    service: str
    queues: list[QueueTopology] = field(default_factory=list)

    @property
    def dead_letter_queue(self) -> str:
        """This service's dead-letter queue."""
        return self.names.dead_letter_queue(self.service)

    async def declare(self, channel: AbstractChannel) -> None:
        """Declare exchanges, queues, retry queues, dead letters and bindings."""
        events, dead = await declare_exchanges(channel, self.names)
        dlq = await channel.declare_queue(
            self.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
        )
        DECLARED.update(self.all_queue_names())
        for queue in self.queues:
            main = await channel.declare_queue(
                queue.name, durable=True, arguments=self.main_arguments(queue)
            )
            for key in queue.routing_keys:
                await main.bind(events, routing_key=key)
            await dlq.bind(dead, routing_key=queue.name)
            for attempt, delay in enumerate(queue.retry_delays_ms, start=1):
                await channel.declare_queue(
                    self.names.retry_queue(queue.name, attempt, delay),
                    durable=True,
                    arguments=retry_arguments(queue.name, delay),
                )

    def main_arguments(self, queue: QueueTopology) -> dict[str, Any]:
        """A quorum queue whose poison messages are dead-lettered at least once, never dropped."""
        return {
            "x-queue-type": "quorum",
            "x-delivery-limit": queue.delivery_limit,
            "x-dead-letter-exchange": self.names.dead_letters,
            "x-dead-letter-routing-key": queue.name,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        }

    def all_queue_names(self) -> list[str]:
        """Every queue this topology declares (for tests that clean up)."""
        names = [self.dead_letter_queue]
        for queue in self.queues:
            names.append(queue.name)
            names += [
                self.names.retry_queue(queue.name, i, delay)
                for i, delay in enumerate(queue.retry_delays_ms, start=1)
            ]
        return names


def retry_arguments(main_queue: str, delay_ms: int) -> dict[str, Any]:
    """A waiting queue: messages expire after the delay back into the main queue."""
    return {
        "x-queue-type": "quorum",
        "x-message-ttl": delay_ms,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": main_queue,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


async def declare_exchanges(
    channel: AbstractChannel, names: Names
) -> tuple[AbstractExchange, AbstractExchange]:
    """The events topic exchange and the dead-letter direct exchange."""
    events = await channel.declare_exchange(names.events, aio_pika.ExchangeType.TOPIC, durable=True)
    dead = await channel.declare_exchange(
        names.dead_letters, aio_pika.ExchangeType.DIRECT, durable=True
    )
    return events, dead
