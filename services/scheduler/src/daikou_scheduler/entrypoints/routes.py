"""The scheduler service's internal HTTP API (called by the gateway only): ops views of deadlines."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from daikou_kit.app import ActorDep
from daikou_scheduler.application import queries
from daikou_scheduler.domain.deadline import Status
from daikou_scheduler.entrypoints.deps import Unit
from daikou_scheduler.entrypoints.schemas import DeadlineList, DeadlineOut, StatsOut

DEADLINE_ID_PATTERN = r"^[A-Za-z0-9:_.\-]{1,200}$"

router = APIRouter(prefix="/deadlines", tags=["deadlines"])


@router.get("/stats", response_model=StatsOut)
async def deadline_stats(
    actor: ActorDep,
    unit: Unit,
    window_hours: Annotated[int | None, Query(ge=1, le=24 * 90)] = None,
) -> StatsOut:
    """Pending count, next due time, and lateness of recent firings (the settings' window)."""
    return StatsOut.of(await queries.stats(unit, actor, window_hours))


@router.get("", response_model=DeadlineList)
async def list_deadlines(
    actor: ActorDep,
    unit: Unit,
    prefix: Annotated[str, Query(max_length=200, pattern=r"^[A-Za-z0-9:_.\-]*$")] = "",
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> DeadlineList:
    """Deadlines whose id starts with `prefix` (e.g. `order:<id>:`), in id order."""
    found = await queries.list_deadlines(unit, actor, prefix, status, limit)
    return DeadlineList(deadlines=[DeadlineOut.of(d) for d in found])


@router.get("/{deadline_id}", response_model=DeadlineOut)
async def get_deadline(
    actor: ActorDep,
    unit: Unit,
    deadline_id: Annotated[str, Path(pattern=DEADLINE_ID_PATTERN)],
) -> DeadlineOut:
    """One deadline by id."""
    return DeadlineOut.of(await queries.get_deadline(unit, actor, deadline_id))
