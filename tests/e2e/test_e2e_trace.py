"""One payment is one trace: the gateway's request, the payments service's, and the orders
service consuming the payment, with the spans kept in memory (the three services in this process)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncIterator, Iterator

import aio_pika
import httpx
import pytest
import uvicorn
from demo import Actors, Api, Story
from fastapi import FastAPI
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from system_harness import PASSWORD, RETRY_DELAYS_MS, free_port

from daikou_gateway.admin import create_staff_account
from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build as build_gateway
from daikou_kit import tracing
from daikou_kit.migrate import drop_database
from daikou_kit.testing import Infra, delete_namespace_queues, eventually
from daikou_orders.settings import OrdersSettings
from daikou_orders.wiring import build as build_orders
from daikou_payments.settings import PaymentsSettings
from daikou_payments.wiring import build as build_payments

pytestmark = pytest.mark.e2e
RUNNING = ("orders", "payments", "gateway")
ABSENT = ("messaging", "warehouse", "scheduler", "notifications")


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    yield exporter
    tracing.use_provider(None)


@pytest.fixture
def ports(infra: Infra, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The environment of a small system (orders, payments, the gateway); the rest is absent."""
    ports = {name: free_port() for name in (*RUNNING, *ABSENT)}
    env = {
        "DAIKOU_NAMESPACE": f"{infra.namespace}-trace",
        "DAIKOU_AMQP_URL": infra.amqp_url,
        "DAIKOU_INTERNAL_TOKEN": secrets.token_urlsafe(24),
        "DAIKOU_GATEWAY_TOKEN_SECRET": secrets.token_urlsafe(32),
        "DAIKOU_RELAY_POLL_INTERVAL_S": "0.2",
        "DAIKOU_RETRY_DELAYS_MS": json.dumps(RETRY_DELAYS_MS),
        "DAIKOU_GATEWAY_ARGON2_TIME_COST": "1",
        "DAIKOU_GATEWAY_ARGON2_MEMORY_KIB": "1024",
    }
    for service, port in ports.items():
        upper = service.upper()
        env[f"DAIKOU_{upper}_DATABASE_URL"] = infra.database_url(f"trace_{service}")
        env[f"DAIKOU_{upper}_HTTP_PORT"] = str(port)
        if service != "gateway":
            env[f"DAIKOU_GATEWAY_{upper}_URL"] = f"http://127.0.0.1:{port}"
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return ports


@contextlib.asynccontextmanager
async def serving(apps: dict[str, FastAPI], ports: dict[str, int]) -> AsyncIterator[None]:
    """Serve each app on its port in this process until the block ends."""
    servers = [
        uvicorn.Server(uvicorn.Config(app, port=ports[name], log_level="warning"))
        for name, app in apps.items()
    ]
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    try:

        async def started() -> bool:
            return all(server.started for server in servers)

        await eventually(started, timeout=120)
        yield
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)


async def staff_token(api: Api, settings: GatewaySettings) -> str:
    email = f"ops-{secrets.token_hex(3)}@daikou.example"
    args = argparse.Namespace(email=email, name="Ops", role="ops", exist_ok=False)
    assert await create_staff_account(settings, args, PASSWORD) == 0
    return await api.sign_in(email, PASSWORD)


def trace_of(spans: InMemorySpanExporter, name: str) -> list[ReadableSpan]:
    """Every span of the trace that holds the span called `name`."""
    finished = spans.get_finished_spans()
    (root,) = [s for s in finished if s.name == name]
    assert root.context is not None
    return [
        s for s in finished if s.context is not None and s.context.trace_id == root.context.trace_id
    ]


async def test_one_payment_is_one_trace_from_the_gateway_through_payments_and_orders(
    infra: Infra, ports: dict[str, int], spans: InMemorySpanExporter
) -> None:
    gateway_settings = GatewaySettings()
    apps = {
        "orders": build_orders(OrdersSettings())[1],
        "payments": build_payments(PaymentsSettings())[1],
        "gateway": build_gateway(gateway_settings)[1],
    }
    try:
        async with serving(apps, ports), contextlib.AsyncExitStack() as stack:
            client = await stack.enter_async_context(
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['gateway']}", timeout=30)
            )
            api = Api(client, say=lambda _: None, timeout_s=60)
            customer = await api.register(
                f"trace-{secrets.token_hex(4)}@example.jp", "a customer password", "Hanako"
            )
            me = await api.call("GET", "/me", customer)
            ops = await staff_token(api, gateway_settings)
            story = Story(api, Actors(customer, ops, ops, str(me["id"])))
            await story.place()
            page = await story.estimate()
            top_up = {"amount": {"amount": 1_000_000, "currency": "JPY"}, "note": "trace"}
            path = f"/staff/deposits/{story.actors.customer_id}/top-ups"
            await api.call("POST", path, ops, json=top_up, expect=201)
            billing_id = page["billing"]["data"]["first"]["billing_id"]
            spans.clear()
            pay = f"/orders/{story.order_id}/billings/{billing_id}/payments"
            await api.call("POST", pay, customer, json={"method": "transfer"})
            await api.wait_status(customer, story.order_id, "purchasing")

            async def orders_consumed() -> bool:
                name = "POST /api/v1/orders/{order_id}/billings/{billing_id}/payments"
                return any(
                    s.name.startswith("consume ") and s.attributes.get("daikou.service") == "orders"
                    for s in trace_of(spans, name)
                    if s.attributes is not None
                )

            await eventually(orders_consumed)
    finally:
        connection = await aio_pika.connect(infra.amqp_url)
        await delete_namespace_queues(connection, f"{infra.namespace}-trace")
        await connection.close()
        for service in (*RUNNING, *ABSENT):
            with contextlib.suppress(Exception):
                await drop_database(infra.database_url(f"trace_{service}"))
    trace = trace_of(spans, "POST /api/v1/orders/{order_id}/billings/{billing_id}/payments")
    by_service = {(s.attributes or {}).get("daikou.service") for s in trace}
    assert {"gateway", "payments", "orders"} <= by_service
    names = {s.name for s in trace}
    assert "POST /billings/{billing_id}/payments" in names
    roots = [s for s in trace if s.parent is None]
    assert [r.name for r in roots] == [
        "POST /api/v1/orders/{order_id}/billings/{billing_id}/payments"
    ]
