"""The firing loop: fires due deadlines in batches, then sleeps until the next one is due."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from daikou_kit.metrics import Metrics
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_scheduler.adapters.metrics import FiringMetrics
from daikou_scheduler.adapters.wakeup import WakeListener
from daikou_scheduler.application import firing
from daikou_scheduler.application.ports import SchedulerUnit
from daikou_scheduler.settings import SchedulerSettings

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0
# The settings' own defaults (nothing read from the environment): a default lives only there.
_DEFAULT = SchedulerSettings.model_construct()


@dataclass(frozen=True)
class FiringConfig:
    """Batching and sleeping of the firing loop; by default, the settings' defaults."""

    batch_size: int = _DEFAULT.fire_batch_size
    late_threshold_ms: int = int(_DEFAULT.late_threshold_s * 1000)
    max_poll_interval_s: float = _DEFAULT.max_poll_interval_s
    min_poll_interval_s: float = _DEFAULT.min_poll_interval_s
    settled_retention: timedelta = timedelta(days=_DEFAULT.settled_retention_days)
    housekeeping_every_s: float = _DEFAULT.housekeeping_every_s
    purge_batch: int = 10_000

    @classmethod
    def from_settings(cls, settings: SchedulerSettings) -> FiringConfig:
        """The firing loop's settings."""
        return cls(
            batch_size=settings.fire_batch_size,
            late_threshold_ms=int(settings.late_threshold_s * 1000),
            max_poll_interval_s=settings.max_poll_interval_s,
            min_poll_interval_s=settings.min_poll_interval_s,
            settled_retention=timedelta(days=settings.settled_retention_days),
            housekeeping_every_s=settings.housekeeping_every_s,
        )


class FiringWorker:
    """A runtime worker; several replicas cooperate through SKIP LOCKED claims."""

    def __init__(
        self,
        database: Database,
        unit: Callable[[UnitOfWork], SchedulerUnit],
        config: FiringConfig,
        metrics: Metrics | None = None,
    ) -> None:
        self._database = database
        self._unit = unit
        self._config = config
        self._wake = asyncio.Event()
        self._stopping = False
        self._listener = WakeListener(database.engine, self._wake)
        self.fired = 0
        self._metrics = FiringMetrics(metrics or Metrics())

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[SchedulerUnit]:
        async with self._database.unit_of_work() as uow:
            yield self._unit(uow)

    async def fire_due(self) -> int:
        """Fire every deadline due now, batch by batch (one transaction each); returns how many."""
        done = firing.Round()
        while not self._stopping:
            async with self._transaction() as uow:
                batch = await firing.fire_batch(
                    uow, self._config.batch_size, self._config.late_threshold_ms
                )
            done += batch
            if batch.fired < self._config.batch_size:
                break
        self.fired += done.fired
        self._metrics.record(done)
        if done.late:
            log.warning(
                "fired %d deadlines, %d of them late (up to %d ms)",
                done.fired,
                done.late,
                done.max_lateness_ms,
            )
        elif done.fired:
            log.info("fired %d deadlines", done.fired)
        return done.fired

    async def seconds_until_next(self) -> float:
        """How long to sleep: until the next due time, within the poll bounds."""
        async with self._transaction() as uow:
            due = await firing.next_due(uow)
            now = uow.clock.now()
        ceiling = self._config.max_poll_interval_s
        if due is None:
            return ceiling
        seconds = (due - now).total_seconds()
        return min(ceiling, max(self._config.min_poll_interval_s, seconds))

    async def housekeeping(self) -> int:
        """Forget settled deadlines past their retention, batch by batch; returns how many."""
        total = 0
        while not self._stopping:
            async with self._transaction() as uow:
                before = uow.clock.now() - self._config.settled_retention
                count = await firing.purge_settled(uow, before, self._config.purge_batch)
            total += count
            if count < self._config.purge_batch:
                break
        return total

    async def run(self) -> None:
        """Fire and sleep until stopped; a failing round is retried with back-off."""
        loop = asyncio.get_running_loop()
        next_housekeeping = loop.time()
        backoff = self._config.min_poll_interval_s
        while not self._stopping:
            self._wake.clear()
            await self._listener.ensure()
            try:
                await self.fire_due()
                if loop.time() >= next_housekeeping:
                    await self.housekeeping()
                    next_housekeeping = loop.time() + self._config.housekeeping_every_s
                delay = await self.seconds_until_next()
                backoff = self._config.min_poll_interval_s
            except Exception:
                log.exception("firing: round failed; retrying in %.2fs", backoff)
                delay, backoff = backoff, min(MAX_BACKOFF_S, max(backoff * 2, 0.5))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
        await self._listener.close()

    def stop(self) -> None:
        """Finish the current batch and return."""
        self._stopping = True
        self._wake.set()

    def wake(self) -> None:
        """Look for due deadlines now."""
        self._wake.set()
