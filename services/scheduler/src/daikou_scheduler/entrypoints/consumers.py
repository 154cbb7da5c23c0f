"""The scheduler service's message consumers: they only translate messages into use cases."""

from __future__ import annotations

from datetime import datetime

from daikou_contracts.catalogue.scheduler import CancelDeadline, ScheduleDeadline
from daikou_kit.consumer import OnUnit, QueueSpec, Subscription
from daikou_scheduler.adapters.unit_of_work import SchedulerUnitOfWork
from daikou_scheduler.application.commands import cancel_deadline, schedule_deadline
from daikou_scheduler.application.ports import SchedulerUnit
from daikou_scheduler.domain.deadline import ScheduleRequest

COMMANDS_QUEUE = "commands"


def _issued_at(uow: SchedulerUnit) -> datetime:
    """When the requester issued the command: the order of intents per id follows it."""
    return uow.incoming.occurred_at if uow.incoming else uow.clock.now()


async def on_schedule(uow: SchedulerUnit, command: ScheduleDeadline) -> None:
    """Schedule (or replace) the deadline the command asks for."""
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
    await schedule_deadline(uow, request)


async def on_cancel(uow: SchedulerUnit, command: CancelDeadline) -> None:
    """Cancel the deadline the command names."""
    await cancel_deadline(uow, command.deadline_id, _issued_at(uow), uow.correlation_id)


def queues(on: OnUnit[SchedulerUnitOfWork]) -> list[QueueSpec]:
    """The queues the scheduler service consumes, and what each handles."""
    return [
        QueueSpec(
            COMMANDS_QUEUE,
            [
                Subscription(ScheduleDeadline, on(on_schedule)),
                Subscription(CancelDeadline, on(on_cancel)),
            ],
        )
    ]
