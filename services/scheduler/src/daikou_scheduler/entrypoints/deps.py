"""What the scheduler's routes depend on: the request's unit of work (the acting user is the kit's)."""

from typing import Annotated

from daikou_kit.app import unit_dependency
from daikou_scheduler.adapters.unit_of_work import SchedulerUnitOfWork

Unit = Annotated[SchedulerUnitOfWork, unit_dependency()]
"""The scheduler's unit of work for the request; it commits when the route returns."""
