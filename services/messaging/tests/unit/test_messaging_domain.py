"""The order view's status order, the messaging window and the posting rules (no I/O)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_kit.errors import Forbidden, NotFound
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.posting import (
    Author,
    ItemNotPrePayment,
    WindowClosed,
    check_can_post,
    check_can_see,
    check_purchase_condition,
)
from daikou_messaging.domain.thread import unread_for
from daikou_messaging.domain.window import window_deadline_id, window_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PERIOD = timedelta(days=30)


def view(status: OrderStatus | None = OrderStatus.APPLIED, items: int = 1) -> OrderView:
    v = OrderView(order_id=uuid.uuid4(), customer_id=uuid.uuid4())
    v.pre_payment_items = {uuid.uuid4(): True for _ in range(items)}
    if status is not None:
        v.apply_status(status, T0)
    return v


def customer_of(v: OrderView) -> Author:
    return Author(v.customer_id, AuthorRole.CUSTOMER)


STAFF = Author(uuid.uuid4(), AuthorRole.STAFF)


def test_status_moves_forward_only() -> None:
    v = view(OrderStatus.PURCHASING)

    assert v.apply_status(OrderStatus.SHIPPED, T0 + timedelta(days=5))
    assert not v.apply_status(OrderStatus.AT_WAREHOUSE, T0 + timedelta(days=6))
    assert not v.apply_status(OrderStatus.SHIPPED, T0 + timedelta(days=7))
    assert v.status is OrderStatus.SHIPPED
    assert v.status_changed_at == T0 + timedelta(days=5)


def test_first_terminal_status_wins() -> None:
    v = view(OrderStatus.SHIPPED)

    assert v.apply_status(OrderStatus.COMPLETED, T0 + timedelta(days=1))
    assert not v.apply_status(OrderStatus.CANCELLED, T0 + timedelta(days=2))
    assert v.status is OrderStatus.COMPLETED
    assert v.ended_at == T0 + timedelta(days=1)


def test_paying_ends_pre_payment_of_every_item() -> None:
    v = view(OrderStatus.AWAITING_FIRST_PAYMENT, items=2)
    item = next(iter(v.pre_payment_items))
    assert v.item_is_pre_payment(item)

    v.apply_status(OrderStatus.PURCHASING, T0)

    assert not v.item_is_pre_payment(item)
    assert set(v.pre_payment_items.values()) == {False}


def test_window_open_while_ongoing() -> None:
    window = window_of(view(OrderStatus.SHIPPED), T0 + timedelta(days=400), PERIOD)

    assert window.open
    assert window.closes_at is None


@pytest.mark.parametrize(("days", "is_open"), [(0, True), (29, True), (30, False), (31, False)])
def test_window_after_completion_judged_by_clock(days: int, is_open: bool) -> None:
    v = view(OrderStatus.SHIPPED)
    v.apply_status(OrderStatus.COMPLETED, T0)

    window = window_of(v, T0 + timedelta(days=days), PERIOD)

    assert window.open is is_open
    assert window.closes_at == T0 + PERIOD


def test_window_closed_by_deadline_stays_closed() -> None:
    v = view(OrderStatus.CANCELLED)
    v.window_closed_at = T0 + timedelta(days=20)

    window = window_of(v, T0 + timedelta(days=21), PERIOD)

    assert not window.open
    assert window.closes_at == T0 + timedelta(days=20)


def test_window_deadline_id() -> None:
    order_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert window_deadline_id(order_id) == f"order:{order_id}:messaging-window"


def test_customers_see_only_their_orders() -> None:
    v = view()

    assert check_can_see(v, customer_of(v)) is v
    assert check_can_see(v, STAFF) is v
    with pytest.raises(NotFound):
        check_can_see(v, Author(uuid.uuid4(), AuthorRole.CUSTOMER))
    with pytest.raises(NotFound):
        check_can_see(None, STAFF)


def test_customer_refused_after_window_staff_not() -> None:
    v = view(OrderStatus.COMPLETED)
    closed = window_of(v, T0 + timedelta(days=31), PERIOD)

    with pytest.raises(WindowClosed) as refused:
        check_can_post(v, customer_of(v), closed)
    check_can_post(v, STAFF, closed)
    assert refused.value.status == 409
    assert refused.value.code == "window_closed"


def test_purchase_condition_rules() -> None:
    v = view(OrderStatus.AWAITING_FIRST_PAYMENT)
    item = next(iter(v.pre_payment_items))

    check_purchase_condition(v, customer_of(v), item)
    with pytest.raises(Forbidden):
        check_purchase_condition(v, STAFF, item)
    with pytest.raises(NotFound):
        check_purchase_condition(v, customer_of(v), uuid.uuid4())
    v.pre_payment_items[item] = False
    with pytest.raises(ItemNotPrePayment):
        check_purchase_condition(v, customer_of(v), item)


def test_purchase_condition_refused_once_paid() -> None:
    v = view(OrderStatus.AWAITING_FIRST_PAYMENT)
    item = next(iter(v.pre_payment_items))
    v.apply_status(OrderStatus.PURCHASING, T0)

    with pytest.raises(ItemNotPrePayment):
        check_purchase_condition(v, customer_of(v), item)


def test_reading_marks_the_other_side() -> None:
    assert unread_for(AuthorRole.CUSTOMER) == {AuthorRole.STAFF, AuthorRole.SYSTEM}
    assert unread_for(AuthorRole.STAFF) == {AuthorRole.CUSTOMER}
