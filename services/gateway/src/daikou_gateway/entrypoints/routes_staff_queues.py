"""Staff work queues (ops and warehouse), clearing an order's dead-letter flags, and the ops
dashboard's figures."""

import asyncio
from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from daikou_gateway.adapters.services import ServiceClient, ServiceUnavailable, UpstreamRefused
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.dashboard import TypeCount, sum_counts
from daikou_gateway.entrypoints.deps import GatewayDep, OpsCaller, ServicesDep, StaffCaller, forward
from daikou_gateway.entrypoints.schemas_common import checked
from daikou_gateway.entrypoints.schemas_staff import (
    OPS_QUEUES,
    DashboardOut,
    DeadLetterFlagsClearedOut,
    DeadlineFigures,
    EventTypeCount,
    WorkQueue,
    WorkQueueEntry,
    WorkQueueOut,
)
from daikou_gateway.entrypoints.schemas_warehouse import DeadlineStatsOut
from daikou_kit.actors import Role
from daikou_kit.errors import Forbidden
from daikou_kit.event_stats import count_by_type

MAX_WINDOW_HOURS = 72


# `GET /staff/queues/{queue}` and `GET /staff/dashboard`.
router = APIRouter(prefix="/staff", tags=["staff: queues and dashboard"])


@router.get("/queues/{queue}", response_model=WorkQueueOut)
async def work_queue(
    services: ServicesDep,
    caller: StaffCaller,
    queue: WorkQueue,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> WorkQueueOut:
    """A work queue, what waits longest first: ops queues (orders) are for ops staff only;
    warehouse queues are for warehouse and ops staff."""
    if queue in OPS_QUEUES and caller.role != Role.OPS:
        raise Forbidden("only ops staff may do this", code="forbidden_for_role")
    client = services.orders if queue in OPS_QUEUES else services.warehouse
    body = await client.call("GET", f"/queues/{queue}", caller, params={"limit": limit})
    found = body.get("entries") if isinstance(body, dict) else None
    entries = checked(client.name, list[WorkQueueEntry], found)
    return WorkQueueOut.model_validate({"queue": queue, "entries": entries})


@router.post("/orders/{order_id}/dead-letter-flags/clear", response_model=DeadLetterFlagsClearedOut)
async def clear_dead_letter_flags(
    services: ServicesDep, caller: OpsCaller, order_id: UUID
) -> JSONResponse:
    """The order no longer needs attention for its dead-lettered messages (ops only; the
    `dead_lettered` queue lists them; a replayed dead letter that was applied clears itself)."""
    path = f"/orders/{order_id}/dead-letter-flags/clear"
    answer = DeadLetterFlagsClearedOut
    return await forward(services.orders, "POST", path, caller, answer=answer)


@router.get("/dashboard", response_model=DashboardOut)
async def dashboard(
    gw: GatewayDep,
    services: ServicesDep,
    caller: StaffCaller,
    hours: Annotated[int, Query(ge=1, le=MAX_WINDOW_HOURS)] = 24,
) -> DashboardOut:
    """Messages per type over the last `hours`, orders per status, pending deadlines and lateness."""
    counted = [
        services.orders,
        services.payments,
        services.messaging,
        services.warehouse,
        services.scheduler,
    ]
    answers = await asyncio.gather(
        *(_try(c, "/events/stats", caller, {"hours": hours}, _EventStats) for c in counted),
        _try(services.orders, "/stats/status", caller, None, _StatusCounts),
        _try(services.scheduler, "/deadlines/stats", caller, None, DeadlineStatsOut),
    )
    own = await count_by_type(gw.database, timedelta(hours=hours))
    stats, status, deadlines = answers[: len(counted)], answers[-2], answers[-1]
    parts = [_type_counts(a) for a in stats if a is not None]
    parts.append([TypeCount(t.message_type, t.count, t.last_at) for t in own.types])
    down = [c.name for c, a in zip(counted, stats, strict=True) if a is None]
    down += [n for n, a in (("orders", status), ("scheduler", deadlines)) if a is None]
    return DashboardOut(
        as_of=gw.clock.now(),
        window_hours=hours,
        event_counts=[EventTypeCount(**c.__dict__) for c in sum_counts(parts)],
        orders_by_status=status["counts"] if status else None,
        deadlines=_deadlines(deadlines) if deadlines else None,
        unavailable=sorted(set(down)),
    )


class _EventStats(BaseModel):
    types: list[EventTypeCount]


class _StatusCounts(BaseModel):
    counts: dict[str, int]


async def _try(
    client: ServiceClient,
    path: str,
    caller: Caller,
    params: dict[str, Any] | None,
    shape: type[BaseModel],
) -> Any:
    """The JSON answer, or None when the service is down, refused or answered outside `shape`."""
    try:
        body = await client.call("GET", path, caller, params=params)
        shape.model_validate(body)
    except (ServiceUnavailable, UpstreamRefused, ValidationError):
        return None
    return body


def _type_counts(body: dict[str, Any]) -> list[TypeCount]:
    return [
        TypeCount(t["message_type"], int(t["count"]), EventTypeCount.model_validate(t).last_at)
        for t in body.get("types", [])
    ]


def _deadlines(body: dict[str, Any]) -> DeadlineFigures:
    pending, lateness = body["pending"], body["lateness"]
    return DeadlineFigures(
        pending=pending["count"],
        overdue=pending["overdue"],
        next_due_at=pending["next_due_at"],
        **{k: lateness[k] for k in DeadlineFigures.model_fields if k in lateness},
    )
