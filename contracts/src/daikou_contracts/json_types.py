"""JSON as it crosses a boundary undescribed (a service's answer, a webhook's event, a payload
passed through): typed as JSON, narrowed where a field is read."""

from __future__ import annotations

from typing import TypeAlias

JsonValue: TypeAlias = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None
"""Any JSON value."""

JsonObject: TypeAlias = dict[str, JsonValue]
"""A JSON object."""

JsonArray: TypeAlias = list[JsonValue]
"""A JSON array."""


def as_object(value: JsonValue) -> JsonObject:
    """The value when it is an object; an empty one otherwise."""
    return value if isinstance(value, dict) else {}


def as_array(value: JsonValue) -> JsonArray:
    """The value when it is an array; an empty one otherwise."""
    return value if isinstance(value, list) else []


def objects(value: JsonValue) -> list[JsonObject]:
    """The objects in an array (anything else in it, or a value that is no array, left out)."""
    return [v for v in as_array(value) if isinstance(v, dict)]
