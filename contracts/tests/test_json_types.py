"""Reading JSON of unknown shape: the narrowing helpers keep what fits and drop the rest."""

import json

from daikou_contracts.json_types import JsonValue, as_array, as_object, objects


def test_an_object_is_kept_and_anything_else_reads_as_an_empty_one() -> None:
    value: JsonValue = json.loads('{"a": [1, {"b": null}]}')
    assert as_object(value) == {"a": [1, {"b": None}]}
    for other in ([1], "x", 3, 2.5, True, None):
        assert as_object(other) == {}


def test_an_array_is_kept_and_anything_else_reads_as_an_empty_one() -> None:
    assert as_array([1, "two", None]) == [1, "two", None]
    for other in ({"a": 1}, "x", 0, None):
        assert as_array(other) == []


def test_objects_are_the_objects_of_an_array() -> None:
    value: JsonValue = json.loads('[{"id": 1}, 2, "three", null, [4], {"id": 5}]')
    assert objects(value) == [{"id": 1}, {"id": 5}]
    assert objects({"id": 1}) == []
