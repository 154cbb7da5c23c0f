"""`/metrics` on a running service: message counts per routing key and the outbox backlog."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import aio_pika
import pytest
from fastapi import FastAPI
from kit_harness import FAILURES, MakeKitService, Ping, eventually

from daikou_kit.clock import ManualClock
from daikou_kit.db import create_engine
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.relay import OutboxRelay
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.settings import ServiceSettings
from daikou_kit.testing import Infra, MakeDatabase, running
from daikou_kit.unit_of_work import Database

pytestmark = pytest.mark.integration
NO_MIGRATIONS = MigrationSet("metrics-test", Path(__file__).parent / "no-such-directory")
PING_KEY = Ping.routing_key()


def scraped(text: str, name: str) -> float:
    """The value of an unlabelled sample in the text format."""
    match = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    assert match, f"{name} not in the scrape"
    return float(match.group(1))


async def test_consumed_retried_and_dead_lettered_messages_are_counted_per_routing_key(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service(retry_delays_ms=(100,))
    await svc.start_consumer()
    FAILURES.pop(401, None)
    await svc.emit(Ping(n=400), Ping(n=401, fail_times=99), Ping(n=402, permanent=True))
    relay = OutboxRelay(svc.engine, amqp_connection, svc.names, metrics=svc.wiring.metrics)
    await relay.drain_once()
    sample = svc.wiring.metrics.registry.get_sample_value

    async def settled() -> bool:
        return len(svc.wiring.outcomes) >= 4  # 400 handled, 401 retried then dead, 402 dead

    await eventually(settled)
    assert sample("daikou_messages_published_total", {"routing_key": PING_KEY}) == 3
    handled = {"routing_key": PING_KEY, "outcome": "handled"}
    assert sample("daikou_messages_consumed_total", handled) == 1
    assert sample("daikou_messages_retried_total", {"routing_key": PING_KEY}) == 1
    for reason in ("retries-exhausted", "rejected"):
        labels = {"routing_key": PING_KEY, "reason": reason}
        assert sample("daikou_messages_dead_lettered_total", labels) == 1
    assert sample("daikou_message_handler_seconds_count", {"routing_key": PING_KEY}) == 4


def service_on(url: str, infra: Infra, clock: ManualClock) -> tuple[Service, FastAPI]:
    settings = ServiceSettings(database_url=url, amqp_url=infra.amqp_url, namespace=infra.namespace)
    engine = create_engine(url, pool_size=2)
    service = Service(
        settings,
        engine,
        Database(engine, clock),
        clock,
        NO_MIGRATIONS,
        metrics=Metrics(probe_every_s=0),
    )
    app = FastAPI(lifespan=service.lifespan)
    add_health_route(app, service)
    return service, app


async def test_the_outbox_backlog_rises_while_the_relay_cannot_publish_and_falls_after(
    infra: Infra, make_database: MakeDatabase
) -> None:
    clock = ManualClock()
    service, app = service_on(await make_database("metrics", None), infra, clock)
    async with running(app) as client:
        assert service.relay is not None
        service.relay.stop()  # the relay is down: nothing leaves the outbox
        (task,) = [t for t in asyncio.all_tasks() if t.get_name() == "outbox-relay"]
        await asyncio.wait_for(task, 15)
        async with service.database.unit_of_work() as uow:
            for n in range(3):
                uow.emit(Ping(n=n))
        clock.advance(timedelta(seconds=90))
        stuck = (await client.get("/metrics")).text
        assert scraped(stuck, "daikou_outbox_backlog") == 3
        assert scraped(stuck, "daikou_outbox_oldest_unsent_age_seconds") == 90

        assert service.connection is not None
        relay = OutboxRelay(
            service.engine, service.connection, service.names, metrics=service.metrics
        )
        await relay.drain_once()

        async def drained() -> bool:
            text = (await client.get("/metrics")).text
            return scraped(text, "daikou_outbox_backlog") == 0

        await eventually(drained)
        after = (await client.get("/metrics")).text
        assert scraped(after, "daikou_outbox_oldest_unsent_age_seconds") == 0
        assert f'daikou_messages_published_total{{routing_key="{PING_KEY}"}} 3.0' in after
        assert 'route="/metrics",status="200"' in after
