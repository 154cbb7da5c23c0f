"""The one place that builds the messaging service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI

from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.consumer import OnUnit
from daikou_kit.guard import BodyLimits
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service
from daikou_messaging.adapters.storage import FilesystemStorage
from daikou_messaging.adapters.unit_of_work import MessagingUnits
from daikou_messaging.entrypoints import consumers, routes_attachments, routes_messages
from daikou_messaging.entrypoints.sweeper import UploadSweeper
from daikou_messaging.settings import MessagingSettings

MIGRATIONS = MigrationSet("messaging", Path(__file__).parent / "migrations")


def build(settings: MessagingSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    base = foundation(settings, clock)
    units = MessagingUnits(base.database, settings)
    storage = FilesystemStorage(settings.storage_dir)
    return assemble(
        base,
        title="messaging",
        migrations=MIGRATIONS,
        routers=[routes_messages.router, routes_attachments.router],
        queues=consumers.queues(OnUnit(units.wrap)),
        workers=[UploadSweeper(units, storage, settings.sweep_interval_s)],
        limits=BodyLimits(streamed=["/attachments"]),
        unit=units.wrap,
        parts=[units, storage],
    )
