"""The one place that builds the gateway service's real parts; tests build it with test settings."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from daikou_gateway.adapters.passwords import Argon2Hasher
from daikou_gateway.adapters.services import ServiceClient, Services
from daikou_gateway.entrypoints import consumers, http, routes_paypal
from daikou_gateway.entrypoints.deps import Gateway
from daikou_gateway.settings import GatewaySettings
from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.http import install_error_handlers
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database

MIGRATIONS = MigrationSet("gateway", Path(__file__).parent / "migrations")
DESCRIPTION = (
    "The public API of Daikou for the web client: accounts, orders and the order details page, "
    "payments, messages, staff operations and live events. Sign in with POST /api/v1/sessions and "
    "send the token as `Authorization: Bearer <token>`."
)


def build_services(settings: GatewaySettings, http_client: httpx.AsyncClient) -> Services:
    """A client for each service's internal API."""
    token = settings.internal_token.get_secret_value()

    def client(name: str, url: str) -> ServiceClient:
        return ServiceClient(name, url, http_client, token, settings.service_timeout_s)

    return Services(
        orders=client("orders", settings.orders_url),
        payments=client("payments", settings.payments_url),
        messaging=client("messaging", settings.messaging_url),
        warehouse=client("warehouse", settings.warehouse_url),
        scheduler=client("scheduler", settings.scheduler_url),
    )


def operation_id(route: APIRoute) -> str:
    """An operation's id in the OpenAPI document is its handler's name (stable, client-friendly)."""
    return route.name


def add_site_redirect(app: FastAPI, web_url: str) -> None:
    """`GET /`: a browser opening the gateway's address lands on the web site."""

    @app.get("/", include_in_schema=False)
    async def site() -> RedirectResponse:
        return RedirectResponse(web_url, status_code=307)


def build(
    settings: GatewaySettings,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan; `transport` reroutes calls to services."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    database = Database(engine, clock)
    service = Service(
        settings=settings,
        engine=engine,
        database=database,
        clock=clock,
        migrations=MIGRATIONS,
        queues=consumers.queues(),
    )
    http_client = httpx.AsyncClient(limits=httpx.Limits(max_connections=200), transport=transport)
    hasher = Argon2Hasher(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )
    gateway = Gateway(
        settings, service, database, clock, hasher, build_services(settings, http_client)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service.lifespan(app):
            try:
                yield
            finally:
                await http_client.aclose()

    app = FastAPI(
        title="Daikou gateway",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    install_error_handlers(app)
    http.install_upstream_handler(app)
    add_health_route(app, service)
    add_site_redirect(app, settings.web_url)
    app.include_router(http.router(gateway))
    app.include_router(routes_paypal.router(gateway))
    return service, app
