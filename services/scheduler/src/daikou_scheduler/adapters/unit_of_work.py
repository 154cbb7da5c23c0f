"""The scheduler's unit of work: the kit's transaction carrying the deadlines and the settings."""

from __future__ import annotations

from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import UnitOfWork
from daikou_scheduler.adapters.deadlines import DeadlineRepository
from daikou_scheduler.settings import SchedulerSettings


class SchedulerUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`) with the deadlines repository and the settings.

    It is the use cases' `SchedulerUnit`; it never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, settings: SchedulerSettings) -> None:
        super().__init__(uow)
        self.settings = settings
        self.deadlines = DeadlineRepository(uow.conn)
