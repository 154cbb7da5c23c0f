"""Money as integer minor units with an ISO 4217 currency, and stated currency conversion."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, field_validator

# Minor-unit exponents of the currencies the service deals in (ISO 4217).
MINOR_UNITS: dict[str, int] = {"JPY": 0, "CNY": 2, "USD": 2}

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]

MAX_AMOUNT = 10**15
"""The largest magnitude of any amount, in minor units (far below PostgreSQL's bigint)."""
MAX_PRICE = 10**9
"""The largest single price, fee, shipping cost, payment or top-up, in minor units (1e9 yen,
10,000,000 yuan): 500 items of 9,999 at this price still total within `MAX_AMOUNT`."""


class CurrencyMismatchError(ValueError):
    """Two amounts of different currencies were combined."""


class Money(BaseModel):
    """An amount in the currency's minor unit (JPY yen, CNY fen)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: StrictInt
    currency: Currency

    @field_validator("amount")
    @classmethod
    def _bounded(cls, value: int) -> int:
        if abs(value) > MAX_AMOUNT:
            raise ValueError(f"amount is out of range (at most {MAX_AMOUNT:.0e} minor units)")
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value not in MINOR_UNITS:
            raise ValueError(f"unsupported currency {value}")
        return value

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in the given currency."""
        return cls(amount=0, currency=currency)

    @classmethod
    def jpy(cls, amount: int) -> Money:
        """An amount of yen."""
        return cls(amount=amount, currency="JPY")

    @classmethod
    def cny(cls, fen: int) -> Money:
        """An amount of yuan, given in fen."""
        return cls(amount=fen, currency="CNY")

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"{self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __mul__(self, factor: int) -> Money:
        return Money(amount=self.amount * factor, currency=self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def min(self, other: Money) -> Self:
        """The smaller of two amounts of one currency."""
        self._same(other)
        return self if self.amount <= other.amount else other  # type: ignore[return-value]

    @property
    def is_zero(self) -> bool:
        """True for a zero amount."""
        return self.amount == 0

    def __str__(self) -> str:
        exp = MINOR_UNITS[self.currency]
        major = Decimal(self.amount).scaleb(-exp)
        return f"{major:.{exp}f} {self.currency}"


def total(amounts: list[Money], currency: str) -> Money:
    """The sum of amounts, all of one currency."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result


class Rounding(StrEnum):
    """How a converted amount is rounded to the target's minor unit."""

    UP = "up"
    DOWN = "down"
    HALF_UP = "half_up"


_DECIMAL_ROUNDING = {
    Rounding.UP: ROUND_CEILING,
    Rounding.DOWN: ROUND_DOWN,
    Rounding.HALF_UP: ROUND_HALF_UP,
}


class ExchangeRate(BaseModel):
    """`rate` units of `quote` for one major unit of `base`, with the rounding applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base: Currency
    quote: Currency
    rate: Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=8)]
    rounding: Rounding = Rounding.UP

    def convert(self, money: Money) -> Money:
        """Convert an amount of `base` into `quote`, rounding once at the end."""
        if money.currency != self.base:
            raise CurrencyMismatchError(f"rate is for {self.base}, got {money.currency}")
        major = Decimal(money.amount).scaleb(-MINOR_UNITS[self.base])
        target_minor = (major * self.rate).scaleb(MINOR_UNITS[self.quote])
        rounded = target_minor.quantize(Decimal(1), rounding=_DECIMAL_ROUNDING[self.rounding])
        return Money(amount=int(rounded), currency=self.quote)


def _price(money: Money) -> Money:
    if not 0 <= money.amount <= MAX_PRICE:
        raise ValueError(f"amount must be between 0 and {MAX_PRICE:.0e} minor units")
    return money


Price = Annotated[Money, AfterValidator(_price)]
"""One price, fee, payment or top-up: 0 to `MAX_PRICE` minor units."""


def _adjustment(money: Money) -> Money:
    if abs(money.amount) > MAX_PRICE:
        raise ValueError(f"amount must be between -{MAX_PRICE:.0e} and {MAX_PRICE:.0e} minor units")
    return money


Adjustment = Annotated[Money, AfterValidator(_adjustment)]
"""A deposit movement staff enter (a top-up or a signed adjustment): at most `MAX_PRICE` either way."""
