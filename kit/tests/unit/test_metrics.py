"""The kit's Prometheus collectors: route templates as labels, bounded keys, scrape-time probes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
from fastapi import FastAPI, HTTPException
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from daikou_kit.metrics import OTHER_KEY, Metrics, bounded_key
from daikou_kit.metrics_http import ScrapeAccess, add_metrics

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def app_with(metrics: Metrics) -> FastAPI:
    app = FastAPI()
    add_metrics(app, metrics)

    @app.get("/orders/{order_id}")
    async def order(order_id: str) -> dict[str, str]:
        if order_id == "missing":
            raise HTTPException(404, "no such order")
        return {"order_id": order_id}

    return app


async def get(app: FastAPI, *paths: str) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return [await client.get(path) for path in paths]


async def test_requests_are_labelled_by_route_template_never_by_raw_path() -> None:
    metrics = Metrics()
    await get(app_with(metrics), "/orders/A-1", "/orders/B-2", "/orders/missing", "/nowhere/C-3")
    sample = metrics.registry.get_sample_value
    labels = {"method": "GET", "route": "/orders/{order_id}"}
    assert sample("daikou_http_requests_total", {**labels, "status": "200"}) == 2
    assert sample("daikou_http_requests_total", {**labels, "status": "404"}) == 1
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert sample("daikou_http_requests_total", unmatched) == 1
    assert sample("daikou_http_request_seconds_count", labels) == 3
    text = metrics.exposition().decode()
    for raw in ("A-1", "B-2", "C-3", "/nowhere"):
        assert raw not in text


async def test_the_metrics_route_serves_the_text_format() -> None:
    metrics = Metrics()
    metrics.published.labels("orders.order.placed.v1").inc(3)
    (response,) = await get(app_with(metrics), "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'daikou_messages_published_total{routing_key="orders.order.placed.v1"} 3.0' in (
        response.text
    )


async def test_a_mounted_app_counts_under_the_mount_path_and_its_route_template() -> None:
    metrics = Metrics()
    outer = FastAPI()
    outer.mount("/api/v1", app_with(Metrics()))
    add_metrics(outer, metrics)
    await get(outer, "/api/v1/orders/A-1")
    labels = {"method": "GET", "route": "/api/v1/orders/{order_id}", "status": "200"}
    assert metrics.registry.get_sample_value("daikou_http_requests_total", labels) == 1


async def test_an_unknown_method_is_counted_as_other() -> None:
    metrics = Metrics()
    transport = httpx.ASGITransport(app=app_with(metrics))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        await client.request("BREW", "/orders/A-1")
    labels = {"method": "other", "route": "/orders/{order_id}", "status": "405"}
    assert metrics.registry.get_sample_value("daikou_http_requests_total", labels) == 1


def test_a_routing_key_outside_the_bound_ones_counts_as_other() -> None:
    known = ["orders.order.placed.v1"]
    assert bounded_key("orders.order.placed.v1", known) == "orders.order.placed.v1"
    assert bounded_key("orders.order.1234.v1", known) == OTHER_KEY
    assert bounded_key(None, known) == OTHER_KEY


class FakeEngine:
    """Hands out a dummy connection; counts how often."""

    def __init__(self) -> None:
        self.connections = 0

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[Any]:
        self.connections += 1
        yield object()


def as_engine(fake: FakeEngine) -> AsyncEngine:
    return cast(AsyncEngine, fake)


async def test_probes_run_at_scrape_time_at_most_once_per_interval() -> None:
    metrics = Metrics(probe_every_s=3600)
    metrics._probes.clear()
    seen: list[datetime] = []

    async def probe(_: AsyncConnection, now: datetime) -> None:
        seen.append(now)
        metrics.outbox_backlog.set(len(seen))

    metrics.add_probe("count", probe)
    engine = FakeEngine()
    await metrics.refresh(as_engine(engine), NOW)
    await metrics.refresh(as_engine(engine), NOW + timedelta(seconds=1))
    assert seen == [NOW]
    assert metrics.registry.get_sample_value("daikou_outbox_backlog") == 1
    assert metrics.registry.get_sample_value("daikou_metrics_probe_ok", {"probe": "count"}) == 1


async def test_a_failing_probe_keeps_its_last_value_and_says_so() -> None:
    metrics = Metrics(probe_every_s=0)
    metrics._probes.clear()
    calls = 0

    async def flaky(_: AsyncConnection, __: datetime) -> None:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise OSError("database went away")
        metrics.inbox_size.set(42)

    metrics.add_probe("inbox", flaky)
    await metrics.refresh(as_engine(FakeEngine()), NOW)
    await metrics.refresh(as_engine(FakeEngine()), NOW)
    assert calls == 2
    assert metrics.registry.get_sample_value("daikou_inbox_messages") == 42
    assert metrics.registry.get_sample_value("daikou_metrics_probe_ok", {"probe": "inbox"}) == 0


async def test_two_services_in_one_process_keep_their_own_counts() -> None:
    first, second = Metrics(), Metrics()
    first.consumed.labels("k", "handled").inc()
    labels = {"routing_key": "k", "outcome": "handled"}
    assert first.registry.get_sample_value("daikou_messages_consumed_total", labels) == 1
    assert second.registry.get_sample_value("daikou_messages_consumed_total", labels) is None


def test_counters_have_no_created_series() -> None:
    metrics = Metrics()
    metrics.published.labels("k").inc()
    assert "_created" not in metrics.exposition().decode()


async def test_a_public_service_serves_metrics_only_to_the_metrics_token() -> None:
    def served(access: ScrapeAccess) -> FastAPI:
        app = FastAPI()
        add_metrics(app, Metrics(), access=access)
        return app

    internal, closed, guarded = (
        served(ScrapeAccess()),
        served(ScrapeAccess(public=True)),
        served(ScrapeAccess(token="the metrics token", public=True)),
    )
    assert (await get(internal, "/metrics"))[0].status_code == 200
    refused = (await get(closed, "/metrics"))[0]
    assert refused.status_code == 403
    assert "DAIKOU_METRICS_TOKEN" in refused.json()["detail"]
    assert (await get(guarded, "/metrics"))[0].status_code == 401
    transport = httpx.ASGITransport(app=guarded)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer guessed"})
        right = await client.get("/metrics", headers={"Authorization": "Bearer the metrics token"})
    assert wrong.status_code == 401
    assert right.status_code == 200
    assert "daikou_http_requests_total" in right.text
