"""Use cases of the ops API: one deadline, deadlines by id prefix, the figures."""

from __future__ import annotations

from datetime import timedelta

from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, NotFound
from daikou_kit.unit_of_work import UnitOfWork
from daikou_scheduler.adapters.deadlines import DeadlineRepository
from daikou_scheduler.domain.deadline import Deadline, Status
from daikou_scheduler.domain.stats import Stats


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise Forbidden("deadlines are for staff only")


async def get_deadline(uow: UnitOfWork, actor: Actor, deadline_id: str) -> Deadline:
    """One deadline by id."""
    _require_staff(actor)
    deadline = await DeadlineRepository(uow.conn).get(deadline_id)
    if deadline is None:
        raise NotFound(f"no deadline {deadline_id}")
    return deadline


async def list_deadlines(
    uow: UnitOfWork, actor: Actor, prefix: str, status: Status | None, limit: int
) -> list[Deadline]:
    """Deadlines whose id starts with `prefix` (e.g. `order:<id>:`)."""
    _require_staff(actor)
    return await DeadlineRepository(uow.conn).list_by_prefix(prefix, status, limit)


async def stats(
    uow: UnitOfWork, actor: Actor, window: timedelta, late_threshold: timedelta
) -> Stats:
    """Pending figures now and lateness figures over the recent window."""
    _require_staff(actor)
    repo = DeadlineRepository(uow.conn)
    now = uow.clock.now()
    threshold_ms = late_threshold // timedelta(milliseconds=1)
    return Stats(
        as_of=now,
        window=window,
        late_threshold=late_threshold,
        pending=await repo.pending_figures(now),
        lateness=await repo.lateness_figures(now - window, threshold_ms),
    )
