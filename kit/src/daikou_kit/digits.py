"""Counts written by hand (a cursor, a quantity, a header): ASCII digits only, bounded in length."""

from __future__ import annotations

MAX_DIGITS = 19
"""Enough for any count or amount this system keeps (2**63 - 1 has 19 digits)."""


def digits_value(text: str | bytes, max_digits: int = MAX_DIGITS) -> int | None:
    """The whole number `text` writes in 1 to `max_digits` ASCII digits, else None.

    `str.isdigit` also accepts superscripts and other scripts' digits that `int` refuses, and
    `int` refuses more than 4,300 digits: neither reaches `int` here.
    """
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)
