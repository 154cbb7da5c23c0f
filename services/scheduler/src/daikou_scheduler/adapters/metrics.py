"""The scheduler's own metrics: deadlines fired, how late they fired, and how many are pending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_kit.metrics import Metrics
from daikou_scheduler.adapters.deadlines import DeadlineRepository
from daikou_scheduler.application.firing import Round

LATENESS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)


class FiringMetrics:
    """Counts what the firing loop does; the pending gauges are read when `/metrics` is scraped."""

    def __init__(self, metrics: Metrics) -> None:
        self.fired = metrics.counter("daikou_scheduler_deadlines_fired", "Deadlines fired")
        self.lateness = metrics.histogram(
            "daikou_scheduler_firing_lateness_seconds",
            "How long after its due time each deadline fired",
            LATENESS_BUCKETS,
        )
        self.pending = metrics.gauge(
            "daikou_scheduler_pending_deadlines", "Deadlines scheduled and not yet fired"
        )
        self.overdue = metrics.gauge(
            "daikou_scheduler_overdue_deadlines", "Pending deadlines whose due time has passed"
        )
        metrics.add_probe("deadlines", self._probe)

    def record(self, done: Round) -> None:
        """Count a firing round."""
        self.fired.inc(done.fired)
        for ms in done.lateness_ms:
            self.lateness.observe(ms / 1000)

    async def _probe(self, conn: AsyncConnection, now: datetime) -> None:
        figures = await DeadlineRepository(conn).pending_figures(now)
        self.pending.set(figures.pending)
        self.overdue.set(figures.overdue)
