"""Liveness and readiness apart: live while the process serves, ready only with database and broker."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from daikou_kit.clock import SystemClock
from daikou_kit.db import create_engine
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, add_health_route
from daikou_kit.settings import ServiceSettings
from daikou_kit.testing import Infra, MakeDatabase, running
from daikou_kit.unit_of_work import Database

pytestmark = pytest.mark.integration
NO_MIGRATIONS = MigrationSet("health-test", Path(__file__).parent / "no-such-directory")


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_on(database_url: str, amqp_url: str, namespace: str) -> tuple[Service, FastAPI]:
    settings = ServiceSettings(database_url=database_url, amqp_url=amqp_url, namespace=namespace)
    engine = create_engine(database_url, pool_size=1)
    clock = SystemClock()
    service = Service(settings, engine, Database(engine, clock), clock, NO_MIGRATIONS)
    app = FastAPI(lifespan=service.lifespan)
    add_health_route(app, service)
    return service, app


async def test_a_running_service_is_live_and_ready(
    infra: Infra, make_database: MakeDatabase
) -> None:
    url = await make_database("health", None)
    _, app = service_on(url, infra.amqp_url, infra.namespace)
    async with running(app) as client:
        live = (await client.get("/health/live")).json()
        assert live["consumed"] == live["relayed"] == 0
        for path in ("/health/live", "/health/ready", "/health"):
            response = await client.get(path)
            assert response.status_code == 200, (path, response.text)
        ready = (await client.get("/health/ready")).json()
        assert ready["database"] == ready["broker"] == "ok"


async def test_without_database_or_broker_it_is_live_but_not_ready(infra: Infra) -> None:
    port = closed_port()
    service, app = service_on(
        f"postgresql+asyncpg://postgres@127.0.0.1:{port}/nothing",
        f"amqp://guest:guest@127.0.0.1:{port}/",
        infra.namespace,
    )
    transport = httpx.ASGITransport(app=app)  # no lifespan: nothing was ever connected
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        assert (await client.get("/health/live")).status_code == 200
        for path in ("/health/ready", "/health"):
            response = await client.get(path)
            assert response.status_code == 503, (path, response.text)
            body = response.json()
            assert body["database"].startswith("unavailable")
            assert body["broker"] == "unavailable"
    await service.engine.dispose()
