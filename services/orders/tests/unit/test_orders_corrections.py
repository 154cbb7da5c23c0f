"""Correcting an estimate before payment: a new revision, what changed, refused once paid."""

from dataclasses import replace

import pytest
from orders_builders import LIMITS, estimate, estimated, paid, prices

from daikou_contracts.money import Money
from daikou_kit.errors import Conflict, InvalidInput
from daikou_orders.domain.billing import first_billing
from daikou_orders.domain.corrections import correct_estimate


def test_a_correction_re_issues_the_billing_and_says_what_changed() -> None:
    order = estimated()
    before = first_billing(order).total
    change = correct_estimate(order, prices(order, unit=2000), estimate(), LIMITS)
    assert order.billing_revision == 2
    assert change.total_rose
    assert change.old_total == before
    assert change.new_total == first_billing(order).total
    entry = order.history[-1]
    assert entry.what == "estimate_corrected"
    assert f"total {before.amount} -> {change.new_total.amount} JPY" in entry.reason
    assert "10.00 -> 20.00 CNY" in entry.reason


def test_a_lower_total_does_not_count_as_rising() -> None:
    order = estimated()
    change = correct_estimate(order, prices(order, unit=500), estimate(), LIMITS)
    assert not change.total_rose
    same = correct_estimate(order, prices(order, unit=500), estimate(), LIMITS)
    assert not same.total_rose
    assert order.billing_revision == 3


def test_a_paid_order_cannot_be_corrected() -> None:
    order = paid()
    with pytest.raises(Conflict) as err:
        correct_estimate(order, prices(order), estimate(), LIMITS)
    assert err.value.code == "not_correctable"


def test_a_correction_is_checked_like_an_estimate() -> None:
    order = estimated()
    with pytest.raises(InvalidInput):
        correct_estimate(order, prices(order)[:1], estimate(), LIMITS)
    with pytest.raises(InvalidInput) as err:
        correct_estimate(order, prices(order), estimate(override=Money.jpy(-1)), LIMITS)
    assert err.value.code == "fee_out_of_range"
    small = replace(LIMITS, max_total_jpy=100)
    with pytest.raises(InvalidInput) as err:
        correct_estimate(order, prices(order), estimate(), small)
    assert err.value.code == "total_out_of_range"
