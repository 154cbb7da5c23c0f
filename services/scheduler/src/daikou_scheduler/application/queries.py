"""Use cases of the ops API: one deadline, deadlines by id prefix, the figures."""

from __future__ import annotations

from datetime import timedelta

from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, NotFound
from daikou_scheduler.application.ports import SchedulerUnit
from daikou_scheduler.domain.deadline import Deadline, Status
from daikou_scheduler.domain.stats import Stats


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise Forbidden("deadlines are for staff only")


async def get_deadline(uow: SchedulerUnit, actor: Actor, deadline_id: str) -> Deadline:
    """One deadline by id."""
    _require_staff(actor)
    deadline = await uow.deadlines.get(deadline_id)
    if deadline is None:
        raise NotFound(f"no deadline {deadline_id}")
    return deadline


async def list_deadlines(
    uow: SchedulerUnit, actor: Actor, prefix: str, status: Status | None, limit: int
) -> list[Deadline]:
    """Deadlines whose id starts with `prefix` (e.g. `order:<id>:`)."""
    _require_staff(actor)
    return await uow.deadlines.list_by_prefix(prefix, status, limit)


async def stats(uow: SchedulerUnit, actor: Actor, window_hours: int | None = None) -> Stats:
    """Pending figures now and lateness figures over the recent window (the settings' by default)."""
    _require_staff(actor)
    repo = uow.deadlines
    window = timedelta(hours=window_hours or uow.settings.stats_window_hours)
    late_threshold = uow.settings.late_threshold
    now = uow.clock.now()
    threshold_ms = late_threshold // timedelta(milliseconds=1)
    return Stats(
        as_of=now,
        window=window,
        late_threshold=late_threshold,
        pending=await repo.pending_figures(now),
        lateness=await repo.lateness_figures(now - window, threshold_ms),
    )
