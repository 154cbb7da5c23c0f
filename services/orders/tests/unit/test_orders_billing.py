"""The 1st billing in JPY: conversion, rounding, the service fee and an item's share."""

from datetime import timedelta
from decimal import Decimal

from orders_builders import LIMITS, T0, estimate, estimated, placed, prices

from daikou_contracts.money import ExchangeRate, Money, Rounding
from daikou_orders.domain.billing import first_billing, item_share, service_fee
from daikou_orders.domain.placing import apply_estimate


def test_lines_convert_each_unit_price_rounding_up_and_multiply_by_quantity() -> None:
    order = estimated(items=2, unit=1001, shipping=333)  # 10.01 CNY x 20.5 = 205.205 -> 206 JPY
    billing = first_billing(order)
    item = order.items[0]
    line = next(ln for ln in billing.lines if ln.code == f"item:{item.item_id}")
    assert line.unit_amount == Money.jpy(206)
    assert line.quantity == 2
    assert line.amount == Money.jpy(412)
    shipping = next(ln for ln in billing.lines if ln.code == f"domestic_shipping:{item.item_id}")
    assert shipping.amount == Money.jpy(69)  # 3.33 x 20.5 = 68.265 -> 69
    fee = next(ln for ln in billing.lines if ln.code == "service_fee")
    assert fee.amount == Money.jpy(300)  # 5 % of 824 is 42: the minimum applies
    assert billing.total == Money.jpy(412 * 2 + 69 * 2 + 300)


def test_the_fee_is_the_rate_rounded_up_when_above_the_minimum() -> None:
    assert service_fee(Money.jpy(100_001), estimate()) == Money.jpy(5001)
    assert service_fee(Money.jpy(1000), estimate(minimum=0)) == Money.jpy(50)
    assert service_fee(Money.jpy(1000), estimate()) == Money.jpy(300)


def test_a_fixed_fee_wins_over_the_rule() -> None:
    assert service_fee(Money.jpy(1_000_000), estimate(override=Money.jpy(777))) == Money.jpy(777)


def test_the_stated_rounding_is_applied() -> None:
    order = placed(items=1)
    rate = ExchangeRate(base="CNY", quote="JPY", rate=Decimal("20.5"), rounding=Rounding.DOWN)
    apply_estimate(
        order,
        prices(order, unit=1001, shipping=0),
        estimate(rate=rate),
        payment_due_at=T0 + timedelta(days=7),
        limits=LIMITS,
    )
    lines = first_billing(order).lines
    assert lines[0].unit_amount == Money.jpy(205)
    assert [ln.code for ln in lines] == [
        f"item:{order.items[0].item_id}",
        "service_fee",
    ]  # no zero shipping line


def test_an_items_share_is_its_item_line_plus_its_domestic_shipping() -> None:
    order = estimated(items=2, unit=1000, shipping=500)
    assert item_share(order, order.items[0]) == Money.jpy(2 * 205 + 103)  # 5 x 20.5 rounds up


def test_an_unestimated_item_has_no_share() -> None:
    order = placed()
    assert item_share(order, order.items[0]) == Money.jpy(0)
