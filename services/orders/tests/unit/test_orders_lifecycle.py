"""Order transitions: every allowed move and every refusal, with the history they leave."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from orders_builders import T0, bought, estimated, paid, placed, shipped

from daikou_contracts.catalogue.common import CustomerAction, OrderStatus
from daikou_kit.errors import Conflict
from daikou_orders.domain import lifecycle
from daikou_orders.domain.model import ItemStatus, Order, action_required

LATER = T0 + timedelta(hours=1)


def _cancel(order: Order, *, by_customer: bool) -> None:
    lifecycle.cancel(
        order, at=LATER, actor="x", reason="customer", note="", by_customer=by_customer
    )


@pytest.mark.parametrize("build", [placed, estimated])
def test_the_customer_cancels_before_the_first_payment(build: Callable[[], Order]) -> None:
    order = build()
    _cancel(order, by_customer=True)
    assert order.status is OrderStatus.CANCELLED
    assert order.cancelled_at == LATER
    assert all(i.status is ItemStatus.CANCELLED for i in order.items)
    assert order.history[-1].to_status == "cancelled"


@pytest.mark.parametrize("build", [paid, bought, shipped])
def test_the_customer_cannot_cancel_after_the_first_payment(build: Callable[[], Order]) -> None:
    order = build()
    before = order.status
    with pytest.raises(Conflict, match="before the 1st billing is paid"):
        _cancel(order, by_customer=True)
    assert order.status is before


def test_staff_cancel_any_time_before_shipment_but_not_after() -> None:
    order = bought()
    assert lifecycle.advance_to(
        order, OrderStatus.AT_WAREHOUSE, at=LATER, actor="w", reason="arrived"
    )
    lifecycle.cancel(
        order, at=LATER, actor="ops:x", reason="staff", note="cannot forward", by_customer=False
    )
    assert order.status is OrderStatus.CANCELLED
    assert order.cancel_note == "cannot forward"
    with pytest.raises(Conflict, match="not yet shipped"):
        _cancel(shipped(), by_customer=False)


def test_a_cancelled_order_cannot_be_cancelled_again() -> None:
    order = placed()
    _cancel(order, by_customer=True)
    with pytest.raises(Conflict):
        _cancel(order, by_customer=False)


def test_payment_starts_purchasing_once() -> None:
    order = estimated()
    assert lifecycle.start_purchasing(order, at=LATER, actor="payments")
    assert order.status is OrderStatus.PURCHASING
    assert order.first_billing_paid_at == LATER
    assert {i.status for i in order.items} == {ItemStatus.PURCHASING}
    assert not lifecycle.start_purchasing(order, at=LATER, actor="payments")
    assert len([h for h in order.history if h.to_status == "purchasing"]) == 1


@pytest.mark.parametrize("build", [placed, shipped])
def test_payment_outside_awaiting_first_payment_changes_nothing(build: Callable[[], Order]) -> None:
    order = build()
    before = (order.status, len(order.history))
    assert not lifecycle.start_purchasing(order, at=LATER, actor="payments")
    assert (order.status, len(order.history)) == before


def test_payment_of_a_cancelled_order_is_ignored() -> None:
    order = estimated()
    _cancel(order, by_customer=True)
    assert not lifecycle.start_purchasing(order, at=LATER, actor="payments")
    assert order.status is OrderStatus.CANCELLED


def test_warehouse_progress_only_moves_forward() -> None:
    order = bought()
    assert lifecycle.advance_to(order, OrderStatus.AT_WAREHOUSE, at=LATER, actor="w", reason="r")
    assert lifecycle.advance_to(
        order, OrderStatus.AWAITING_SECOND_PAYMENT, at=LATER, actor="w", reason="r"
    )
    assert not lifecycle.advance_to(
        order, OrderStatus.AT_WAREHOUSE, at=LATER, actor="w", reason="late"
    )
    assert not lifecycle.advance_to(
        order, OrderStatus.AWAITING_SECOND_PAYMENT, at=LATER, actor="w", reason="twice"
    )
    assert order.status is OrderStatus.AWAITING_SECOND_PAYMENT


def test_warehouse_facts_do_not_move_an_unpaid_or_cancelled_order() -> None:
    assert not lifecycle.advance_to(
        estimated(), OrderStatus.AT_WAREHOUSE, at=LATER, actor="w", reason="r"
    )
    order = paid()
    lifecycle.cancel(order, at=LATER, actor="ops", reason="staff", note="n", by_customer=False)
    assert not lifecycle.advance_to(order, OrderStatus.SHIPPED, at=LATER, actor="w", reason="r")


def test_shipping_sets_the_auto_complete_time_once() -> None:
    order = bought()
    due = LATER + timedelta(days=30)
    assert lifecycle.ship(order, at=LATER, actor="w", auto_complete_at=due)
    assert order.auto_complete_at == due
    assert not lifecycle.ship(order, at=LATER, actor="w", auto_complete_at=due + timedelta(days=1))
    assert order.auto_complete_at == due


def test_a_shipped_order_completes_once() -> None:
    order = shipped()
    lifecycle.complete(order, at=LATER, actor="scheduler", reason="auto_complete")
    assert order.status is OrderStatus.COMPLETED
    assert order.completion_reason == "auto_complete"
    with pytest.raises(Conflict, match="only a shipped order"):
        lifecycle.complete(order, at=LATER, actor="scheduler", reason="auto_complete")


def test_an_unshipped_order_cannot_complete() -> None:
    with pytest.raises(Conflict):
        lifecycle.complete(bought(), at=LATER, actor="x", reason="reception_report")


def test_the_second_payment_is_recorded_once_and_only_at_the_warehouse_or_later() -> None:
    order = bought()
    assert not lifecycle.record_second_payment(order, at=LATER)
    lifecycle.advance_to(
        order, OrderStatus.AWAITING_SECOND_PAYMENT, at=LATER, actor="w", reason="packed"
    )
    assert action_required(order) is CustomerAction.PAY_SECOND_BILLING
    assert lifecycle.record_second_payment(order, at=LATER)
    assert not lifecycle.record_second_payment(order, at=LATER)
    assert action_required(order) is None


def test_the_action_required_follows_the_status() -> None:
    assert action_required(placed()) is None
    assert action_required(estimated()) is CustomerAction.PAY_FIRST_BILLING
    assert action_required(paid()) is None
    order = bought()
    lifecycle.advance_to(order, OrderStatus.AT_WAREHOUSE, at=LATER, actor="w", reason="r")
    assert action_required(order) is None
    order.inspection_completed_at = LATER
    assert action_required(order) is CustomerAction.CHECK_PHOTOS
    order.photos_checked_at = LATER + timedelta(minutes=5)
    assert action_required(order) is None
    order.inspection_completed_at = LATER + timedelta(hours=1)  # re-inspected after an exchange
    assert action_required(order) is CustomerAction.CHECK_PHOTOS
    assert action_required(shipped()) is CustomerAction.REPORT_RECEPTION


def test_every_status_move_is_in_the_table() -> None:
    assert lifecycle.ALLOWED[OrderStatus.COMPLETED] == frozenset()
    assert lifecycle.ALLOWED[OrderStatus.CANCELLED] == frozenset()
    order = placed()
    with pytest.raises(Conflict, match="cannot become shipped"):
        lifecycle.move(order, OrderStatus.SHIPPED, at=LATER, actor="x", reason="r")
