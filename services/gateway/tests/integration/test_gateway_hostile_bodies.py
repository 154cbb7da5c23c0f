"""Hostile bodies on the typed routes: refused with a 4xx and a reason before reaching a service."""

import json
from typing import Any

import pytest
from gateway_support import ORDER, GatewayUnderTest, bearer

pytestmark = pytest.mark.integration


def item(**changes: Any) -> dict[str, Any]:
    return {"items": [{**ORDER["items"][0], **changes}]}


@pytest.mark.parametrize(
    "body",
    [
        {**ORDER, **item(expected_unit_price={"amount": 10**30, "currency": "CNY"})},
        {**ORDER, **item(expected_unit_price={"amount": -5, "currency": "CNY"})},
        {**ORDER, **item(expected_unit_price={"amount": 1.5, "currency": "CNY"})},
        {**ORDER, **item(title="Bag\x00")},
        {**ORDER, "shipping_preference": "EMS\x00"},
        {**ORDER, **item(options={"colour": "red\x00"})},
        {**ORDER, **item(quantity=10**12)},
        {**ORDER, **item(title="   ")},
        {**ORDER, **item(url="\n\t")},
        {**ORDER, "shipping_preference": "\u3000"},
        {**ORDER, "address": {**ORDER["address"], "line1": "  "}},
    ],
    ids=[
        "huge",
        "negative",
        "fraction",
        "nul-title",
        "nul-preference",
        "nul-option",
        "quantity",
        "blank-title",
        "blank-url",
        "blank-preference",
        "blank-address",
    ],
)
async def test_a_hostile_order_is_refused_at_the_gateway(
    gateway: GatewayUnderTest, body: dict[str, Any]
) -> None:
    token, _ = await gateway.register()
    before = len(gateway.stand_ins.seen)
    response = await gateway.client.post("/api/v1/orders", headers=bearer(token), json=body)
    assert response.status_code == 422, response.text
    # refused by the request guard (NUL, huge numbers) or by the typed model
    assert response.json()["code"] in {"invalid_input", "nul_character", "number_out_of_range"}
    assert len(gateway.stand_ins.seen) == before


async def test_blank_text_is_refused_with_its_reason(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    body = {**ORDER, **item(title=" \u3000 ")}
    response = await gateway.client.post("/api/v1/orders", headers=bearer(token), json=body)
    assert response.status_code == 422, response.text
    assert "must not be blank" in response.text


@pytest.mark.parametrize(
    "raw",
    [
        b'{"items": [{"quantity": NaN}]}',
        b"[" * 5000 + b"]" * 5000,
        b'{"items": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b"}",
        b"\xff\xfe not json",
    ],
    ids=["nan", "deep-array", "deep-object", "not-utf8"],
)
async def test_malformed_json_is_a_4xx(gateway: GatewayUnderTest, raw: bytes) -> None:
    token, _ = await gateway.register()
    response = await gateway.client.post(
        "/api/v1/orders",
        headers={**bearer(token), "content-type": "application/json"},
        content=raw,
    )
    assert 400 <= response.status_code < 500, response.text
    assert json.loads(response.text)["code"]
