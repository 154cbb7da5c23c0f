"""Structured log lines: JSON off a terminal, readable on one, with the request's or message's ids."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind

from daikou_kit import tracing
from daikou_kit.logs import RequestContext, configure_logging, log_handler, message_context

log = logging.getLogger("daikou_test_logs")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = log_handler("orders", stream, json_lines=True)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    yield stream
    log.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_in_a_message_context_carries_its_ids_and_one_outside_none(
    captured: io.StringIO,
) -> None:
    with message_context(correlation_id="flow-1", message_id="m-1", order_id=None):
        log.info("handled %s", "it")
    log.warning("idle")
    inside, outside = lines(captured)
    assert inside["message"] == "handled it"
    assert (inside["service"], inside["correlation_id"], inside["message_id"]) == (
        "orders",
        "flow-1",
        "m-1",
    )
    assert "order_id" not in inside
    assert outside["level"] == "WARNING"
    assert "correlation_id" not in outside


def test_an_exception_is_one_json_line_with_its_traceback(captured: io.StringIO) -> None:
    try:
        raise ValueError("bad")
    except ValueError:
        log.exception("failed")
    (line,) = lines(captured)
    assert "ValueError: bad" in line["exception"]


async def test_a_request_line_carries_the_correlation_header_and_the_route_order_id(
    captured: io.StringIO,
) -> None:
    app = FastAPI()
    app.add_middleware(RequestContext)

    @app.get("/orders/{order_id}")
    async def order(order_id: str) -> dict[str, str]:
        log.info("reading the order")
        return {}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        await client.get("/orders/o-77", headers={"X-Correlation-Id": "flow-9"})
    (line,) = lines(captured)
    assert (line["correlation_id"], line["order_id"]) == ("flow-9", "o-77")


def test_on_a_terminal_the_line_is_readable() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    handler = log_handler("payments", stream)
    record = logging.LogRecord("daikou_kit.consumer", logging.INFO, "", 0, "paid", None, None)
    with message_context(correlation_id="flow-3", order_id="o-1"):
        handler.handle(record)
    text = stream.getvalue()
    assert "INFO payments daikou_kit.consumer [correlation_id=flow-3 order_id=o-1] paid" in text
    assert not text.startswith("{")


def test_with_tracing_on_a_line_carries_the_trace_id(captured: io.StringIO) -> None:
    provider = TracerProvider()
    tracing.use_provider(provider)
    try:
        with tracing.span("work", SpanKind.INTERNAL) as current:
            log.info("inside a span")
        log.info("outside")
    finally:
        tracing.use_provider(None)
    assert current is not None
    inside, outside = lines(captured)
    assert inside["trace_id"] == f"{current.get_span_context().trace_id:032x}"
    assert "trace_id" not in outside


def test_configure_logging_routes_every_logger_through_one_service_handler() -> None:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    stream = io.StringIO()
    try:
        uvicorn = logging.getLogger("uvicorn")
        uvicorn.addHandler(logging.NullHandler())  # as uvicorn's own configuration leaves it
        uvicorn.propagate = False
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)  # uvicorn's log_level
        configure_logging("gateway", "warning", stream)
        logging.getLogger("uvicorn.error").warning("bound")
        logging.getLogger("daikou_gateway").info("not at this level")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved:
            root.addHandler(handler)
        root.setLevel(level)
    (line,) = lines(stream)
    assert (line["service"], line["logger"], line["message"]) == (
        "gateway",
        "uvicorn.error",
        "bound",
    )
