"""Counts written by hand: ASCII digits only, bounded in length."""

import pytest

from daikou_kit.digits import digits_value


@pytest.mark.parametrize("text", ["0", "42", "9" * 19, b"123"])
def test_ascii_digits_are_their_number(text: str | bytes) -> None:
    assert digits_value(text) == int(text)


@pytest.mark.parametrize(
    "text",
    ["", "³", "1²", "١٢", "-1", " 5", "1e3", "1" * 20, "1" * 5000, b"1" * 20, b"\xb2"],
    ids=[
        "empty",
        "superscript",
        "trailing-superscript",
        "arabic-indic",
        "negative",
        "space",
        "exponent",
        "20-digits",
        "5000-digits",
        "20-bytes",
        "latin-1-superscript",
    ],
)
def test_anything_else_is_no_number(text: str | bytes) -> None:
    assert digits_value(text) is None


def test_the_length_bound_is_the_callers() -> None:
    assert (digits_value("12345", max_digits=4), digits_value("1234", max_digits=4)) == (None, 1234)
