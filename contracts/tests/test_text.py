"""One validator for texts and numbers: used by every payload."""

from __future__ import annotations

from uuid import uuid4

import pytest
from pydantic import TypeAdapter, ValidationError

from daikou_contracts.catalogue.messaging import ProblemReported
from daikou_contracts.money import MAX_AMOUNT, Money, Price
from daikou_contracts.text import UnsafeValueError, check_number, check_text, check_visible


def test_texts_with_nul_or_lone_surrogates_are_refused() -> None:
    assert check_text("大好き 🎁") == "大好き 🎁"
    with pytest.raises(UnsafeValueError, match="NUL"):
        check_text("a\x00b")
    with pytest.raises(UnsafeValueError, match="surrogate"):
        check_text("a\ud83db")


def test_numbers_must_be_finite_and_bounded() -> None:
    assert check_number(1.5) == 1.5
    for bad in (float("nan"), float("inf"), 2**63 - 1):
        with pytest.raises(UnsafeValueError):
            check_number(bad)


def test_money_is_bounded_and_prices_more_so() -> None:
    assert Money.jpy(MAX_AMOUNT).amount == MAX_AMOUNT
    with pytest.raises(ValidationError):
        Money.jpy(10**19)
    price = TypeAdapter(Price)
    assert price.validate_python({"amount": 1000, "currency": "JPY"}).amount == 1000
    with pytest.raises(ValidationError):
        price.validate_python({"amount": 10**10, "currency": "JPY"})
    with pytest.raises(ValidationError):
        price.validate_python({"amount": -1, "currency": "JPY"})


def test_a_payload_carrying_a_nul_anywhere_is_schema_invalid() -> None:
    ids = {k: str(uuid4()) for k in ("order_id", "customer_id", "thread_id", "message_id")}
    assert ProblemReported.model_validate({**ids, "description": "broken"}).description == "broken"
    with pytest.raises(ValidationError, match="NUL"):
        ProblemReported.model_validate({**ids, "description": "hi\x00there"})
    deep: list[object] = [1]
    for _ in range(40):
        deep = [deep]
    with pytest.raises(ValidationError, match="nested deeper"):
        ProblemReported.model_validate({**ids, "description": "x", "extra": deep})


def test_visible_text_has_something_to_read() -> None:
    assert check_visible(" 山田 ") == " 山田 "
    for blank in ("", " ", "\t\n", "\u3000\u3000"):
        with pytest.raises(ValueError, match="must not be blank"):
            check_visible(blank)
