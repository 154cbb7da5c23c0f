"""The one place that builds the warehouse service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from daikou_kit.clock import Clock, SystemClock
from daikou_kit.db import create_engine
from daikou_kit.event_stats import add_event_stats_route
from daikou_kit.http import install_error_handlers
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.unit_of_work import Database
from daikou_warehouse.adapters.photo_store import FilePhotoStore
from daikou_warehouse.adapters.rate_card import load_rate_card
from daikou_warehouse.entrypoints import consumers, http
from daikou_warehouse.entrypoints.deps import HttpDeps
from daikou_warehouse.settings import WarehouseSettings

MIGRATIONS = MigrationSet("warehouse", Path(__file__).parent / "migrations")


def build(settings: WarehouseSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
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
    app = FastAPI(title="Daikou warehouse", version="1", lifespan=service.lifespan)
    install_error_handlers(app)
    add_health_route(app, service)
    add_event_stats_route(app, database, settings)
    _hide_health_from_schema(app)
    deps = HttpDeps(
        database=database,
        settings=settings,
        store=FilePhotoStore(settings.photo_dir),
        card=load_rate_card(settings.rates_file) if settings.rates_file else load_rate_card(),
    )
    app.include_router(http.router(deps))
    return service, app


def _hide_health_from_schema(app: FastAPI) -> None:
    """The kit's health route has an unresolvable return annotation that breaks `/openapi.json`."""
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path == "/health":
            route.include_in_schema = False
