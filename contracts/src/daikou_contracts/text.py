"""What every text and number crossing a boundary must be: no NUL, no lone surrogate, finite.

One validator for the whole system: the services' HTTP request guard (`daikou_kit.guard`) and every
message payload (`Payload`) use it, so a NUL character, an unpaired UTF-16 surrogate, a NaN or an
infinity is refused at the edge with a reason, and a message still carrying one is dead-lettered
(schema-invalid) instead of failing later in a database or a codec.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
MAX_DEPTH = 32
"""The deepest nesting of objects and arrays accepted in a JSON body or a payload."""
MAX_INTEGER = 10**15
"""The largest magnitude of any integer in a JSON body (every amount's bound is below it)."""
EXCERPT_CHARS = 80
"""How much of a refused value an error message quotes."""


class UnsafeValueError(ValueError):
    """A value that no part of the system accepts; `code` says which rule it broke."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable quote of a value for an error message."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"


def check_text(value: str, where: str = "text") -> str:
    """The text itself when it has no NUL character and no unpaired surrogate."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return value
    if found.group() == "\x00":
        raise UnsafeValueError("nul_character", f"{where} contains a NUL character (U+0000)")
    raise UnsafeValueError(
        "lone_surrogate",
        f"{where} contains an unpaired UTF-16 surrogate (U+{ord(found.group()):04X})",
    )


def check_number(value: float | int, where: str = "number") -> float | int:
    """The number itself when it is finite and no integer exceeds `MAX_INTEGER` in magnitude."""
    if isinstance(value, float) and not math.isfinite(value):
        raise UnsafeValueError("non_finite_number", f"{where} is not a finite number ({value})")
    if abs(value) > MAX_INTEGER:
        raise UnsafeValueError(
            "number_out_of_range",
            f"{where} is out of range (at most {MAX_INTEGER:.0e} in magnitude)",
        )
    return value


def check_tree(value: Any, where: str = "$", max_depth: int = MAX_DEPTH) -> None:
    """Walk decoded JSON (iteratively): texts, keys and numbers checked, depth at most `max_depth`."""
    stack: list[tuple[Any, str, int]] = [(value, where, 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, str):
            check_text(node, path)
        elif isinstance(node, bool) or node is None:
            continue
        elif isinstance(node, int | float):
            check_number(node, path)
        elif isinstance(node, dict | list):
            if depth > max_depth:
                raise UnsafeValueError(
                    "too_deeply_nested", f"{path} is nested deeper than {max_depth} levels"
                )
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                if isinstance(key, str):
                    check_text(key, f"{path} (a key)")
                stack.append(
                    (
                        child,
                        f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]",
                        depth + 1,
                    )
                )


SafeText = Annotated[str, AfterValidator(check_text)]
"""A string without NUL characters or unpaired surrogates."""


def check_visible(value: str) -> str:
    """The text itself when it has something to read: not only spaces, tabs or line breaks (an
    ideographic space included)."""
    if value.strip():
        return value
    raise ValueError("must not be blank (only spaces or line breaks)")


Visible = AfterValidator(check_visible)
"""Added to a required free-text field of a request: blank text is refused with a reason."""
