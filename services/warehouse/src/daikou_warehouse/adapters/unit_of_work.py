"""The warehouse's unit of work: the kit's transaction carrying the repositories, store and rates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_warehouse.adapters.order_repository import OrderRepository
from daikou_warehouse.adapters.shipping_repository import ShippingRepository
from daikou_warehouse.adapters.work_queues import WorkQueueReader
from daikou_warehouse.application.ports import PhotoStore
from daikou_warehouse.domain.calculator import RateCard
from daikou_warehouse.settings import WarehouseSettings


class WarehouseUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`) with the warehouse's repositories on it.

    It is the use cases' `WarehouseUnit`, with the photo store, the rate card and the settings
    they apply; it never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, parts: WarehouseUnits) -> None:
        super().__init__(uow)
        self.orders = OrderRepository(uow.conn)
        self.shipping = ShippingRepository(uow.conn)
        self.queues = WorkQueueReader(uow.conn)
        self.photos = parts.photos
        self.card = parts.card
        self.settings = parts.settings


@dataclass(frozen=True)
class WarehouseUnits:
    """Makes the warehouse's unit of work from the kit's (the factory the wiring registers)."""

    settings: WarehouseSettings
    photos: PhotoStore
    card: RateCard

    def __call__(self, uow: UnitOfWork) -> WarehouseUnitOfWork:
        """The warehouse's unit on the kit's transaction."""
        return WarehouseUnitOfWork(uow, self)

    @asynccontextmanager
    async def open(
        self, database: Database, *, correlation_id: str | None = None
    ) -> AsyncIterator[WarehouseUnitOfWork]:
        """Open a unit of work (the kit's `database.unit_of_work`) with the repositories on it."""
        async with database.unit_of_work(correlation_id=correlation_id) as uow:
            yield self(uow)
