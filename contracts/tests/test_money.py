"""Money arithmetic and stated conversions."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from daikou_contracts.money import CurrencyMismatchError, ExchangeRate, Money, Rounding, total


def test_amounts_of_one_currency_add_up() -> None:
    assert Money.jpy(100) + Money.jpy(250) == Money.jpy(350)
    assert total([Money.cny(1), Money.cny(2)], "CNY") == Money.cny(3)


def test_different_currencies_never_mix() -> None:
    with pytest.raises(CurrencyMismatchError):
        _ = Money.jpy(1) + Money.cny(1)


def test_money_refuses_floats_and_unknown_currencies() -> None:
    with pytest.raises(ValidationError):
        Money(amount=1.5, currency="JPY")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Money(amount=1, currency="XXX")


@pytest.mark.parametrize(
    ("fen", "rounding", "yen"),
    [
        (1000, Rounding.UP, 214),  # 10.00 CNY * 21.35 = 213.5
        (1000, Rounding.DOWN, 213),
        (1000, Rounding.HALF_UP, 214),
        (999, Rounding.HALF_UP, 213),  # 9.99 * 21.35 = 213.2865
        (1, Rounding.UP, 1),
    ],
)
def test_conversion_states_rate_and_rounding(fen: int, rounding: Rounding, yen: int) -> None:
    rate = ExchangeRate(base="CNY", quote="JPY", rate=Decimal("21.35"), rounding=rounding)
    assert rate.convert(Money.cny(fen)) == Money.jpy(yen)


def test_conversion_refuses_the_wrong_currency() -> None:
    rate = ExchangeRate(base="CNY", quote="JPY", rate=Decimal("21.35"))
    with pytest.raises(CurrencyMismatchError):
        rate.convert(Money.jpy(1))


def test_money_prints_in_major_units() -> None:
    assert str(Money.cny(1234)) == "12.34 CNY"
    assert str(Money.jpy(1234)) == "1234 JPY"
