"""OpenTelemetry tracing across HTTP and AMQP, off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set.

Policy:
- off (the default), every function here returns at once: no span, no header, no cost;
- on, a request is a server span (its name the route template), continuing the caller's W3C
  `traceparent`; the gateway's calls to the services carry it on (an httpx request hook);
- a message written to the outbox keeps the `traceparent` of the span that wrote it (a column of
  its row), the relay publishes it as a message header, and the consumer's span continues it, so
  one customer action is one trace however many services and hops it takes; a retried or
  dead-lettered copy keeps the header;
- spans are exported by OTLP over HTTP (the standard `OTEL_*` variables configure the exporter).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind, Tracer, get_current_span
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    import httpx

TRACEPARENT = "traceparent"
_PROPAGATOR = TraceContextTextMapPropagator()


class _Switch:
    """Where the tracer lives: None while tracing is off."""

    tracer: Tracer | None = None


_SWITCH = _Switch()


def configure_tracing(service: str) -> bool:
    """Export spans by OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; says whether it is on."""
    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": f"daikou-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    use_provider(provider)
    return True


def use_provider(provider: TracerProvider | None) -> None:
    """Trace into `provider` (tests pass one with an in-memory exporter); None turns tracing off."""
    _SWITCH.tracer = provider.get_tracer("daikou") if provider is not None else None


def enabled() -> bool:
    """Whether spans are recorded."""
    return _SWITCH.tracer is not None


def current_trace_id() -> str | None:
    """The id of the current trace, as 32 hex digits (None when off or outside any span)."""
    if _SWITCH.tracer is None:
        return None
    context = get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else None


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the current span (None when off or outside any span)."""
    if _SWITCH.tracer is None:
        return None
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get(TRACEPARENT)


@contextmanager
def span(
    name: str,
    kind: SpanKind,
    *,
    parent: Mapping[str, Any] | None = None,
    attributes: Mapping[str, str] | None = None,
) -> Iterator[Span | None]:
    """A span around the block, continuing `parent`'s `traceparent` when given; None when off."""
    tracer = _SWITCH.tracer
    if tracer is None:
        yield None
        return
    context = _PROPAGATOR.extract(_text_headers(parent)) if parent is not None else None
    with tracer.start_as_current_span(
        name, context=context, kind=kind, attributes=dict(attributes or {})
    ) as current:
        yield current


def capture() -> Context | None:
    """The current trace context, to continue in another task (None when off)."""
    return otel_context.get_current() if _SWITCH.tracer is not None else None


@contextmanager
def attached(context: Context | None) -> Iterator[None]:
    """Make a captured context current inside the block."""
    if context is None:
        yield
        return
    token = otel_context.attach(context)
    try:
        yield
    finally:
        otel_context.detach(token)


async def inject_into_request(request: httpx.Request) -> None:
    """An httpx request hook: the call carries the current span's `traceparent`."""
    if _SWITCH.tracer is not None:
        _PROPAGATOR.inject(request.headers)


def _text_headers(headers: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(k).lower(): v.decode("latin-1") if isinstance(v, bytes) else str(v)
        for k, v in headers.items()
    }
