"""The scheduler service's message consumers: they only translate messages into use cases."""

from __future__ import annotations

from datetime import datetime, timedelta

from daikou_contracts.catalogue.scheduler import CancelDeadline, ScheduleDeadline
from daikou_kit.consumer import QueueSpec, Subscription
from daikou_kit.unit_of_work import UnitOfWork
from daikou_scheduler.application.commands import cancel_deadline, schedule_deadline
from daikou_scheduler.domain.deadline import ScheduleRequest

COMMANDS_QUEUE = "commands"


def _issued_at(uow: UnitOfWork) -> datetime:
    """When the requester issued the command: the order of intents per id follows it."""
    return uow.incoming.occurred_at if uow.incoming else uow.clock.now()


def queues(wake_horizon: timedelta = timedelta(seconds=5)) -> list[QueueSpec]:
    """The queues the scheduler service consumes, and what each handles."""

    async def on_schedule(uow: UnitOfWork, command: ScheduleDeadline) -> None:
        request = ScheduleRequest(
            deadline_id=command.deadline_id,
            requester=command.requester,
            kind=command.kind,
            due_at=command.due_at,
            payload=command.payload,
            issued_at=_issued_at(uow),
            correlation_id=uow.correlation_id,
            causation_id=uow.causation_id,
        )
        await schedule_deadline(uow, request, wake_horizon)

    async def on_cancel(uow: UnitOfWork, command: CancelDeadline) -> None:
        await cancel_deadline(uow, command.deadline_id, _issued_at(uow), uow.correlation_id)

    return [
        QueueSpec(
            COMMANDS_QUEUE,
            [Subscription(ScheduleDeadline, on_schedule), Subscription(CancelDeadline, on_cancel)],
        )
    ]
