"""Nothing stalls silently: which waits of an order are overdue, as flags for the staff lists."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_contracts.catalogue.common import OrderStatus
from daikou_orders.domain.model import Order


class Stall(StrEnum):
    """A wait that went on too long."""

    ESTIMATE_OVERDUE = "estimate_overdue"
    PURCHASE_CONDITION_UNANSWERED = "purchase_condition_unanswered"
    SECOND_BILLING_UNPAID = "second_billing_unpaid"
    MESSAGE_DEAD_LETTERED = "message_dead_lettered"
    """Not a wait: a service dead-lettered a message about the order (set by the application)."""


def stalls(
    order: Order,
    calendar: BusinessCalendar,
    now: datetime,
    *,
    second_unpaid_after: timedelta,
    packed_at: datetime | None,
) -> list[Stall]:
    """The order's overdue waits, in a fixed order.

    - an order still waiting for its estimate after the end of the next business day (JST) after
      it was placed;
    - a purchase condition unanswered after the end of the next business day after it was asked;
    - a 2nd billing unpaid `second_unpaid_after` (7 days) after it was issued (the order packed,
      `packed_at`: when it entered `awaiting_second_payment`).
    """
    found: list[Stall] = []
    if order.status is OrderStatus.APPLIED and now >= _one_business_day(calendar, order.placed_at):
        found.append(Stall.ESTIMATE_OVERDUE)
    asked = [i.condition.set_at for i in order.live_items if i.condition and i.condition.pending]
    if order.status in {
        OrderStatus.APPLIED,
        OrderStatus.AWAITING_FIRST_PAYMENT,
        OrderStatus.PURCHASING,
    } and any(now >= _one_business_day(calendar, at) for at in asked):
        found.append(Stall.PURCHASE_CONDITION_UNANSWERED)
    waiting = (
        order.status is OrderStatus.AWAITING_SECOND_PAYMENT and not order.second_billing_paid_at
    )
    if waiting and packed_at is not None and now >= packed_at + second_unpaid_after:
        found.append(Stall.SECOND_BILLING_UNPAID)
    return found


def _one_business_day(calendar: BusinessCalendar, since: datetime) -> datetime:
    return calendar.deadline_after_business_days(since, 1)
