"""Deadlines that respect the customer and the calendar.

- The calendar copy: payments owns the business calendar and publishes every change as a whole
  snapshot; this service keeps the newest one and computes the customer's deadlines with it.
- A reported bank transfer holds the 1st billing's payment deadline: the deadline is cancelled at
  the scheduler and a firing that still arrives does nothing while a report waits. When staff reject
  the last waiting report (or confirm less than was due), the customer gets a fresh deadline: the
  end of the `PAYMENT_GRACE_BUSINESS_DAYS`-th business day, never earlier than the original one.
  A confirmed transfer that pays the billing moves the order on as any payment does.
- The 2nd billing: the customer is reminded when it is unpaid `SECOND_PAYMENT_REMINDERS` after it
  was issued (3 and 7 days); the reminder is published as `SecondBillingReminderDue`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import SecondBillingReminderDue
from daikou_contracts.catalogue.payments import (
    BusinessCalendarChanged,
    TransferConfirmed,
    TransferRejected,
    TransferReported,
)
from daikou_contracts.catalogue.scheduler import CancelDeadline, DeadlineReached, ScheduleDeadline
from daikou_orders.application.common import (
    PAYMENT_DEADLINE,
    PAYMENT_REMINDER,
    SERVICE,
    cancel_deadlines,
    load_for_fact,
    save,
    schedule,
    source,
)
from daikou_orders.application.ports import OrderStore, OrdersUnit
from daikou_orders.domain.model import HistoryEntry, Order

log = logging.getLogger(__name__)
SECOND_PAYMENT_REMINDER = "second_payment_reminder"


async def on_calendar_changed(uow: OrdersUnit, fact: BusinessCalendarChanged) -> None:
    """Keep the owner's newest calendar; an older snapshot arriving late is ignored."""
    if not await uow.calendar.replace(fact):
        log.info("calendar revision %s is not newer than ours; ignored", fact.revision)


async def on_transfer_reported(uow: OrdersUnit, fact: TransferReported) -> None:
    """A transfer reported before the deadline holds it until staff decide."""
    repo, order = await load_for_fact(uow, fact.order_id)
    now = uow.clock.now()
    if order is None or order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        return  # the 2nd billing has no deadline; a paid or cancelled order has none left
    reported_at = min(uow.incoming.occurred_at, now) if uow.incoming else now
    if order.payment_due_at is None or reported_at > order.payment_due_at:
        log.info("order %s: transfer reported after the deadline holds nothing", order.order_number)
        return
    if not await uow.calendar.hold(order.order_id, fact.transfer_id, reported_at):
        return
    cancel_deadlines(uow, order, PAYMENT_DEADLINE, PAYMENT_REMINDER)
    _note(order, uow, "payment_deadline_held", "a bank transfer was reported; waiting for staff")
    await save(uow, repo, order)


async def on_transfer_rejected(uow: OrdersUnit, fact: TransferRejected) -> None:
    """Staff could not find the transfer: its hold ends."""
    await _release(uow, fact.order_id, fact.transfer_id, "rejected")


async def on_transfer_confirmed(uow: OrdersUnit, fact: TransferConfirmed) -> None:
    """Staff confirmed it (a full payment also arrives as BillingPaid and moves the order on)."""
    await _release(uow, fact.order_id, fact.transfer_id, "confirmed")


async def _release(uow: OrdersUnit, order_id: UUID, transfer_id: UUID, how: str) -> None:
    """Release a transfer's hold; the last release gives the customer a fresh deadline."""
    now = uow.clock.now()
    if not await uow.calendar.release(transfer_id, now, how):
        return
    repo, order = await load_for_fact(uow, order_id)
    if order is None or order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        return
    if await uow.calendar.open_holds(order_id):
        return  # another report still waits
    calendar = await uow.calendar.load()
    due = max(order.payment_due_at or now, uow.policy.payment_grace(calendar, now))
    order.payment_due_at = due
    schedule(uow, order, PAYMENT_DEADLINE, due)
    reminder = max(now, due - uow.policy.payment_reminder_before)
    schedule(uow, order, PAYMENT_REMINDER, reminder)
    why = f"the bank transfer was {how} but the 1st billing is unpaid; pay by {due:%Y-%m-%d %H:%M} UTC"
    _note(order, uow, "payment_deadline_extended", why)
    await save(uow, repo, order)


@dataclass(frozen=True)
class DeadlineHold:
    """What the customer sees of the payment deadline: held by a reported transfer, or the grace
    period after staff's decision left the 1st billing unpaid."""

    held_since: datetime | None = None
    grace_until: datetime | None = None


async def deadline_hold(uow: OrdersUnit, order: Order) -> DeadlineHold:
    """The hold or grace of an order still awaiting its 1st payment (nothing for any other)."""
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        return DeadlineHold()
    since, decided = await uow.calendar.hold_state(order.order_id)
    if since is not None:
        return DeadlineHold(held_since=since)
    return DeadlineHold(grace_until=order.payment_due_at if decided else None)


async def payment_held(uow: OrdersUnit, order: Order) -> bool:
    """True while a reported transfer holds the order's payment deadline."""
    return await uow.calendar.open_holds(order.order_id) > 0


def schedule_second_payment_reminders(uow: OrdersUnit, order: Order) -> None:
    """Ask for the 2nd billing's reminders (3 and 7 days by default) as it is issued."""
    now = uow.clock.now()
    for after in uow.policy.second_payment_reminders:
        uow.emit(
            ScheduleDeadline(
                deadline_id=_reminder_id(order.order_id, after),
                requester=SERVICE,
                kind=SECOND_PAYMENT_REMINDER,
                due_at=now + after,
                payload={
                    "order_id": str(order.order_id),
                    "unpaid_since": now.isoformat(),
                    "after_s": int(after.total_seconds()),
                },
            )
        )


def cancel_second_payment_reminders(uow: OrdersUnit, order: Order) -> None:
    """The 2nd billing is paid (or the order ended): its reminders no longer apply."""
    for after in uow.policy.second_payment_reminders:
        uow.emit(CancelDeadline(deadline_id=_reminder_id(order.order_id, after)))


async def second_payment_reminder(
    uow: OrdersUnit, repo: OrderStore, order: Order, fact: DeadlineReached
) -> bool:
    """Remind the customer of an unpaid 2nd billing (re-checked: paid or gone, nothing is sent)."""
    if order.status is not OrderStatus.AWAITING_SECOND_PAYMENT or order.second_billing_paid_at:
        return False
    since = _since(fact, order)
    days = max(1, round((fact.due_at - since) / timedelta(days=1)))
    uow.emit(
        SecondBillingReminderDue(
            order_id=order.order_id,
            customer_id=order.customer_id,
            unpaid_since=since,
            unpaid_days=days,
        )
    )
    return False


def _since(fact: DeadlineReached, order: Order) -> datetime:
    try:
        return datetime.fromisoformat(str(fact.payload["unpaid_since"]))
    except (KeyError, ValueError):
        return order.placed_at


def _reminder_id(order_id: UUID, after: timedelta) -> str:
    return f"order:{order_id}:second-payment-reminder-{int(after.total_seconds())}s"


def _note(order: Order, uow: OrdersUnit, what: str, why: str) -> None:
    order.record(
        HistoryEntry(
            at=uow.clock.now(),
            actor=source(uow),
            what=what,
            to_status=order.status,
            from_status=order.status,
            reason=why[:500],
        )
    )
