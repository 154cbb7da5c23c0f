"""Consumer wiring: one transaction per message with an inbox, bounded retries with
back-off through waiting queues, then dead letters that carry the reason.

Policy (explicit, per message):
- undecodable, schema-invalid, unknown or unhandled type -> dead-lettered at once;
- handler raised `PermanentFailure` -> dead-lettered at once;
- handler raised anything else -> republished to the next waiting queue (its TTL is the back-off),
  or dead-lettered once the retries are spent;
- delivered for the last time the queue's delivery limit allows (it came back to the queue that
  often without an outcome: a crash while handling it, or no broker to retry through) ->
  dead-lettered before it is handled again (`delivery-limit`), so that it does not leave with
  neither its reason nor its order's flag;
- success or duplicate -> acknowledged after the transaction committed.
A copy is always confirmed by the broker before the original is acknowledged, so a crash in
between only duplicates, and the inbox absorbs duplicates. If even that publish fails, the message
is returned to the queue; the quorum queue's delivery limit bounds that loop, and its last delivery
is dead-lettered here with its reason.
A dead letter that names an order flags it for staff, and a replayed one that is applied clears the
flag (`dead_letter_flags`).
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage
from opentelemetry.trace import SpanKind
from prometheus_client import Counter as MetricCounter
from prometheus_client import Histogram

from daikou_contracts.message import Envelope, Payload
from daikou_kit import tracing
from daikou_kit.batching import Job, TransactionBatcher
from daikou_kit.clock import Clock
from daikou_kit.consuming import QueueConsumer
from daikou_kit.dead_letter_flags import is_replay, record_dead_letter, replay_handler
from daikou_kit.deliveries import MalformedMessage, copy_of, decode, failure_headers, metric_key
from daikou_kit.errors import PermanentFailure
from daikou_kit.logs import add_ids, message_context, order_id_of
from daikou_kit.metrics import OTHER_KEY, Metrics, Stopwatch
from daikou_kit.topology import (
    H_ATTEMPT,
    H_DEATH_REASON,
    Names,
    QueueTopology,
    ServiceTopology,
)
from daikou_kit.unit_of_work import Database, UnitOfWork

log = logging.getLogger(__name__)

P = TypeVar("P", bound=Payload)
U = TypeVar("U")
Handler = Callable[[UnitOfWork, P], Awaitable[None]]


@dataclass(frozen=True)
class OnUnit(Generic[U]):
    """Adapts a use case of a service's own unit of work to the kit's handler shape.

    `wrap` is the same factory the service's wiring gives `daikou_kit.app.assemble` for requests:
    the repositories and the settings a handler needs ride on the unit, so configuration reaches
    consumers and routes one way.
    """

    wrap: Callable[[UnitOfWork], U]

    def __call__(self, handler: Callable[[U, P], Awaitable[None]]) -> Handler[P]:
        """The kit handler running `handler` on the wrapped unit."""
        wrap = self.wrap

        async def handle(uow: UnitOfWork, payload: P) -> None:
            await handler(wrap(uow), payload)

        handle.__name__ = getattr(handler, "__name__", "handle")
        return handle


@dataclass(frozen=True)
class Subscription(Generic[P]):
    """Handle one message type; `routing_key` overrides the type's own (addressed events)."""

    payload_type: type[P]
    handler: Handler[P]
    routing_key: str | None = None
    key: str = field(init=False)
    """The binding key (worked out once: it names the outcome of every delivery)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.routing_key or self.payload_type.routing_key())


@dataclass(frozen=True)
class QueueSpec:
    """A consuming queue of a service and the messages it handles."""

    name: str
    subscriptions: Sequence[Subscription[Any]]
    prefetch: int | None = None
    max_batch: int | None = None
    """Messages that may share a commit (1: a transaction each); the wiring's default otherwise."""


@dataclass
class Outcome:
    """What happened to one delivery (for logs and tests)."""

    status: str  # handled | duplicate | retried | dead-lettered
    reason: str = ""
    routing_key: str = ""
    """The subscription's key, or the delivery's when it is one the queue is bound to (else `other`)."""


@dataclass
class ConsumerWiring:
    """Builds a service's topology and the consumers of its queues from its queue specs."""

    service: str
    names: Names
    database: Database
    clock: Clock
    queues: Sequence[QueueSpec]
    retry_delays_ms: Sequence[int] = (1_000, 10_000, 60_000)
    delivery_limit: int = 10
    default_prefetch: int = 64
    default_max_batch: int = 50
    batch_gather_ms: int = 2
    """How long a queue's idle lane waits for the deliveries arriving with its first one."""
    outcomes: deque[Outcome] = field(default_factory=lambda: deque(maxlen=10_000), repr=False)
    """The most recent outcomes (for logs and tests); `counts` keeps the totals."""
    counts: Counter[str] = field(default_factory=Counter, repr=False)
    metrics: Metrics = field(default_factory=Metrics, repr=False)
    _channel: AbstractChannel | None = field(default=None, repr=False)
    _batchers: dict[str, TransactionBatcher] = field(default_factory=dict, repr=False)
    _series: dict[tuple[str, str], tuple[MetricCounter, Histogram]] = field(
        default_factory=dict, repr=False
    )

    def queue_name(self, spec: QueueSpec) -> str:
        """The full name of a spec's queue."""
        return self.names.queue(self.service, spec.name)

    @property
    def topology(self) -> ServiceTopology:
        """Every queue, binding, retry queue and dead-letter queue of this service."""
        return ServiceTopology(
            names=self.names,
            service=self.service,
            queues=[
                QueueTopology(
                    name=self.queue_name(spec),
                    routing_keys=[s.key for s in spec.subscriptions],
                    retry_delays_ms=self.retry_delays_ms,
                    delivery_limit=self.delivery_limit,
                )
                for spec in self.queues
            ],
        )

    async def declare(self, connection: AbstractConnection) -> None:
        """Declare the topology and open the channel used for retries and dead letters."""
        channel = await connection.channel()
        await self.topology.declare(channel)
        await channel.close()
        self._channel = await connection.channel(publisher_confirms=True)

    async def close(self) -> None:
        """Close the retry and dead-letter channel."""
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()

    def consumers(self) -> list[QueueConsumer]:
        """One consumer per queue: its prefetch, and the handler of its deliveries (which are
        acknowledged by hand, after the transaction that holds their effects)."""
        made: list[QueueConsumer] = []
        for spec, queue in zip(self.queues, self.topology.queues, strict=True):
            by_type = {(s.payload_type.TYPE, s.payload_type.VERSION): s for s in spec.subscriptions}
            self._batchers[queue.name] = TransactionBatcher(
                self.database,
                spec.max_batch or self.default_max_batch,
                gather_s=self.batch_gather_ms / 1000,
            )
            prefetch = spec.prefetch or self.default_prefetch
            made.append(
                QueueConsumer(queue.name, prefetch, self._make_handler(queue.name, by_type))
            )
        return made

    def _make_handler(
        self, queue: str, by_type: dict[tuple[str, int], Subscription[Any]]
    ) -> Callable[[AbstractIncomingMessage], Awaitable[bool]]:
        """The delivery's handler: True when it is to be acknowledged (its outcome committed, or
        sent on for a retry or as a dead letter), False when it goes back to its queue."""

        async def on_message(raw: AbstractIncomingMessage) -> bool:
            with message_context(correlation_id=raw.correlation_id, message_id=raw.message_id):
                if not tracing.enabled():
                    return await settle(raw)
                with tracing.span(
                    f"consume {queue}",
                    SpanKind.CONSUMER,
                    parent=raw.headers or {},
                    attributes={"daikou.service": self.service, "messaging.destination": queue},
                ):
                    return await settle(raw)

        async def settle(raw: AbstractIncomingMessage) -> bool:
            watch = Stopwatch()
            try:
                outcome = await self.process(queue, by_type, raw)
            except Exception:
                log.exception(
                    "%s: could not retry or dead-letter; returning it to the queue", queue
                )
                self._record(Outcome("requeued", routing_key=metric_key(raw, by_type)), watch)
                return False
            self.outcomes.append(outcome)
            self.counts[outcome.status] += 1
            self._record(outcome, watch)
            return True

        return on_message

    def _record(self, outcome: Outcome, watch: Stopwatch) -> None:
        m, key = self.metrics, outcome.routing_key or OTHER_KEY
        series = self._series.get((key, outcome.status))
        if series is None:  # the labelled series, looked up once per key and outcome
            series = (m.consumed.labels(key, outcome.status), m.handler_seconds.labels(key))
            self._series[(key, outcome.status)] = series
        series[0].inc()
        series[1].observe(watch.seconds())
        if outcome.status == "retried":
            m.retried.labels(key).inc()
        elif outcome.status == "dead-lettered":
            m.dead_lettered.labels(key, outcome.reason).inc()

    async def process(
        self,
        queue: str,
        by_type: dict[tuple[str, int], Subscription[Any]],
        raw: AbstractIncomingMessage,
    ) -> Outcome:
        """Handle one delivery; the caller acknowledges it once this returns."""
        if (delivered := delivery_count(raw)) >= self.delivery_limit:
            # The broker's last delivery of it: failing again, it would be dead-lettered without
            # its reason or its order's flag. Do it here instead, with both.
            why = DeliveryLimitReached(
                f"returned to the queue {delivered} times without an outcome"
            )
            outcome = await self._dead_letter(queue, raw, why, "delivery-limit")
            outcome.routing_key = metric_key(raw, by_type)
            return outcome
        try:
            envelope, subscription, payload = decode(raw.body, by_type)
        except MalformedMessage as exc:
            outcome = await self._dead_letter(queue, raw, exc, "malformed")
            outcome.routing_key = metric_key(raw, by_type)
            return outcome
        add_ids(
            correlation_id=envelope.correlation_id,
            message_id=envelope.message_id,
            order_id=order_id_of(payload),
        )
        outcome = await self._settle(queue, raw, envelope, subscription, payload)
        outcome.routing_key = subscription.key
        return outcome

    async def _settle(
        self,
        queue: str,
        raw: AbstractIncomingMessage,
        envelope: Envelope,
        subscription: Subscription[Any],
        payload: Payload,
    ) -> Outcome:
        handler = subscription.handler
        if is_replay(raw):
            handler = replay_handler(self.service, raw, handler)
        try:
            handled = await self._handle(queue, envelope, handler, payload)
        except PermanentFailure as exc:
            return await self._dead_letter(queue, raw, exc, "rejected")
        except Exception as exc:
            return await self._retry(queue, raw, exc)
        return Outcome("handled" if handled else "duplicate")

    async def _handle(
        self, queue: str, envelope: Envelope, handler: Handler[Any], payload: Payload
    ) -> bool:
        batcher = self._batchers.get(queue) or TransactionBatcher(self.database, 1)
        return await batcher.submit(Job(queue, envelope, handler, payload))

    async def _retry(self, queue: str, raw: AbstractIncomingMessage, exc: Exception) -> Outcome:
        attempt = int(str((raw.headers or {}).get(H_ATTEMPT, 0))) + 1
        if attempt > len(self.retry_delays_ms):
            return await self._dead_letter(queue, raw, exc, "retries-exhausted")
        log.warning(
            "%s: attempt %d failed (%s: %s); retrying", queue, attempt, type(exc).__name__, exc
        )
        headers = {**failure_headers(raw, queue, exc, self.clock), H_ATTEMPT: attempt}
        delay = self.retry_delays_ms[attempt - 1]
        await self._send("", self.names.retry_queue(queue, attempt, delay), copy_of(raw, headers))
        return Outcome("retried", f"{type(exc).__name__}: {exc}")

    async def _dead_letter(
        self, queue: str, raw: AbstractIncomingMessage, exc: Exception, reason: str
    ) -> Outcome:
        log.error("%s: dead-lettering message %s (%s: %s)", queue, raw.message_id, reason, exc)
        headers = {**failure_headers(raw, queue, exc, self.clock), H_DEATH_REASON: reason}
        detail = f"{type(exc).__name__}: {exc}"
        try:
            await record_dead_letter(
                self.database, self.service, queue, raw, reason=reason, detail=detail
            )
        except Exception:  # the dead letter and its reason matter more than the order's flag
            log.exception("%s: could not flag the order of message %s", queue, raw.message_id)
        await self._send(self.names.dead_letters, queue, copy_of(raw, headers))
        return Outcome("dead-lettered", reason)

    async def _send(self, exchange: str, routing_key: str, message: aio_pika.Message) -> None:
        if self._channel is None or self._channel.is_closed:
            raise RuntimeError("consumer channel is not open; call declare() first")
        target = (
            self._channel.default_exchange
            if exchange == ""
            else await self._channel.get_exchange(exchange, ensure=False)
        )
        await target.publish(message, routing_key=routing_key, mandatory=True, timeout=10)


class DeliveryLimitReached(Exception):
    """A delivery the broker returned to its queue as often as its delivery limit allows."""


def delivery_count(raw: AbstractIncomingMessage) -> int:
    """How many times the broker delivered this message before (a quorum queue's count)."""
    try:
        return int(str((raw.headers or {}).get("x-delivery-count", 0)))
    except ValueError:
        return 0
