"""The API's validation errors for one field, said in the page's language."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from daikou_web.errors import said
from daikou_web.gateway import FieldProblem, GatewayError
from daikou_web.i18n import set_language


@pytest.fixture
def japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language("ja")


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (
            FieldProblem(
                "string_too_long", "String should have at most 300 characters", {"max_length": 300}
            ),
            "300 文字以内で入力してください。",
        ),
        (
            FieldProblem(
                "greater_than_equal", "Input should be greater than or equal to 1", {"ge": 1}
            ),
            "1 以上の数を入力してください。",
        ),
        (
            FieldProblem("less_than_equal", "Input should be less than or equal to 99", {"le": 99}),
            "99 以下の数を入力してください。",
        ),
        (
            FieldProblem("too_long", "List should have at most 20 items", {"max_length": 20}),
            "20 件までにしてください。",
        ),
        (FieldProblem("missing", "Field required"), "入力してください。"),
        (
            FieldProblem("int_parsing", "Input should be a valid integer"),
            "整数で入力してください。",
        ),
        (
            FieldProblem("url_parsing", "Input should be a valid URL"),
            "http:// または https:// で始まるURLを入力してください。",
        ),
        (
            FieldProblem("value_error", "Value error, must not be blank"),
            "空白以外の文字を入力してください。",
        ),
    ],
)
def test_a_known_error_type_is_said_in_japanese(
    japanese: None, problem: FieldProblem, expected: str
) -> None:
    assert said(problem) == expected


def test_the_same_errors_read_in_english() -> None:
    set_language("en")
    try:
        assert said(FieldProblem("string_too_long", "", {"max_length": 300})) == (
            "Enter at most 300 characters."
        )
        assert said(FieldProblem("missing", "Field required")) == "This field is required."
    finally:
        set_language("ja")


def test_an_unknown_type_or_a_context_without_its_value_shows_the_api_s_reason(
    japanese: None,
) -> None:
    assert said(FieldProblem("value_error", "Value error, not a marketplace link")) == (
        "not a marketplace link"
    )
    assert said(FieldProblem("string_too_long", "String should have at most 300 characters")) == (
        "String should have at most 300 characters"
    )
    assert said(FieldProblem("something_new", "a reason")) == "a reason"


def test_the_gateway_error_keeps_each_field_s_type_and_values() -> None:
    body = {
        "detail": [
            {
                "type": "string_too_long",
                "loc": ["body", "items", 0, "title"],
                "msg": "String should have at most 300 characters",
                "ctx": {"max_length": 300},
            },
            {"type": "missing", "loc": ["body", "address"], "msg": "Field required", "ctx": 3},
        ]
    }
    error = GatewayError.from_response(httpx.Response(422, json=body))
    assert error.fields == {
        "items.0.title": FieldProblem(
            "string_too_long", "String should have at most 300 characters", {"max_length": 300}
        ),
        "address": FieldProblem("missing", "Field required", {}),
    }
    assert error.detail == (
        "items.0.title: String should have at most 300 characters; address: Field required"
    )
