"""What the HTTP routes are built with."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import Request

from daikou_kit.http import correlation_id
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_warehouse.application.ports import PhotoStore
from daikou_warehouse.domain.calculator import RateCard
from daikou_warehouse.settings import WarehouseSettings


@dataclass(frozen=True)
class HttpDeps:
    """The database, settings, photo store and rate card the routes use."""

    database: Database
    settings: WarehouseSettings
    store: PhotoStore
    card: RateCard

    @asynccontextmanager
    async def transaction(self, request: Request) -> AsyncIterator[UnitOfWork]:
        """One unit of work for the request, in the gateway's flow when it passed one."""
        async with self.database.unit_of_work(correlation_id=correlation_id(request)) as uow:
            yield uow
