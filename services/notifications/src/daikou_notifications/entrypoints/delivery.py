"""The delivery loop: claims due notifications, sends each, records the outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from daikou_kit.metrics import Metrics
from daikou_kit.unit_of_work import Database
from daikou_notifications.adapters import store
from daikou_notifications.adapters.smtp import DeliveryError
from daikou_notifications.domain.backoff import next_attempt

log = logging.getLogger(__name__)


class Mailer(Protocol):
    """Something that hands a mail to a server."""

    async def send(self, recipient: str, subject: str, body: str, html: str | None = None) -> None:
        """Send (plain text, with an HTML alternative when given), or raise DeliveryError."""
        ...


@dataclass(frozen=True)
class DeliveryConfig:
    """The loop's settings."""

    batch_size: int = 20
    poll_interval_s: float = 1.0
    retry_base_s: float = 5.0
    retry_max_s: float = 900.0
    max_attempts: int = 12
    lease: timedelta = timedelta(minutes=5)


class DeliveryWorker:
    """Sends pending notifications; a refusing server delays them, a permanent refusal fails them."""

    def __init__(
        self,
        database: Database,
        mailer: Mailer,
        config: DeliveryConfig,
        metrics: Metrics | None = None,
    ) -> None:
        self.database = database
        self.mailer = mailer
        self.config = config
        self._stop = asyncio.Event()
        metrics = metrics or Metrics()
        self._sent = metrics.counter("daikou_notifications_sent", "Mails the server accepted")
        self._failed = metrics.counter(
            "daikou_notifications_failed",
            "Mails not sent, by what happens next (retry, or given_up: refused for good)",
            ["then"],
        )

    async def run(self) -> None:
        """Deliver until stopped."""
        while not self._stop.is_set():
            try:
                sent = await self.round()
            except Exception:
                log.exception("delivery round failed")
                sent = 0
            if sent < self.config.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.config.poll_interval_s)

    def stop(self) -> None:
        """Finish after the current round."""
        self._stop.set()

    async def round(self) -> int:
        """One batch: how many notifications were attempted."""
        clock = self.database.clock
        async with self.database.unit_of_work() as uow:
            now = clock.now()
            batch = await store.claim_due(
                uow.conn, now, now + self.config.lease, self.config.batch_size
            )
        for outgoing in batch:
            await self._deliver(outgoing)
        return len(batch)

    async def _deliver(self, outgoing: store.Outgoing) -> None:
        c = self.config
        try:
            await self.mailer.send(
                outgoing.recipient, outgoing.subject, outgoing.body, outgoing.html
            )
        except DeliveryError as exc:
            now = self.database.clock.now()
            retry_at = (
                None
                if exc.permanent
                else next_attempt(
                    now,
                    outgoing.attempts + 1,
                    base_s=c.retry_base_s,
                    max_s=c.retry_max_s,
                    max_attempts=c.max_attempts,
                )
            )
            log.warning("mail %s not sent (%s); retry at %s", outgoing.id, exc, retry_at)
            self._failed.labels("retry" if retry_at else "given_up").inc()
            async with self.database.unit_of_work() as uow:
                await store.mark_attempt_failed(uow.conn, outgoing.id, str(exc), retry_at)
            return
        async with self.database.unit_of_work() as uow:
            await store.mark_sent(uow.conn, outgoing.id, uow.clock.now())
        self._sent.inc()
