"""The one place that builds the scheduler service's real parts; tests build it with test settings."""

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.event_stats import add_event_stats_route
from daikou_kit.http import install_error_handlers
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database
from daikou_scheduler.entrypoints import consumers, http
from daikou_scheduler.entrypoints.firing import FiringConfig, FiringWorker
from daikou_scheduler.settings import SchedulerSettings

MIGRATIONS = MigrationSet("scheduler", Path(__file__).parent / "migrations")


def firing_config(settings: SchedulerSettings) -> FiringConfig:
    """The firing loop's settings."""
    return FiringConfig(
        batch_size=settings.fire_batch_size,
        late_threshold_ms=int(settings.late_threshold_s * 1000),
        max_poll_interval_s=settings.max_poll_interval_s,
        min_poll_interval_s=settings.min_poll_interval_s,
        settled_retention=timedelta(days=settings.settled_retention_days),
        housekeeping_every_s=settings.housekeeping_every_s,
    )


def build(settings: SchedulerSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    database = Database(engine, clock)
    metrics = Metrics()
    worker = FiringWorker(database, firing_config(settings), metrics)
    service = Service(
        settings=settings,
        engine=engine,
        database=database,
        clock=clock,
        migrations=MIGRATIONS,
        queues=consumers.queues(timedelta(seconds=settings.max_poll_interval_s)),
        workers=[worker] if settings.firing_enabled else [],
        metrics=metrics,
    )
    app = FastAPI(title="Daikou scheduler", version="1", lifespan=service.lifespan)
    install_error_handlers(app)
    add_health_route(app, service)
    add_event_stats_route(app, database, settings)
    app.include_router(http.router(settings, database))
    app.state.firing = worker
    return service, app
