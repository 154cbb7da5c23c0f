"""Shaping orders into HTTP responses."""

from __future__ import annotations

from collections.abc import Sequence

from daikou_orders.application.deadlines import DeadlineHold
from daikou_orders.domain.billing import first_billing
from daikou_orders.domain.model import Item, Order, action_required
from daikou_orders.domain.reception import ReceptionReport
from daikou_orders.entrypoints.schemas import (
    ConditionOut,
    EstimateOut,
    FeeRuleOut,
    HistoryOut,
    ItemOut,
    OrderOut,
    OrderSummaryOut,
    ReceptionOut,
    ShipmentOut,
)


def item_out(order: Order, item: Item) -> ItemOut:
    """An item as the API shows it."""
    c = item.condition
    rate = order.estimate.rate if order.estimate else None
    return ItemOut(
        item_id=item.item_id,
        position=item.position,
        marketplace=item.marketplace,
        url=item.url,
        title=item.title,
        options=item.options,
        quantity=item.quantity,
        status=item.status.value,
        expected_unit_price=item.expected_unit_price,
        unit_price=item.unit_price,
        domestic_shipping=item.domestic_shipping,
        unit_price_jpy=rate.convert(item.unit_price) if rate and item.unit_price else None,
        purchase_condition=None
        if c is None
        else ConditionOut(
            question=c.question,
            set_at=c.set_at,
            answer=c.answer,
            proceed=c.proceed,
            answered_at=c.answered_at,
        ),
        held=item.held,
    )


def estimate_out(order: Order, hold: DeadlineHold | None = None) -> EstimateOut | None:
    """The estimate with the current 1st-billing lines."""
    e = order.estimate
    if e is None:
        return None
    billing = first_billing(order)
    return EstimateOut(
        rate=e.rate,
        service_fee_rule=FeeRuleOut(
            rate_bp=e.fee_rate_bp, minimum=e.fee_minimum, fixed=e.fee_override
        ),
        lines=billing.lines,
        total=billing.total,
        billing_revision=order.billing_revision,
        estimated_at=e.estimated_at,
        payment_due_at=order.payment_due_at,
        payment_deadline_held_since=hold.held_since if hold else None,
        payment_grace_until=hold.grace_until if hold else None,
    )


def order_out(
    order: Order, report: ReceptionReport | None = None, hold: DeadlineHold | None = None
) -> OrderOut:
    """The whole order."""
    s = order.shipment
    return OrderOut(
        order_id=order.order_id,
        order_number=order.order_number,
        customer_id=order.customer_id,
        status=order.status,
        action_required=action_required(order),
        placed_at=order.placed_at,
        address=order.address,
        shipping_preference=order.shipping_preference,
        items=[item_out(order, i) for i in order.items],
        estimate=estimate_out(order, hold),
        first_billing_paid_at=order.first_billing_paid_at,
        inspection_completed_at=order.inspection_completed_at,
        photos_checked_at=order.photos_checked_at,
        second_billing_paid_at=order.second_billing_paid_at,
        shipment=None
        if s is None
        else ShipmentOut(
            carrier=s.carrier,
            method=s.method,
            tracking_numbers=list(s.tracking_numbers),
            dispatched_at=s.dispatched_at,
        ),
        auto_complete_at=order.auto_complete_at,
        completed_at=order.completed_at,
        completion_reason=order.completion_reason,
        cancelled_at=order.cancelled_at,
        cancel_reason=order.cancel_reason,
        cancel_note=order.cancel_note,
        reception_report=None
        if report is None
        else ReceptionOut(
            result=report.result,
            comment=report.comment,
            public=report.public,
            attachment_ids=report.attachment_ids,
            reported_at=report.reported_at,
        ),
        history=[
            HistoryOut(
                at=h.at,
                actor=h.actor,
                what=h.what,
                from_status=h.from_status,
                to_status=h.to_status,
                reason=h.reason,
                item_id=h.item_id,
            )
            for h in order.history
        ],
    )


def summary_out(order: Order, flags: Sequence[str] = ()) -> OrderSummaryOut:
    """An order in a list (with its overdue waits for staff)."""
    live = order.live_items
    return OrderSummaryOut(
        order_id=order.order_id,
        order_number=order.order_number,
        customer_id=order.customer_id,
        status=order.status,
        action_required=action_required(order),
        placed_at=order.placed_at,
        item_count=len(live),
        first_item_title=(live or order.items)[0].title,
        total=first_billing(order).total if order.estimate and live else None,
        flags=list(flags),
    )
