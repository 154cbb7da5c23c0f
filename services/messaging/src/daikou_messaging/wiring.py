"""The one place that builds the messaging service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.event_stats import add_event_stats_route
from daikou_kit.guard import BodyLimits
from daikou_kit.http import install_error_handlers
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database
from daikou_messaging.adapters.storage import FilesystemStorage
from daikou_messaging.entrypoints import consumers, http
from daikou_messaging.entrypoints.sweeper import UploadSweeper
from daikou_messaging.settings import MessagingSettings

MIGRATIONS = MigrationSet("messaging", Path(__file__).parent / "migrations")


def build(settings: MessagingSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    database = Database(engine, clock)
    storage = FilesystemStorage(settings.storage_dir)
    service = Service(
        settings=settings,
        engine=engine,
        database=database,
        clock=clock,
        migrations=MIGRATIONS,
        queues=consumers.queues(settings.window_period),
        workers=[
            UploadSweeper(
                database, storage, settings.unattached_retention, settings.sweep_interval_s
            )
        ],
    )
    app = FastAPI(title="Daikou messaging", version="1", lifespan=service.lifespan)
    install_error_handlers(app, BodyLimits(streamed=["/attachments"]))
    add_health_route(app, service)
    add_event_stats_route(app, database, settings)
    app.include_router(http.router(settings, database, storage))
    return service, app
