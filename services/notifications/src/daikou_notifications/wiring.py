"""The one place that builds the notifications service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.http import install_error_handlers
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database
from daikou_notifications.adapters.smtp import SmtpConfig, SmtpMailer
from daikou_notifications.application.rendering import Renderer
from daikou_notifications.entrypoints import consumers, http
from daikou_notifications.entrypoints.delivery import DeliveryConfig, DeliveryWorker, Mailer
from daikou_notifications.settings import NotificationsSettings

MIGRATIONS = MigrationSet("notifications", Path(__file__).parent / "migrations")


def smtp_config(settings: NotificationsSettings) -> SmtpConfig:
    """The SMTP server's address and credentials."""
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        tls=settings.smtp_tls,
        starttls=settings.smtp_starttls,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value(),
        timeout_s=settings.smtp_timeout_s,
        sender=settings.mail_from,
    )


def delivery_config(settings: NotificationsSettings) -> DeliveryConfig:
    """The delivery loop's settings."""
    return DeliveryConfig(
        batch_size=settings.delivery_batch_size,
        poll_interval_s=settings.delivery_poll_interval_s,
        retry_base_s=settings.retry_base_s,
        retry_max_s=settings.retry_max_s,
        max_attempts=settings.max_attempts,
    )


def build(
    settings: NotificationsSettings, clock: Clock | None = None, mailer: Mailer | None = None
) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    database = Database(engine, clock)
    metrics = Metrics()
    worker = DeliveryWorker(
        database, mailer or SmtpMailer(smtp_config(settings)), delivery_config(settings), metrics
    )
    service = Service(
        settings=settings,
        engine=engine,
        database=database,
        clock=clock,
        migrations=MIGRATIONS,
        queues=consumers.queues(Renderer(), settings.web_url),
        workers=[worker] if settings.delivery_enabled else [],
        metrics=metrics,
    )
    app = FastAPI(title="Daikou notifications", version="1", lifespan=service.lifespan)
    install_error_handlers(app)
    add_health_route(app, service)
    app.include_router(http.router(settings, database))
    app.state.delivery = worker
    return service, app
