"""The public API is fully described: every body and every success answer typed, with examples.

Walks the generated OpenAPI document: an operation with an untyped JSON body, a success answer
without a schema, a schema without examples, or an error answer that is not `ErrorOut` fails here.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from daikou_gateway.entrypoints import (
    schemas_common,
    schemas_deposit,
    schemas_messages,
    schemas_notices,
    schemas_orders,
    schemas_page,
    schemas_payments,
    schemas_statement,
    schemas_warehouse,
)
from daikou_gateway.openapi import document, main

DOC = document()
PUBLIC = ("/api/v1/", "/paypal/", "/payments/")
"""The public API: /api/v1, PayPal's webhook and the card return pages (not /health, an ops probe)."""
OPERATIONS = [
    (path, method, op)
    for path, item in DOC["paths"].items()
    for method, op in item.items()
    if method in {"get", "post", "put", "patch", "delete"} and path.startswith(PUBLIC)
]
IDS = [f"{m.upper()} {p}" for p, m, _ in OPERATIONS]
ERROR_REF = "#/components/schemas/ErrorOut"


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its $ref followed (an optional body: its one non-null variant)."""
    variants = [v for v in schema.get("anyOf", []) if v.get("type") != "null"]
    if len(variants) == 1:
        schema = variants[0]
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = DOC["components"]["schemas"][name]
    return schema


def typed(schema: dict[str, Any]) -> bool:
    """A described shape: an object with properties, an array of such, or binary/text content."""
    schema = resolve(schema)
    if schema.get("type") == "array":
        return typed(schema.get("items", {}))
    if schema.get("type") == "object" or "properties" in schema:
        return bool(schema.get("properties"))
    return schema.get("type") == "string"


def has_examples(media: dict[str, Any]) -> bool:
    """Examples on the media type, or on the (referenced) schema or, for an array, its items."""
    if media.get("example") is not None or media.get("examples"):
        return True
    schema = resolve(media.get("schema", {}))
    if schema.get("examples"):
        return True
    return schema.get("type") == "array" and bool(resolve(schema.get("items", {})).get("examples"))


def is_file(media_type: str, media: dict[str, Any]) -> bool:
    """Raw bytes: a file download needs no example."""
    return (
        resolve(media.get("schema", {})).get("format") == "binary"
        and media_type != "application/json"
    )


def test_the_document_lists_every_operation_with_a_stable_id() -> None:
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(OPERATIONS) >= 50
    assert len(ids) == len(set(ids))
    assert all(op.get("summary") and op.get("description") for _, _, op in OPERATIONS)


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_request_body_is_typed_with_examples(
    path: str, method: str, op: dict[str, Any]
) -> None:
    body = op.get("requestBody")
    if body is None:
        return
    assert body.get("content"), f"{method} {path}: a request body without content"
    for media_type, media in body["content"].items():
        assert typed(media.get("schema", {})), f"{method} {path}: untyped {media_type} body"
        assert has_examples(media), f"{method} {path}: no example of its {media_type} body"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_success_answer_is_typed_with_examples(
    path: str, method: str, op: dict[str, Any]
) -> None:
    successes = {code: r for code, r in op["responses"].items() if code.startswith("2")}
    assert successes, f"{method} {path}: no success answer documented"
    for code, answer in successes.items():
        content = answer.get("content")
        assert content, f"{method} {path} {code}: an answer without a schema"
        for media_type, media in content.items():
            assert typed(media.get("schema", {})), f"{method} {path} {code}: untyped {media_type}"
            if not is_file(media_type, media):
                assert has_examples(media), f"{method} {path} {code}: no example"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_error_answer_is_error_out(path: str, method: str, op: dict[str, Any]) -> None:
    errors = {code: r for code, r in op["responses"].items() if code[0] in "45"}
    assert {"404", "422", "503"} <= set(errors), f"{method} {path}: errors not documented"
    for code, answer in errors.items():
        schema = answer["content"]["application/json"]["schema"]
        assert schema.get("$ref") == ERROR_REF, f"{method} {path} {code}: not ErrorOut"


def test_money_and_statuses_are_the_contracts_own() -> None:
    names = DOC["components"]["schemas"]
    assert {"Money", "OrderStatus", "Address"} <= set(names)
    order = resolve({"$ref": "#/components/schemas/OrderOut"})
    assert order["properties"]["status"] == {"$ref": "#/components/schemas/OrderStatus"}
    assert not any(n.endswith("Money") and n != "Money" for n in names)


def models() -> list[type[BaseModel]]:
    found = []
    for module in (
        schemas_common,
        schemas_orders,
        schemas_payments,
        schemas_deposit,
        schemas_statement,
        schemas_messages,
        schemas_notices,
        schemas_warehouse,
        schemas_page,
    ):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


@pytest.mark.parametrize("model", models(), ids=lambda m: m.__name__)
def test_every_example_is_valid_for_its_model(model: type[BaseModel]) -> None:
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples", []) if isinstance(extra, dict) else []
    for example in examples:
        assert isinstance(example, dict)
        model.model_validate(example)


def test_the_command_writes_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openapi.json"
    assert main(["--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["paths"].keys() == DOC["paths"].keys()
    assert main([]) == 0
    assert json.loads(capsys.readouterr().out)["info"]["title"] == "Daikou gateway"


def test_the_billing_part_types_additional_billings() -> None:
    extra = {**schemas_payments.BILLING_EXAMPLE, "kind": "additional"}
    typed = schemas_page.BillingPartOut.model_validate(
        {"first": None, "second": None, "additional": [extra], "deposit": None}
    )
    assert [b.kind.value for b in typed.additional] == ["additional"]
    assert (
        schemas_page.BillingPartOut.model_validate(
            {"first": None, "second": None, "deposit": None}
        ).additional
        == []
    )


def test_signing_in_documents_its_limit_and_when_to_try_again() -> None:
    answers = DOC["paths"]["/api/v1/sessions"]["post"]["responses"]
    assert answers["429"]["content"]["application/json"]["schema"]["$ref"] == ERROR_REF
    assert answers["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_operation_documents_the_guard_s_refusal_of_a_body_too_large(
    path: str, method: str, op: dict[str, Any]
) -> None:
    assert "413" in op["responses"], f"{method.upper()} {path} does not document 413"


def test_the_live_stream_describes_each_of_its_events() -> None:
    media = DOC["paths"]["/api/v1/staff/events"]["get"]["responses"]["200"]["content"]
    item = media["text/event-stream"]["itemSchema"]
    assert item["properties"]["event"]["enum"] == ["subscribed", "event", "overflow"]
    assert item["required"] == ["event", "data"]
