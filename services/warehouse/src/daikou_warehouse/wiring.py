"""The one place that builds the warehouse service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI

from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.consumer import OnUnit
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service
from daikou_warehouse.adapters.photo_store import FilePhotoStore
from daikou_warehouse.adapters.rate_card import load_rate_card
from daikou_warehouse.adapters.unit_of_work import WarehouseUnits
from daikou_warehouse.entrypoints import (
    consumers,
    routes_cases,
    routes_queues,
    routes_receiving,
    routes_shipping,
)
from daikou_warehouse.settings import WarehouseSettings

MIGRATIONS = MigrationSet("warehouse", Path(__file__).parent / "migrations")


def build(settings: WarehouseSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    base = foundation(settings, clock)
    card = load_rate_card(settings.rates_file) if settings.rates_file else load_rate_card()
    units = WarehouseUnits(settings, FilePhotoStore(settings.photo_dir), card)
    return assemble(
        base,
        title="warehouse",
        migrations=MIGRATIONS,
        routers=[
            routes_receiving.router,
            routes_cases.router,
            routes_shipping.router,
            routes_queues.router,
        ],
        queues=consumers.queues(OnUnit(units)),
        unit=units,
        parts=[units, card],
    )
