"""The one place that builds the scheduler service's real parts; tests build it with test settings."""

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.consumer import OnUnit
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service
from daikou_scheduler.adapters.unit_of_work import SchedulerUnitOfWork
from daikou_scheduler.entrypoints import consumers, routes
from daikou_scheduler.entrypoints.firing import FiringConfig, FiringWorker
from daikou_scheduler.settings import SchedulerSettings

MIGRATIONS = MigrationSet("scheduler", Path(__file__).parent / "migrations")


def build(settings: SchedulerSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan; the firing worker is a part."""
    base = foundation(settings, clock)
    unit = partial(SchedulerUnitOfWork, settings=settings)
    metrics = Metrics()
    worker = FiringWorker(base.database, unit, FiringConfig.from_settings(settings), metrics)
    return assemble(
        base,
        title="scheduler",
        migrations=MIGRATIONS,
        routers=[routes.router],
        queues=consumers.queues(OnUnit(unit)),
        workers=[worker] if settings.firing_enabled else [],
        metrics=metrics,
        unit=unit,
        parts=[worker],
    )
