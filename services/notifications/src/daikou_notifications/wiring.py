"""The one place that builds the notifications service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI

from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.consumer import OnUnit
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service
from daikou_kit.unit_of_work import UnitOfWork
from daikou_notifications.adapters.smtp import SmtpConfig, SmtpMailer
from daikou_notifications.adapters.unit_of_work import NotificationsUnitOfWork
from daikou_notifications.application.delivery import DeliveryConfig
from daikou_notifications.application.rendering import Renderer
from daikou_notifications.entrypoints import consumers, routes
from daikou_notifications.entrypoints.delivery import DeliveryWorker, Mailer
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
    base = foundation(settings, clock)
    renderer = Renderer()

    def unit(uow: UnitOfWork) -> NotificationsUnitOfWork:
        return NotificationsUnitOfWork(uow, renderer, settings.web_url)

    metrics = Metrics()
    worker = DeliveryWorker(
        base.database,
        unit,
        mailer or SmtpMailer(smtp_config(settings)),
        delivery_config(settings),
        metrics,
    )
    service, app = assemble(
        base,
        title="notifications",
        migrations=MIGRATIONS,
        routers=[routes.router],
        queues=consumers.queues(OnUnit(unit)),
        workers=[worker] if settings.delivery_enabled else [],
        metrics=metrics,
        unit=unit,
        parts=[renderer, worker],
    )
    return service, app
