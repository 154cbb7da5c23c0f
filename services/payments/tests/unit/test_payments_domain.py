"""Billing, deposit and fee rules (no I/O)."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from daikou_kit.errors import Conflict
from daikou_payments.application.card_capture import fee_refund
from daikou_payments.domain.billing import Billing, BillingStatus, PaymentMethod
from daikou_payments.domain.deposit import DepositAccount
from daikou_payments.domain.fees import CardFeeRule

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def billing(total: int) -> Billing:
    return Billing(uuid4(), uuid4(), uuid4(), "first", "JPY", [], total, 1, NOW)


def test_payment_below_due_leaves_the_rest_due() -> None:
    b = billing(1000)
    excess, paid = b.apply(400, PaymentMethod.DEPOSIT, NOW)
    assert (excess, paid, b.amount_due, b.status) == (0, False, 600, BillingStatus.OPEN)


def test_payment_covering_due_pays_once_and_returns_the_excess() -> None:
    b = billing(1000)
    b.apply(400, PaymentMethod.DEPOSIT, NOW)
    excess, paid = b.apply(700, PaymentMethod.TRANSFER, NOW)
    assert (excess, paid, b.status, b.paid_at) == (100, True, BillingStatus.PAID, NOW)
    assert b.paid[PaymentMethod.TRANSFER] == 600
    excess, paid = b.apply(500, PaymentMethod.CARD, NOW)
    assert (excess, paid, b.amount_paid) == (500, False, 1000)


def test_lowering_an_open_billing_below_paid_gives_back_the_excess() -> None:
    b = billing(1000)
    b.apply(800, PaymentMethod.DEPOSIT, NOW)
    excess, paid = b.adjust([], 500, 2, NOW)
    assert (excess, paid, b.amount_paid, b.status, b.revision) == (
        300,
        True,
        500,
        BillingStatus.PAID,
        2,
    )


def test_raising_an_open_billing_keeps_it_open() -> None:
    b = billing(1000)
    b.apply(1000 - 1, PaymentMethod.CARD, NOW)
    assert b.adjust([], 1500, 2, NOW) == (0, False)
    assert b.amount_due == 501


def test_a_billing_lowered_to_zero_refunds_everything_and_is_not_paid() -> None:
    b = billing(1000)
    b.apply(300, PaymentMethod.DEPOSIT, NOW)
    assert b.adjust([], 0, 2, NOW) == (300, False)
    assert (b.status, b.amount_paid, b.amount_due) == (BillingStatus.OPEN, 0, 0)


def test_paid_or_voided_billings_cannot_change() -> None:
    b = billing(100)
    b.apply(100, PaymentMethod.CARD, NOW)
    with pytest.raises(Conflict):
        b.adjust([], 50, 2, NOW)
    with pytest.raises(Conflict):
        b.void()
    v = billing(100)
    v.apply(30, PaymentMethod.DEPOSIT, NOW)
    assert v.void() == 30
    assert v.amount_due == 0
    assert v.apply(50, PaymentMethod.CARD, NOW) == (50, False)


def test_deposit_never_goes_negative() -> None:
    account = DepositAccount(uuid4(), "JPY", 0)
    assert account.credit(500) == 500
    assert account.takeable(800) == 500
    with pytest.raises(Conflict):
        account.debit(501)
    assert account.debit(500) == 0
    assert account.takeable(10) == 0
    with pytest.raises(ValueError, match="positive"):
        account.credit(0)


@pytest.mark.parametrize(
    ("amount", "fee"),
    [(0, 0), (1, 41), (1000, 76), (10_000, 400), (12_345, 485), (27, 41), (28, 42)],
)
def test_card_fee_is_rounded_up_to_whole_yen(amount: int, fee: int) -> None:
    assert CardFeeRule().fee(amount) == fee


def test_card_fee_rule_is_configurable() -> None:
    assert CardFeeRule(rate_bp=250, fixed=0).fee(1001) == 26


def test_a_larger_revision_of_a_paid_billing_opens_it_for_the_difference() -> None:
    b = billing(1000)
    b.apply(1000, PaymentMethod.DEPOSIT, NOW)
    excess, paid = b.revise([], 1500, 2, NOW)
    assert (excess, paid, b.status, b.amount_due, b.paid_at) == (
        0,
        False,
        BillingStatus.OPEN,
        500,
        None,
    )


def test_a_smaller_revision_of_a_paid_billing_is_paid_again_with_the_excess_back() -> None:
    b = billing(1000)
    b.apply(1000, PaymentMethod.CARD, NOW)
    excess, paid = b.revise([], 800, 2, NOW)
    assert (excess, paid, b.status, b.revision, b.paid[PaymentMethod.CARD]) == (
        200,
        True,
        BillingStatus.PAID,
        2,
        800,
    )


def test_a_voided_billing_takes_no_revision() -> None:
    b = billing(1000)
    b.void()
    with pytest.raises(Conflict):
        b.revise([], 800, 2, NOW)


def test_the_card_fee_comes_back_with_the_money_the_billing_did_not_take() -> None:
    assert fee_refund(148, 3_000, 3_000) == 148  # nothing taken: the whole fee
    assert fee_refund(148, 3_000, 0) == 0  # all taken: the fee paid for it
    assert fee_refund(148, 3_000, 1_000) == 49  # a third unused: a third of the fee, rounded down
    assert fee_refund(40, 0, 0) == 40
