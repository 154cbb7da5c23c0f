"""One trace from an HTTP call through the outbox and the broker to the consuming handler."""

from __future__ import annotations

from collections.abc import Iterator

import aio_pika
import httpx
import pytest
from fastapi import FastAPI
from kit_harness import MakeKitService, Ping, eventually
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import text

from daikou_kit import tracing, tracing_http
from daikou_kit.relay import OutboxRelay

pytestmark = pytest.mark.integration


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    yield exporter
    tracing.use_provider(None)


async def test_a_request_its_outbox_message_and_the_consumer_share_one_trace(
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
    spans: InMemorySpanExporter,
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    app = FastAPI()
    app.add_middleware(tracing_http.TraceRequests, service="kittest")

    @app.post("/pings/{n}")
    async def ping(n: int) -> None:
        async with svc.database.unit_of_work() as uow:
            uow.emit(Ping(n=n))

    transport = httpx.ASGITransport(app=app)
    hooks = {"request": [tracing.inject_into_request]}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", event_hooks=hooks) as c:
        with tracing.span("caller", SpanKind.CLIENT):
            assert (await c.post("/pings/900")).status_code == 200
    async with svc.engine.connect() as conn:
        stored = (await conn.execute(text("SELECT traceparent FROM outbox"))).scalar_one()
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()

    def named(prefix: str) -> list[ReadableSpan]:
        return [s for s in spans.get_finished_spans() if s.name.startswith(prefix)]

    async def consumed() -> bool:
        return bool(named("consume "))

    await eventually(consumed)
    (caller,), (server,), (consumer,) = named("caller"), named("POST"), named("consume ")
    assert server.name == "POST /pings/{n}"
    assert caller.context is not None
    assert server.context is not None
    assert consumer.context is not None
    trace_id = caller.context.trace_id
    assert server.context.trace_id == consumer.context.trace_id == trace_id
    assert server.parent is not None
    assert server.parent.span_id == caller.context.span_id
    assert consumer.parent is not None
    assert consumer.parent.span_id == server.context.span_id
    assert stored is not None
    assert f"{trace_id:032x}" in stored
    assert consumer.kind is SpanKind.CONSUMER


async def test_off_no_span_and_no_trace_context_is_written(
    kit_service: MakeKitService,
) -> None:
    assert not tracing.enabled()
    svc = await kit_service()
    with tracing.span("nothing", SpanKind.INTERNAL) as current:
        assert current is None
        await svc.emit(Ping(n=901))
    async with svc.engine.connect() as conn:
        stored = (await conn.execute(text("SELECT traceparent FROM outbox"))).scalar_one()
    assert stored is None
