"""The payment deadline on business days, the grace after a rejected transfer, and stall flags."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from orders_builders import T0, bought, placed

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_contracts.catalogue.common import OrderStatus
from daikou_orders.application.policy import Policy
from daikou_orders.domain.model import Order, PurchaseCondition
from daikou_orders.domain.stalls import Stall, stalls
from daikou_orders.settings import OrdersSettings

CAL = BusinessCalendar()
WEEK = timedelta(days=7)


def test_the_payment_deadline_skips_a_public_holiday() -> None:
    # T0 is Monday 2026-01-05 18:00 JST; Monday 12th is Coming of Age Day -> end of Tuesday 13th
    assert Policy().payment_due(CAL, T0) == datetime(2026, 1, 13, 15, tzinfo=UTC)


def test_the_payment_deadline_skips_a_closed_day_too() -> None:
    cal = BusinessCalendar(closed_dates={date(2026, 1, 13): "stocktaking"})
    assert Policy().payment_due(cal, T0) == datetime(2026, 1, 14, 15, tzinfo=UTC)


def test_a_shortened_period_is_taken_as_it_is() -> None:
    policy = Policy(payment_period=timedelta(seconds=25))
    assert policy.payment_due(CAL, T0) == T0 + timedelta(seconds=25)


def test_the_grace_after_a_rejection_is_two_business_days() -> None:
    # rejected Friday 2026-01-09 (JST): Tuesday 13th and Wednesday 14th (Monday is a holiday)
    rejected = datetime(2026, 1, 9, 3, tzinfo=UTC)
    assert Policy().payment_grace(CAL, rejected) == datetime(2026, 1, 14, 15, tzinfo=UTC)


def _flags(order: Order, now: datetime, packed_at: datetime | None = None) -> list[Stall]:
    return stalls(order, CAL, now, second_unpaid_after=WEEK, packed_at=packed_at)


def test_an_order_waiting_for_its_estimate_is_flagged_after_one_business_day() -> None:
    order = placed()  # placed Monday 18:00 JST
    assert _flags(order, datetime(2026, 1, 6, 14, 59, tzinfo=UTC)) == []
    assert _flags(order, datetime(2026, 1, 6, 15, tzinfo=UTC)) == [Stall.ESTIMATE_OVERDUE]


def test_an_unanswered_purchase_condition_is_flagged_after_one_business_day() -> None:
    order = bought()
    friday = datetime(2026, 1, 9, 3, tzinfo=UTC)
    order.items[0].condition = PurchaseCondition(question="leather?", set_at=friday)
    # the next business day after Friday 9th is Tuesday 13th (weekend, then a holiday)
    assert _flags(order, datetime(2026, 1, 13, 14, tzinfo=UTC)) == []
    assert _flags(order, datetime(2026, 1, 13, 15, tzinfo=UTC)) == [
        Stall.PURCHASE_CONDITION_UNANSWERED
    ]
    order.items[0].condition = replace(order.items[0].condition, answer="yes", proceed=True)
    assert _flags(order, datetime(2026, 1, 20, tzinfo=UTC)) == []


def test_a_second_billing_unpaid_for_seven_days_is_flagged_until_paid() -> None:
    order = bought()
    order.status = OrderStatus.AWAITING_SECOND_PAYMENT
    packed = datetime(2026, 2, 2, tzinfo=UTC)
    assert _flags(order, packed + WEEK - timedelta(seconds=1), packed) == []
    assert _flags(order, packed + WEEK, packed) == [Stall.SECOND_BILLING_UNPAID]
    order.second_billing_paid_at = packed + WEEK
    assert _flags(order, packed + WEEK, packed) == []


def test_the_default_policy_is_what_the_default_settings_describe() -> None:
    assert Policy() == Policy.from_settings(OrdersSettings.model_construct())
