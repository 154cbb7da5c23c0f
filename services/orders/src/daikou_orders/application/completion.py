"""Completing an order (reception report or auto-complete) and the order's deadlines."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import (
    CompletionReason,
    CustomerReminderDue,
    OrderCancelReason,
    OrderCompleted,
    ReceptionReported,
    ReceptionResult,
    ReminderKind,
)
from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden
from daikou_orders.application import deadlines
from daikou_orders.application.changes import cancel_whole_order
from daikou_orders.application.common import (
    AUTO_COMPLETE,
    PAYMENT_DEADLINE,
    PAYMENT_REMINDER,
    RECEPTION_REMINDER,
    cancel_deadlines,
    load_for,
    load_for_fact,
    save,
    who,
)
from daikou_orders.application.ports import OrderStore, OrdersUnit
from daikou_orders.domain import lifecycle
from daikou_orders.domain.model import Order
from daikou_orders.domain.reception import ReceptionReport
from daikou_orders.domain.reception import report_reception as domain_report

log = logging.getLogger(__name__)


async def report_reception(
    uow: OrdersUnit,
    actor: Actor,
    order_id: UUID,
    *,
    result: ReceptionResult,
    comment: str,
    public: bool,
    attachment_ids: list[UUID],
) -> tuple[Order, ReceptionReport]:
    """The customer reports reception: the order completes; a problem opens the problem thread."""
    if actor.role is not Role.CUSTOMER:
        raise Forbidden("only the customer reports reception", code="customers_only")
    repo, order = await load_for(uow, order_id, actor)
    now = uow.clock.now()
    report = domain_report(
        order,
        result=result,
        comment=comment,
        public=public,
        attachment_ids=attachment_ids,
        at=now,
        actor=who(actor),
    )
    await repo.add_report(report)
    uow.emit(
        ReceptionReported(
            order_id=order_id,
            customer_id=order.customer_id,
            result=result,
            comment=report.comment,
            public=report.public,
            attachment_ids=report.attachment_ids,
            reported_at=now,
        )
    )
    _completed(uow, order, CompletionReason.RECEPTION_REPORT)
    await save(uow, repo, order)
    return order, report


def _completed(uow: OrdersUnit, order: Order, reason: CompletionReason) -> None:
    uow.emit(
        OrderCompleted(
            order_id=order.order_id,
            customer_id=order.customer_id,
            reason=reason,
            completed_at=uow.clock.now(),
        )
    )
    cancel_deadlines(uow, order, AUTO_COMPLETE, RECEPTION_REMINDER)


Reaction = Callable[[OrdersUnit, OrderStore, Order, DeadlineReached], Awaitable[bool]]


async def _payment_deadline(
    uow: OrdersUnit, repo: OrderStore, order: Order, fact: DeadlineReached
) -> bool:
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT or _stale(order.payment_due_at, fact):
        return False
    if await deadlines.payment_held(uow, order):
        return False  # a reported transfer waits for staff; their decision sets the next deadline
    cancel_whole_order(
        uow,
        order,
        actor="scheduler",
        reason=OrderCancelReason.PAYMENT_DEADLINE,
        note="the 1st billing was not paid in time",
        by_customer=False,
    )
    return True


async def _payment_reminder(
    uow: OrdersUnit, repo: OrderStore, order: Order, fact: DeadlineReached
) -> bool:
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT or order.payment_due_at is None:
        return False
    uow.emit(
        CustomerReminderDue(
            order_id=order.order_id,
            customer_id=order.customer_id,
            kind=ReminderKind.PAY_FIRST_BILLING,
            deadline_at=order.payment_due_at,
        )
    )
    return False  # nothing of the order itself changed


async def _auto_complete(
    uow: OrdersUnit, repo: OrderStore, order: Order, fact: DeadlineReached
) -> bool:
    if order.status is not OrderStatus.SHIPPED or _stale(order.auto_complete_at, fact):
        return False
    lifecycle.complete(
        order, at=uow.clock.now(), actor="scheduler", reason=CompletionReason.AUTO_COMPLETE.value
    )
    _completed(uow, order, CompletionReason.AUTO_COMPLETE)
    return True


async def _reception_reminder(
    uow: OrdersUnit, repo: OrderStore, order: Order, fact: DeadlineReached
) -> bool:
    if order.status is not OrderStatus.SHIPPED or order.auto_complete_at is None:
        return False
    uow.emit(
        CustomerReminderDue(
            order_id=order.order_id,
            customer_id=order.customer_id,
            kind=ReminderKind.REPORT_RECEPTION,
            deadline_at=order.auto_complete_at,
        )
    )
    return False


def _stale(due: datetime | None, fact: DeadlineReached) -> bool:
    """A firing scheduled for an earlier due time than the order's current one does not count."""
    return due is None or fact.due_at < due


REACTIONS: dict[str, Reaction] = {
    PAYMENT_DEADLINE: _payment_deadline,
    PAYMENT_REMINDER: _payment_reminder,
    AUTO_COMPLETE: _auto_complete,
    RECEPTION_REMINDER: _reception_reminder,
    deadlines.SECOND_PAYMENT_REMINDER: deadlines.second_payment_reminder,
}


async def on_deadline_reached(uow: OrdersUnit, fact: DeadlineReached) -> None:
    """A deadline of ours fired: re-check the order's state, then act or do nothing."""
    reaction = REACTIONS.get(fact.kind)
    order_id = _order_id(fact)
    if reaction is None or order_id is None:
        log.warning("deadline %s (%s) is not one of ours; ignored", fact.deadline_id, fact.kind)
        return
    repo, order = await load_for_fact(uow, order_id)
    if order is None:
        log.warning("deadline %s for unknown order ignored", fact.deadline_id)
        return
    if await reaction(uow, repo, order, fact):
        await save(uow, repo, order)
    else:
        log.info(
            "deadline %s: order %s is %s, nothing to do",
            fact.deadline_id,
            order.order_number,
            order.status,
        )


def _order_id(fact: DeadlineReached) -> UUID | None:
    try:
        return UUID(str(fact.payload.get("order_id")))
    except ValueError:
        return None
