"""Tracing is off unless an OTLP endpoint is configured; off, it writes and sends nothing."""

from __future__ import annotations

import httpx
import pytest
from opentelemetry.trace import SpanKind

from daikou_kit import tracing


async def test_off_by_default_nothing_is_recorded_or_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert tracing.configure_tracing("orders") is False
    assert not tracing.enabled()
    request = httpx.Request("GET", "http://orders/orders")
    with tracing.span("work", SpanKind.INTERNAL) as current:
        await tracing.inject_into_request(request)
        assert current is None
        assert tracing.current_traceparent() is None
        assert tracing.current_trace_id() is None
        assert tracing.capture() is None
    assert "traceparent" not in request.headers


async def test_with_an_endpoint_tracing_is_on_and_calls_carry_the_trace_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "always_off")  # recorded nowhere: nothing to export
    try:
        assert tracing.configure_tracing("orders") is True
        request = httpx.Request("GET", "http://payments/billings")
        with tracing.span("work", SpanKind.INTERNAL) as current:
            await tracing.inject_into_request(request)
            traceparent = tracing.current_traceparent()
        assert current is not None
        assert traceparent is not None
        assert request.headers["traceparent"] == traceparent
        assert f"{current.get_span_context().trace_id:032x}" in traceparent
    finally:
        tracing.use_provider(None)
