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
    """Walk decoded JSON (iteratively): texts, keys and numbers checked, depth at most `max_depth`.

    A value's path is spelled out only to explain a refusal: each node is kept with its parent's
    place in the walk and its key, and nothing else is built for a value that passes.
    """
    walk: list[tuple[Any, int, int, object]] = [(value, 1, -1, None)]  # node, depth, parent, key
    search = _FORBIDDEN.search
    for place, (node, depth, _, _) in enumerate(walk):  # the list grows as the walk goes
        kind = _json_kind(node)
        if kind is str:
            if search(node):
                check_text(node, _path(walk, place, where))
        elif kind is int or kind is float:
            if not -MAX_INTEGER <= node <= MAX_INTEGER:  # also NaN, which compares false
                check_number(node, _path(walk, place, where))
        elif kind is dict or kind is list:
            if depth > max_depth:
                raise UnsafeValueError(
                    "too_deeply_nested",
                    f"{_path(walk, place, where)} is nested deeper than {max_depth} levels",
                )
            for key, child in node.items() if kind is dict else enumerate(node):
                if isinstance(key, str) and search(key):
                    check_text(key, f"{_path(walk, place, where)} (a key)")
                walk.append((child, depth + 1, place, key))


_JSON_KINDS = frozenset((str, int, float, dict, list))


def _json_kind(node: object) -> type | None:
    """Which JSON kind the node is checked as (a subclass, such as an enum, as its base; a boolean,
    None or anything else as none)."""
    kind = type(node)
    if kind in _JSON_KINDS:
        return kind
    if node is None or isinstance(node, bool):
        return None
    return next((k for k in (str, int, float, dict, list) if isinstance(node, k)), None)


def _path(walk: list[tuple[Any, int, int, object]], place: int, where: str) -> str:
    """`where.key[0].key` of the node at `place` in the walk."""
    steps: list[str] = []
    while place > 0:
        _, _, parent, key = walk[place]
        steps.append(f".{key}" if isinstance(key, str) else f"[{key}]")
        place = parent
    return where + "".join(reversed(steps))


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
