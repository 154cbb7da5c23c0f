"""`/metrics` while the broker is stopped: the outbox backlog and the age of its oldest message rise,
publishing failures are counted, and both fall back to nothing once the broker returns."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from fastapi import FastAPI
from fault_harness import Servers

from daikou_contracts.message import Event
from daikou_contracts.registry import register
from daikou_kit.clock import SystemClock
from daikou_kit.db import create_engine
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet, drop_database
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.settings import ServiceSettings
from daikou_kit.testing import eventually, metric_value, running
from daikou_kit.unit_of_work import Database

pytestmark = pytest.mark.fault
NO_MIGRATIONS = MigrationSet("metrics-fault", Path(__file__).parent / "no-such-directory")


@register
class Beacon(Event):
    """A message nobody consumes, only published."""

    TYPE = "faulttest.beacon"
    VERSION = 1

    n: int


def service_on(servers: Servers, url: str) -> tuple[Service, FastAPI]:
    settings = ServiceSettings(
        database_url=url,
        amqp_url=servers.rabbit.amqp_url,
        namespace="faultmetrics",
        relay_poll_interval_s=0.2,
        relay_publish_timeout_s=2,
    )
    engine = create_engine(url, pool_size=2)
    clock = SystemClock()
    metrics = Metrics(probe_every_s=0)
    service = Service(
        settings, engine, Database(engine, clock), clock, NO_MIGRATIONS, metrics=metrics
    )
    app = FastAPI(lifespan=service.lifespan)
    add_health_route(app, service)
    return service, app


async def test_the_outbox_backlog_rises_while_the_broker_is_stopped_and_falls_after(
    servers: Servers,
) -> None:
    url = f"{servers.postgres.server_url}/metrics_fault_{uuid.uuid4().hex[:6]}"
    service, app = service_on(servers, url)
    try:
        async with running(app) as client:

            async def scrape(name: str, **labels: str) -> float:
                text = (await client.get("/metrics")).text
                return metric_value(text, name, **labels) or 0.0

            await asyncio.to_thread(servers.rabbit.stop_app)
            try:
                async with service.database.unit_of_work() as uow:
                    for n in range(5):
                        uow.emit(Beacon(n=n))

                async def stuck() -> bool:
                    failed = await scrape("daikou_messages_publish_failures_total")
                    return (
                        failed >= 1 or await scrape("daikou_outbox_oldest_unsent_age_seconds") >= 2
                    )

                await eventually(stuck, timeout=60)
                assert await scrape("daikou_outbox_backlog") == 5
                assert await scrape("daikou_outbox_oldest_unsent_age_seconds") > 0
            finally:
                await asyncio.to_thread(servers.rabbit.start_app)

            async def drained() -> bool:
                return await scrape("daikou_outbox_backlog") == 0

            await eventually(drained, timeout=180)
            key = Beacon.routing_key()
            assert await scrape("daikou_messages_published_total", routing_key=key) == 5
            assert await scrape("daikou_outbox_oldest_unsent_age_seconds") == 0
    finally:
        await drop_database(url)
