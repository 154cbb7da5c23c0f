"""Use cases of the scheduling commands: schedule (or replace) and cancel a deadline."""

from __future__ import annotations

import logging
from datetime import datetime

from daikou_scheduler.application.ports import SchedulerUnit
from daikou_scheduler.domain import deadline as rules
from daikou_scheduler.domain.deadline import Outcome, ScheduleRequest

log = logging.getLogger(__name__)


async def schedule_deadline(uow: SchedulerUnit, request: ScheduleRequest) -> Outcome:
    """Store a deadline or replace it with a newer request; wake the firing loops if it is soon."""
    repo = uow.deadlines
    now = uow.clock.now()
    current = await repo.get(request.deadline_id, for_update=True)
    if current is None and await repo.insert(rules.new_deadline(request, now)):
        outcome = Outcome.CREATED
    else:
        current = current or await repo.get(request.deadline_id, for_update=True)
        if current is None:  # inserted and purged in between: nothing sensible left to keep
            raise RuntimeError(f"deadline {request.deadline_id} vanished while scheduling")
        updated, outcome = rules.schedule(current, request, now)
        if outcome is Outcome.REPLACED:
            await repo.update(updated)
    if outcome is not Outcome.STALE and rules.is_soon(
        request.due_at, now, uow.settings.wake_horizon
    ):
        await repo.wake_firing()
    log.info("deadline %s: schedule %s (due %s)", request.deadline_id, outcome, request.due_at)
    return outcome


async def cancel_deadline(
    uow: SchedulerUnit, deadline_id: str, issued_at: datetime, correlation_id: str
) -> Outcome:
    """Cancel a deadline; unknown ids get a tombstone so an older schedule cannot revive them."""
    repo = uow.deadlines
    now = uow.clock.now()
    current = await repo.get(deadline_id, for_update=True)
    if current is None and await repo.insert(
        rules.tombstone(deadline_id, issued_at, correlation_id, now)
    ):
        outcome = Outcome.CANCELLED
    else:
        current = current or await repo.get(deadline_id, for_update=True)
        if current is None:
            raise RuntimeError(f"deadline {deadline_id} vanished while cancelling")
        updated, outcome = rules.cancel(current, issued_at, now)
        if updated is not current:
            await repo.update(updated)
    log.info("deadline %s: cancel %s", deadline_id, outcome)
    return outcome
