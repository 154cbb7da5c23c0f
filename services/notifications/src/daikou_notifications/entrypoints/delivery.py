"""The delivery loop: claims due notifications, sends each, records the outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Protocol

from daikou_kit.metrics import Metrics
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_notifications.adapters.smtp import DeliveryError
from daikou_notifications.application import delivery
from daikou_notifications.application.delivery import DeliveryConfig
from daikou_notifications.application.ports import NotificationsUnit
from daikou_notifications.domain.records import Outgoing

log = logging.getLogger(__name__)

__all__ = ["DeliveryConfig", "DeliveryWorker", "Mailer"]


class Mailer(Protocol):
    """Something that hands a mail to a server."""

    async def send(self, recipient: str, subject: str, body: str, html: str | None = None) -> None:
        """Send (plain text, with an HTML alternative when given), or raise DeliveryError."""
        ...


class DeliveryWorker:
    """Sends pending notifications; a refusing server delays them, a permanent refusal fails them.

    Each claim and each outcome is one transaction of the service's unit of work (`unit` wraps the
    kit's), the same the consumers and routes use.
    """

    def __init__(
        self,
        database: Database,
        unit: Callable[[UnitOfWork], NotificationsUnit],
        mailer: Mailer,
        config: DeliveryConfig,
        metrics: Metrics | None = None,
    ) -> None:
        self.database = database
        self.unit = unit
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
        async with self.database.unit_of_work() as uow:
            batch = await delivery.claim(self.unit(uow), self.config)
        for outgoing in batch:
            await self._deliver(outgoing)
        return len(batch)

    async def _deliver(self, outgoing: Outgoing) -> None:
        try:
            await self.mailer.send(
                outgoing.recipient, outgoing.subject, outgoing.body, outgoing.html
            )
        except DeliveryError as exc:
            async with self.database.unit_of_work() as uow:
                retry_at = await delivery.not_sent(
                    self.unit(uow),
                    outgoing,
                    str(exc),
                    permanent=exc.permanent,
                    config=self.config,
                )
            log.warning("mail %s not sent (%s); retry at %s", outgoing.id, exc, retry_at)
            self._failed.labels("retry" if retry_at else "given_up").inc()
            return
        async with self.database.unit_of_work() as uow:
            await delivery.sent(self.unit(uow), outgoing)
        self._sent.inc()
