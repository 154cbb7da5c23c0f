"""The messaging service's unit of work: the kit's transaction carrying its repositories and settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_messaging.adapters.attachments import AttachmentRepository
from daikou_messaging.adapters.order_views import OrderViewRepository
from daikou_messaging.adapters.threads import ThreadRepository
from daikou_messaging.settings import MessagingSettings


class MessagingUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`) with the order views, threads and attachments on it.

    It is the use cases' `MessagingUnit`. It never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, settings: MessagingSettings) -> None:
        super().__init__(uow)
        self.settings = settings
        self.order_views = OrderViewRepository(uow.conn)
        self.attachments = AttachmentRepository(uow.conn)
        self.threads = ThreadRepository(uow.conn, self.attachments)


@dataclass(frozen=True)
class MessagingUnits:
    """Makes the service's units of work: for requests and consumers (`wrap`) and on its own (`begin`)."""

    database: Database
    settings: MessagingSettings

    def wrap(self, uow: UnitOfWork) -> MessagingUnitOfWork:
        """The kit's open transaction as messaging's unit of work."""
        return MessagingUnitOfWork(uow, self.settings)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[MessagingUnitOfWork]:
        """Open a unit of work that commits when the block ends (rolls back if it raises)."""
        async with self.database.unit_of_work() as uow:
            yield self.wrap(uow)
