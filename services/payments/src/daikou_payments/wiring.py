"""The one place that builds the payments service's real parts; tests build it with test settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.event_stats import add_event_stats_route
from daikou_kit.guard import BodyLimits, RouteLimit
from daikou_kit.http import install_error_handlers
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database
from daikou_payments.adapters.calendar_file import load_calendar
from daikou_payments.adapters.paypal import PayPalClient
from daikou_payments.application import calendar as calendar_cases
from daikou_payments.application.ports import PaymentProviderError
from daikou_payments.domain.fees import CardFeeRule
from daikou_payments.entrypoints import (
    consumers,
    http,
    http_calendar,
    http_deposit,
    http_more,
    http_statement,
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
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    database = Database(engine, clock)
    service = Service(
        settings=settings,
        engine=engine,
        database=database,
        clock=clock,
        migrations=MIGRATIONS,
        queues=consumers.queues(settings.currency),
    )
    paypal = PayPalClient(
        settings.paypal_base_url,
        settings.paypal_client_id,
        settings.paypal_client_secret.get_secret_value(),
        webhook_id=settings.paypal_webhook_id,
        return_url=settings.paypal_return_url,
        cancel_url=settings.paypal_cancel_url,
        timeout_s=settings.paypal_timeout_s,
        transport=paypal_transport,
    )
    ctx = http.HttpContext(
        settings=settings,
        database=database,
        provider=paypal,
        fees=CardFeeRule(settings.card_fee_rate_bp, settings.card_fee_fixed),
        calendar=load_calendar(
            settings.closed_days_file, settings.business_opens_at, settings.business_closes_at
        ),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service.lifespan(app):
            async with database.unit_of_work() as uow:
                await calendar_cases.publish_if_changed(uow, ctx.calendar)
            yield
        await paypal.aclose()

    app = FastAPI(title="Daikou payments", version="1", lifespan=lifespan)
    install_error_handlers(
        app, BodyLimits(routes=[RouteLimit("POST", "/paypal/webhook", 64 * 1024)])
    )

    @app.exception_handler(PaymentProviderError)
    async def provider_error(_: Request, exc: PaymentProviderError) -> JSONResponse:
        return JSONResponse(
            status_code=502, content={"detail": str(exc), "code": "payment_provider"}
        )

    add_health_route(app, service)
    add_event_stats_route(app, database, settings)
    app.include_router(http.router(ctx))
    app.include_router(http_more.router(ctx))
    app.include_router(http_calendar.router(ctx))
    app.include_router(http_deposit.router(ctx))
    app.include_router(http_statement.router(ctx))
    return service, app
