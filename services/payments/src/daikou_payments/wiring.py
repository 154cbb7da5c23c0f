"""The one place that builds the payments service's real parts; tests build it with test settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.consumer import OnUnit
from daikou_kit.guard import BodyLimits, RouteLimit
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_payments.adapters.calendar_file import load_calendar
from daikou_payments.adapters.paypal import PayPalClient
from daikou_payments.adapters.unit_of_work import PaymentsUnitOfWork
from daikou_payments.application import calendar as calendar_cases
from daikou_payments.application.ports import PaymentProviderError
from daikou_payments.domain.calendar import BusinessCalendar
from daikou_payments.domain.fees import CardFeeRule
from daikou_payments.entrypoints import (
    consumers,
    routes_billings,
    routes_calendar,
    routes_card,
    routes_deposits,
    routes_statement,
    routes_transfers,
    routes_withdrawals,
)
from daikou_payments.settings import PaymentsSettings

MIGRATIONS = MigrationSet("payments", Path(__file__).parent / "migrations")


def build(
    settings: PaymentsSettings,
    clock: Clock | None = None,
    *,
    paypal_transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan (`paypal_transport` is for tests)."""
    base = foundation(settings, clock)
    paypal = paypal_client(settings, paypal_transport)
    calendar = load_calendar(
        settings.closed_days_file, settings.business_opens_at, settings.business_closes_at
    )

    def unit(uow: UnitOfWork) -> PaymentsUnitOfWork:
        return PaymentsUnitOfWork(uow, settings=settings)

    service, app = assemble(
        base,
        title="payments",
        migrations=MIGRATIONS,
        routers=[
            routes_billings.router,
            routes_transfers.router,
            routes_deposits.router,
            routes_card.router,
            routes_calendar.router,
            routes_withdrawals.router,
            routes_statement.router,
        ],
        queues=consumers.queues(OnUnit(unit)),
        limits=BodyLimits(routes=[RouteLimit("POST", "/paypal/webhook", 64 * 1024)]),
        unit=unit,
        parts=[paypal, CardFeeRule(settings.card_fee_rate_bp, settings.card_fee_fixed), calendar],
        starters=[calendar_publisher(base.database, unit, calendar)],
        closers=[paypal.aclose],
    )
    app.add_exception_handler(PaymentProviderError, provider_error)
    return service, app


def paypal_client(
    settings: PaymentsSettings, transport: httpx.AsyncBaseTransport | None
) -> PayPalClient:
    """The PayPal REST client the settings describe."""
    return PayPalClient(
        settings.paypal_base_url,
        settings.paypal_client_id,
        settings.paypal_client_secret.get_secret_value(),
        webhook_id=settings.paypal_webhook_id,
        return_url=settings.paypal_return_url,
        cancel_url=settings.paypal_cancel_url,
        timeout_s=settings.paypal_timeout_s,
        transport=transport,
    )


def calendar_publisher(
    database: Database,
    unit: Callable[[UnitOfWork], PaymentsUnitOfWork],
    calendar: BusinessCalendar,
) -> Callable[[], Awaitable[None]]:
    """Publishes the configured calendar, once the service has started, if it changed."""

    async def publish() -> None:
        async with database.unit_of_work() as uow:
            await calendar_cases.publish_if_changed(unit(uow), calendar)

    return publish


async def provider_error(_: Request, exc: Exception) -> JSONResponse:
    """A payment provider that failed answers 502 with its reason."""
    return JSONResponse(status_code=502, content={"detail": str(exc), "code": "payment_provider"})
