"""The outbox relay: claims unpublished rows in batches (SKIP LOCKED, so replicas cooperate),
publishes them with publisher confirms, and marks them published in the same transaction.

A crash between publishing and committing leaves the rows unpublished: they are published again
and the consumers' inboxes absorb the duplicates. Nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aio_pika
import asyncpg
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange
from aiormq import spec
from aiormq.abc import AbstractChannel as AmqpChannel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import asyncpg_dsn
from daikou_kit.metrics import Metrics
from daikou_kit.topology import Names
from daikou_kit.tracing import TRACEPARENT

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "outbox"
MAX_BACKOFF_S = 60.0

# Functions rather than statements: the kit's migration 0003 says why.
_CLAIM = text(
    "SELECT id, message_id, routing_key, message_type, correlation_id, body, mandatory,"
    " created_at, attempts, traceparent FROM outbox_claim(:now, :limit)"
)
_MARK = text("SELECT outbox_mark_published(:ids, :now)")
_FAILED = text(
    "UPDATE outbox SET attempts = attempts + 1, last_error = :error,"
    " next_attempt_at = CAST(:now AS timestamptz)"
    " + make_interval(secs => least(CAST(:max AS float8), power(2, attempts)))"
    " WHERE id = ANY(:ids)"
)


@dataclass(frozen=True)
class RelayConfig:
    """How the relay batches, waits and gives up on one publish."""

    batch_size: int = 500
    poll_interval_s: float = 2.0
    publish_timeout_s: float = 10.0
    outbox_retention: timedelta = timedelta(hours=72)
    inbox_retention: timedelta = timedelta(days=30)
    housekeeping_every_s: float = 300.0


def amqp_properties(row: Any) -> spec.Basic.Properties:
    """An outbox row's AMQP properties: persistent, JSON, its stable message id and trace."""
    return spec.Basic.Properties(
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT.value,
        message_id=str(row.message_id),
        correlation_id=row.correlation_id,
        message_type=row.message_type,
        timestamp=row.created_at,
        headers={TRACEPARENT: row.traceparent} if row.traceparent else {},
    )


class OutboxRelay:
    """Publishes a service's outbox; run one or several per service."""

    def __init__(
        self,
        engine: AsyncEngine,
        connection: AbstractConnection,
        names: Names,
        config: RelayConfig | None = None,
        clock: Clock | None = None,
        *,
        metrics: Metrics | None = None,
    ) -> None:
        self._engine = engine
        self._connection = connection
        self._names = names
        self._config = config or RelayConfig()
        self._clock = clock or SystemClock()
        self._wake = asyncio.Event()
        self._stopping = False
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._listener: asyncpg.Connection | None = None
        self.published = 0
        self._metrics = metrics or Metrics()

    async def _ensure_exchange(self) -> AbstractExchange:
        if self._exchange is None or self._channel is None or self._channel.is_closed:
            self._channel = await self._connection.channel(
                publisher_confirms=True, on_return_raises=True
            )
            self._exchange = await self._channel.declare_exchange(
                self._names.events, aio_pika.ExchangeType.TOPIC, durable=True
            )
        return self._exchange

    async def drain_once(self) -> int:
        """Claim, publish and mark one batch; returns how many rows it claimed."""
        exchange = await self._ensure_exchange()
        async with self._engine.begin() as conn:
            now = self._clock.now()
            claim = {"now": now, "limit": self._config.batch_size}
            rows = (await conn.execute(_CLAIM, claim)).all()
            if not rows:
                return 0
            results = await self._publish_all(exchange, rows)
            sent = [row for row, result in zip(rows, results, strict=True) if result is None]
            failed = [(row, r) for row, r in zip(rows, results, strict=True) if r is not None]
            await self._mark_published(conn, [row.id for row in sent])
            await self._mark_failed(conn, failed)
        self.published += len(sent)
        self._count(sent, [row for row, _ in failed])
        return len(rows)

    def _count(self, sent: Sequence[Any], failed: Sequence[Any]) -> None:
        for key, count in Counter(row.routing_key for row in sent).items():
            self._metrics.published.labels(key).inc(count)
        for key, count in Counter(row.routing_key for row in failed).items():
            self._metrics.publish_failures.labels(key).inc(count)

    async def _publish_all(
        self, exchange: AbstractExchange, rows: Sequence[Any]
    ) -> list[BaseException | None]:
        """Publish the rows at once; per row, None once confirmed, else why not.

        One deadline for the batch (they all start now) rather than a timer per message; a publish
        still unconfirmed at the deadline is cancelled and counts as failed.
        """
        assert self._channel is not None  # opened with the exchange
        channel = await self._channel.get_underlay_channel()
        tasks = [asyncio.ensure_future(self._publish(channel, exchange.name, row)) for row in rows]
        try:
            await asyncio.wait(tasks, timeout=self._config.publish_timeout_s)
        finally:  # at the deadline, or when the relay itself is cancelled
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return [_failure(task) for task in tasks]

    async def _publish(self, channel: AmqpChannel, exchange: str, row: Any) -> None:
        await channel.basic_publish(
            row.body.encode(),
            exchange=exchange,
            routing_key=row.routing_key,
            properties=amqp_properties(row),
            mandatory=row.mandatory,
        )

    async def _mark_published(self, conn: AsyncConnection, ids: Sequence[int]) -> None:
        if ids:
            await conn.execute(_MARK, {"now": self._clock.now(), "ids": list(ids)})

    async def _mark_failed(
        self, conn: AsyncConnection, failed: list[tuple[Any, BaseException]]
    ) -> None:
        if not failed:
            return
        error = f"{type(failed[0][1]).__name__}: {failed[0][1]}"[:500]
        log.warning("relay: %d messages not confirmed (%s); will retry", len(failed), error)
        ids = [row.id for row, _ in failed]
        await conn.execute(
            _FAILED, {"now": self._clock.now(), "ids": ids, "error": error, "max": MAX_BACKOFF_S}
        )
        self._exchange = None  # a fresh channel for the next batch

    async def run(self) -> None:
        """Publish until stopped: drain, then sleep until NOTIFY or the polling interval."""
        backoff = 0.5
        next_housekeeping = 0.0
        loop = asyncio.get_running_loop()
        while not self._stopping:
            self._wake.clear()
            await self._listen()
            try:
                while not self._stopping and await self.drain_once() >= self._config.batch_size:
                    pass
                if loop.time() >= next_housekeeping:
                    await self.housekeeping()
                    next_housekeeping = loop.time() + self._config.housekeeping_every_s
                backoff = 0.5
            except Exception:
                log.exception("relay: batch failed; retrying in %.1fs", backoff)
                self._exchange = None
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._config.poll_interval_s)
        await self._close_listener()

    def stop(self) -> None:
        """Ask the relay to finish its current batch and return."""
        self._stopping = True
        self._wake.set()

    def wake(self) -> None:
        """Drain now (also called by NOTIFY)."""
        self._wake.set()

    async def _listen(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        try:
            dsn = asyncpg_dsn(self._engine.url.render_as_string(hide_password=False))
            self._listener = await asyncpg.connect(dsn)
            await self._listener.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("relay: LISTEN unavailable (%s); polling", exc)
            self._listener = None

    async def _close_listener(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None

    async def housekeeping(self) -> None:
        """Forget published outbox rows and inbox ids older than their retention."""
        now = self._clock.now()
        async with self._engine.begin() as conn:
            await conn.execute(
                text("DELETE FROM outbox WHERE published_at < :t"),
                {"t": now - self._config.outbox_retention},
            )
            await conn.execute(
                text("DELETE FROM inbox WHERE received_at < :t"),
                {"t": now - self._config.inbox_retention},
            )


def _failure(task: asyncio.Future[None]) -> BaseException | None:
    """Why a publish failed (a timeout when it was cancelled at the deadline), or None."""
    if task.cancelled():
        return TimeoutError("not confirmed before the publish timeout")
    return task.exception()
