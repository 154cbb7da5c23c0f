"""Keep messaging's view of each order from orders' facts; close the window when its deadline comes."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import (
    ItemCancelled,
    OrderCancelled,
    OrderCompleted,
    OrderPlaced,
    OrderStatusChanged,
    PurchasingStarted,
)
from daikou_contracts.catalogue.scheduler import DeadlineReached, ScheduleDeadline
from daikou_messaging.application.ports import MessagingUnit
from daikou_messaging.domain.thread import ThreadKind
from daikou_messaging.domain.window import window_deadline_id

log = logging.getLogger(__name__)

REQUESTER = "messaging"
WINDOW_CLOSE = "window_close"


def _occurred_at(uow: MessagingUnit) -> datetime:
    return uow.incoming.occurred_at if uow.incoming else uow.clock.now()


async def order_placed(uow: MessagingUnit, fact: OrderPlaced) -> None:
    """Open the order's view and its thread; its items start pre-payment."""
    now = uow.clock.now()
    view = await uow.order_views.ensure(fact.order_id, fact.customer_id, now)
    view.order_number = fact.order_number
    if view.status is None:
        view.apply_status(OrderStatus.APPLIED, fact.placed_at)
    for item in fact.items:
        view.pre_payment_items.setdefault(item.item_id, view.is_pre_payment)
    await uow.order_views.save(view, now)
    await uow.threads.open(uow.new_id(), fact.order_id, ThreadKind.ORDER, now)


async def move_status(
    uow: MessagingUnit,
    *,
    order_id: UUID,
    customer_id: UUID,
    to_status: OrderStatus,
    at: datetime,
) -> None:
    """Move the view forward; the first terminal status schedules the window's close."""
    now = uow.clock.now()
    view = await uow.order_views.ensure(order_id, customer_id, now)
    if not view.apply_status(to_status, at):
        log.info("order %s: %s at %s is not newer than %s", order_id, to_status, at, view.status)
        return
    await uow.order_views.save(view, now)
    if view.is_terminal and view.ended_at is not None:
        _schedule_close(uow, order_id, view.ended_at + uow.settings.window_period)


async def status_changed(uow: MessagingUnit, fact: OrderStatusChanged) -> None:
    """Follow the order's status."""
    await move_status(
        uow,
        order_id=fact.order_id,
        customer_id=fact.customer_id,
        to_status=fact.to_status,
        at=fact.changed_at,
    )


async def order_cancelled(uow: MessagingUnit, fact: OrderCancelled) -> None:
    """The order is cancelled."""
    await move_status(
        uow,
        order_id=fact.order_id,
        customer_id=fact.customer_id,
        to_status=OrderStatus.CANCELLED,
        at=fact.cancelled_at,
    )


async def order_completed(uow: MessagingUnit, fact: OrderCompleted) -> None:
    """The order is completed."""
    await move_status(
        uow,
        order_id=fact.order_id,
        customer_id=fact.customer_id,
        to_status=OrderStatus.COMPLETED,
        at=fact.completed_at,
    )


async def purchasing_started(uow: MessagingUnit, fact: PurchasingStarted) -> None:
    """The 1st billing is paid: no item is pre-payment any more."""
    now = uow.clock.now()
    view = await uow.order_views.ensure(fact.order_id, fact.customer_id, now)
    for item in fact.items:
        view.pre_payment_items[item.item_id] = False
    view.apply_status(OrderStatus.PURCHASING, _occurred_at(uow))
    await uow.order_views.save(view, now)


async def item_cancelled(uow: MessagingUnit, fact: ItemCancelled) -> None:
    """A cancelled item can no longer get a purchase condition."""
    now = uow.clock.now()
    view = await uow.order_views.ensure(fact.order_id, fact.customer_id, now)
    view.pre_payment_items[fact.item_id] = False
    await uow.order_views.save(view, now)


async def deadline_reached(uow: MessagingUnit, fact: DeadlineReached) -> None:
    """Close the order's window if it has really ended (a stray firing does nothing)."""
    if fact.kind != WINDOW_CLOSE:
        log.warning("ignoring deadline %s of unknown kind %s", fact.deadline_id, fact.kind)
        return
    order_id = _order_of(fact)
    view = await uow.order_views.load(order_id, lock=True) if order_id else None
    if view is None or view.ended_at is None or view.window_closed_at is not None:
        log.info("deadline %s: nothing to close", fact.deadline_id)
        return
    now = uow.clock.now()
    period = uow.settings.window_period
    if now < view.ended_at + period:
        # The period was lengthened since the deadline was asked for: ask again for the right time.
        _schedule_close(uow, view.order_id, view.ended_at + period)
        return
    view.window_closed_at = now
    await uow.order_views.save(view, now)


def _schedule_close(uow: MessagingUnit, order_id: UUID, due_at: datetime) -> None:
    uow.emit(
        ScheduleDeadline(
            deadline_id=window_deadline_id(order_id),
            requester=REQUESTER,
            kind=WINDOW_CLOSE,
            due_at=due_at,
            payload={"order_id": str(order_id)},
        )
    )


def _order_of(fact: DeadlineReached) -> UUID | None:
    parts = fact.deadline_id.split(":")
    raw = fact.payload.get("order_id") or (parts[1] if len(parts) == 3 else "")
    try:
        return UUID(str(raw))
    except ValueError:
        return None
