"""The one place that builds the orders service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.event_stats import add_event_stats_route
from daikou_kit.guard import MIB, BodyLimits, RouteLimit
from daikou_kit.http import install_error_handlers
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database
from daikou_orders.application.policy import Policy
from daikou_orders.entrypoints import consumers, http, queues
from daikou_orders.settings import OrdersSettings

MIGRATIONS = MigrationSet("orders", Path(__file__).parent / "migrations")


def build(settings: OrdersSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    clock = clock or SystemClock()
    policy = Policy.from_settings(settings)
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    database = Database(engine, clock)
    service = Service(
        settings=settings,
        engine=engine,
        database=database,
        clock=clock,
        migrations=MIGRATIONS,
        queues=consumers.queues(policy),
    )
    app = FastAPI(title="Daikou orders", version="1", lifespan=service.lifespan)
    install_error_handlers(app, BodyLimits(routes=[RouteLimit("POST", "/orders", 4 * MIB)]))
    add_health_route(app, service)
    add_event_stats_route(app, database, settings)
    _health_out_of_schema(app)
    app.include_router(http.router(database, policy, settings.internal_token.get_secret_value()))
    app.include_router(queues.router(database, settings.internal_token.get_secret_value(), policy))
    return service, app


def _health_out_of_schema(app: FastAPI) -> None:
    """The kit's health route has an unresolvable return annotation that breaks `/openapi.json`."""
    for route in app.router.routes:
        if isinstance(route, APIRoute) and route.path == "/health":
            route.include_in_schema = False
