"""The request guard: hostile bodies refused with a reason, limits, headers, request ids, 500s."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from daikou_contracts.money import Money
from daikou_kit.guard import BodyLimits, RouteLimit
from daikou_kit.http import install_error_handlers


class Item(BaseModel):
    title: str
    quantity: int


def app() -> FastAPI:
    api = FastAPI()
    install_error_handlers(
        api, BodyLimits(default_bytes=1024, routes=[RouteLimit("POST", "/big", 64 * 1024)])
    )

    @api.post("/items")
    async def items(item: Item) -> Item:
        return item

    @api.post("/big")
    async def big(item: Item) -> Item:
        return item

    @api.post("/boom")
    async def boom() -> None:
        raise RuntimeError("broken")

    @api.post("/pool")
    async def pool() -> None:
        raise PoolTimeout("QueuePool limit reached")

    @api.post("/refused")
    async def refused() -> None:
        raise ConnectionRefusedError(111, "Connection refused")

    @api.post("/lost")
    async def lost() -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection was closed in the middle"))

    @api.post("/upload")
    async def upload(request: Request) -> None:
        async for _ in request.stream():
            pass

    @api.post("/overflow")
    async def overflow() -> Money:
        return Money.jpy(10**15) + Money.jpy(1)

    return api


async def post(path: str, content: bytes, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post(
            path, content=content, headers={"content-type": "application/json", **headers}
        )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"title": "a\\u0000b", "quantity": 1}', "nul_character"),
        (b'{"title": "a\\ud800b", "quantity": 1}', "lone_surrogate"),
        (b'{"title": "ab", "quantity": NaN}', "non_finite_number"),
        (b'{"title": "ab", "quantity": -Infinity}', "non_finite_number"),
        (b'{"title": "ab", "quantity": 1e400}', "non_finite_number"),
        (b'{"title": "ab", "quantity": 9223372036854775807}', "number_out_of_range"),
        (b'{"ti\\u0000tle": "ab", "quantity": 1}', "nul_character"),
        (b"[" * 40 + b"]" * 40, "too_deeply_nested"),
    ],
)
async def test_hostile_json_is_refused_with_a_reason(body: bytes, code: str) -> None:
    response = await post("/items", body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert response.json()["request_id"] == response.headers["x-request-id"]


async def test_deep_nesting_that_would_exhaust_recursion_is_a_422() -> None:
    response = await post("/big", b"[" * 30000 + b"]" * 30000)
    assert response.status_code == 422
    assert response.json()["code"] == "too_deeply_nested"


async def test_a_body_over_the_route_limit_is_413() -> None:
    body = b'{"title": "' + b"x" * 2000 + b'", "quantity": 1}'
    assert (await post("/items", body)).status_code == 413
    assert (await post("/big", body)).status_code == 200
    assert (await post("/big", body * 40)).json()["code"] == "body_too_large"


async def test_validation_errors_quote_only_an_excerpt() -> None:
    body = b'{"title": "' + b"x" * 900 + b'", "quantity": "many"}'
    response = await post("/items", body)
    assert response.status_code == 422
    assert len(response.content) < 600
    assert response.json()["request_id"]


async def test_an_escaped_exception_is_a_json_500_with_the_request_id() -> None:
    response = await post("/boom", b"", **{"x-request-id": "abc-123"})
    assert response.status_code == 500
    assert response.json() == {
        "detail": "internal error",
        "code": "internal_error",
        "request_id": "abc-123",
    }


async def test_a_client_that_closes_its_upload_early_is_a_400_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    messages = iter([{"type": "http.request", "body": b"part", "more_body": True}])
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return next(messages, {"type": "http.disconnect"})

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/upload",
        "headers": [(b"content-type", b"application/octet-stream")],
        "query_string": b"",
    }
    scope |= {"http_version": "1.1", "scheme": "http", "server": ("t", 80), "root_path": ""}
    await app()(scope, receive, send)
    assert sent[0]["status"] == 400
    assert b'"client_closed"' in sent[1]["body"]  # type: ignore[operator]
    assert "unhandled error" not in caplog.text


async def test_a_computed_amount_out_of_range_is_a_422() -> None:
    response = await post("/overflow", b"")
    assert response.status_code == 422
    assert response.json()["code"] == "out_of_range"


async def test_security_headers_on_every_response() -> None:
    response = await post("/items", b'{"title": "ok", "quantity": 2}')
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert len(response.headers["x-request-id"]) == 32


async def test_nul_in_the_query_string_is_refused() -> None:
    response = await post("/items?q=a%00b", b'{"title": "ok", "quantity": 2}')
    assert response.status_code == 422
    assert response.json()["code"] == "nul_character"


async def test_every_database_connection_taken_is_503_busy_with_retry_after() -> None:
    answer = await post("/pool", b"{}")
    assert answer.status_code == 503
    assert answer.json()["code"] == "busy"
    assert answer.headers["retry-after"] == "1"


@pytest.mark.parametrize("path", ["/refused", "/lost"])
async def test_an_unreachable_database_is_503_with_retry_after_not_500(path: str) -> None:
    answer = await post(path, b"{}")
    assert answer.status_code == 503
    assert answer.json()["code"] == "database_unavailable"
    assert answer.headers["retry-after"] == "2"
