"""The scheduler service's internal HTTP API (called by the gateway only): ops views of deadlines."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from daikou_kit.http import Actor, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_scheduler.application import queries
from daikou_scheduler.domain.deadline import Status
from daikou_scheduler.entrypoints.schemas import DeadlineList, DeadlineOut, StatsOut
from daikou_scheduler.settings import SchedulerSettings

DEADLINE_ID_PATTERN = r"^[A-Za-z0-9:_.\-]{1,200}$"


def router(settings: SchedulerSettings, database: Database) -> APIRouter:
    """Routes of the scheduler service (staff only)."""
    api = APIRouter(prefix="/deadlines", tags=["deadlines"])
    current_actor = actor_dependency(settings.internal_token.get_secret_value())
    late_threshold = timedelta(seconds=settings.late_threshold_s)

    @api.get("/stats", response_model=StatsOut)
    async def deadline_stats(
        actor: Annotated[Actor, Depends(current_actor)],
        window_hours: Annotated[int, Query(ge=1, le=24 * 90)] = settings.stats_window_hours,
    ) -> StatsOut:
        """Pending count, next due time, and lateness of recent firings."""
        async with database.unit_of_work() as uow:
            figures = await queries.stats(uow, actor, timedelta(hours=window_hours), late_threshold)
        return StatsOut.of(figures)

    @api.get("", response_model=DeadlineList)
    async def list_deadlines(
        actor: Annotated[Actor, Depends(current_actor)],
        prefix: Annotated[str, Query(max_length=200, pattern=r"^[A-Za-z0-9:_.\-]*$")] = "",
        status: Status | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> DeadlineList:
        """Deadlines whose id starts with `prefix` (e.g. `order:<id>:`), in id order."""
        async with database.unit_of_work() as uow:
            found = await queries.list_deadlines(uow, actor, prefix, status, limit)
        return DeadlineList(deadlines=[DeadlineOut.of(d) for d in found])

    @api.get("/{deadline_id}", response_model=DeadlineOut)
    async def get_deadline(
        actor: Annotated[Actor, Depends(current_actor)],
        deadline_id: Annotated[str, Path(pattern=DEADLINE_ID_PATTERN)],
    ) -> DeadlineOut:
        """One deadline by id."""
        async with database.unit_of_work() as uow:
            return DeadlineOut.of(await queries.get_deadline(uow, actor, deadline_id))

    return api
