"""Run a service: its HTTP API, its consumers and its outbox relay in one process, one lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

import aio_pika
import uvicorn
from aio_pika.abc import AbstractRobustConnection
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from daikou_kit.clock import Clock
from daikou_kit.consumer import ConsumerWiring, QueueSpec
from daikou_kit.consuming import QueueConsumers
from daikou_kit.heap import settle
from daikou_kit.logs import RequestContext, configure_logging
from daikou_kit.metrics import Metrics
from daikou_kit.metrics_http import ScrapeAccess, add_metrics
from daikou_kit.migrate import MigrationSet, ensure_database, migrate
from daikou_kit.relay import OutboxRelay, RelayConfig
from daikou_kit.settings import ServiceSettings
from daikou_kit.topology import Names
from daikou_kit.tracing import configure_tracing
from daikou_kit.tracing_http import TraceRequests
from daikou_kit.unit_of_work import Database

log = logging.getLogger(__name__)
HEALTH_TIMEOUT_S = 2.0
"""How long readiness waits for the database or broker before calling it unavailable."""


class Worker(Protocol):
    """A long-running loop a service runs beside its consumers (e.g. the scheduler's firing)."""

    async def run(self) -> None:
        """Work until stopped."""
        ...

    def stop(self) -> None:
        """Ask the loop to finish."""
        ...


@dataclass
class Service:
    """A service's parts, built in its one wiring place; `lifespan` starts and stops them."""

    settings: ServiceSettings
    engine: AsyncEngine
    database: Database
    clock: Clock
    migrations: MigrationSet
    queues: Sequence[QueueSpec] = ()
    workers: Sequence[Worker] = ()
    starters: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """Called once the service has started, before it serves (e.g. to publish configuration)."""
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """Called last when the service stops (e.g. to close an HTTP client)."""
    metrics: Metrics = field(default_factory=Metrics)
    """Its Prometheus metrics; a service adds its own to it (built before the service, if need be)."""
    consumers: ConsumerWiring = field(init=False)
    deliveries: QueueConsumers = field(init=False)
    relay: OutboxRelay | None = field(default=None, init=False)
    connection: AbstractRobustConnection | None = field(default=None, init=False)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.names = Names(s.namespace)
        self.consumers = ConsumerWiring(
            service=s.service_name,
            names=self.names,
            database=self.database,
            clock=self.clock,
            queues=self.queues,
            retry_delays_ms=s.retry_delays_ms,
            delivery_limit=s.delivery_limit,
            default_prefetch=s.prefetch,
            default_max_batch=s.consumer_max_batch,
            batch_gather_ms=s.consumer_gather_ms,
            metrics=self.metrics,
        )
        self.deliveries = QueueConsumers(s.amqp_url, graceful_timeout_s=15.0)

    async def setup(self) -> None:
        """Create the database, apply migrations and declare the broker topology."""
        await ensure_database(self.settings.database_url)
        await migrate(self.settings.database_url, self.migrations)
        connection = await aio_pika.connect(self.settings.amqp_url)
        try:
            await self.consumers.declare(connection)
        finally:
            await connection.close()

    async def start(self, *, run_relay: bool = True) -> None:
        """Set up, then start the relay and the consumers."""
        await self.setup()
        self.connection = await aio_pika.connect_robust(self.settings.amqp_url)
        await self.consumers.declare(self.connection)
        if run_relay:
            self.relay = OutboxRelay(
                self.engine,
                self.connection,
                self.names,
                self.relay_config(),
                self.clock_for_relay(),
                metrics=self.metrics,
            )
            self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        for worker in self.workers:
            self._tasks.append(asyncio.create_task(worker.run(), name=type(worker).__name__))
        await self.deliveries.start(self.consumers.consumers())

    def relay_config(self) -> RelayConfig:
        """The relay's settings."""
        s = self.settings
        return RelayConfig(
            batch_size=s.relay_batch_size,
            poll_interval_s=s.relay_poll_interval_s,
            publish_timeout_s=s.relay_publish_timeout_s,
            outbox_retention=timedelta(hours=s.outbox_retention_hours),
            inbox_retention=timedelta(days=s.inbox_retention_days),
        )

    def clock_for_relay(self) -> Clock | None:
        """The relay timestamps with the real clock unless a service says otherwise."""
        return None

    async def stop(self) -> None:
        """Stop consuming (in-flight messages finish), then the relay, then the connections."""
        await self.deliveries.stop()
        for worker in self.workers:
            worker.stop()
        if self.relay is not None:
            self.relay.stop()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=15)
        self._tasks.clear()
        await self.consumers.close()
        if self.connection is not None:
            await self.connection.close()
        for close in self.closers:
            await close()
        await self.engine.dispose()

    async def scrape_probes(self) -> None:
        """Read the metrics' database gauges (outbox, inbox, a service's own)."""
        await self.metrics.refresh(self.engine, self.clock.now())

    async def health(self) -> dict[str, str]:
        """Readiness: the database answers `SELECT 1` and the broker connections are up."""
        status = {"service": self.settings.service_name, "database": "ok", "broker": "ok"}
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_S), self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            status["database"] = f"unavailable: {type(exc).__name__}"
        if not await self.broker_connected():
            status["broker"] = "unavailable"
        status["status"] = "ok" if status["database"] == status["broker"] == "ok" else "degraded"
        return status

    async def broker_connected(self) -> bool:
        """Whether the relay's connection and the consumers' connection are both open now.

        A robust connection is never `is_closed` while it reconnects, so this reads whether it is
        connected at this moment.
        """
        if self.connection is None or not self.connection.connected.is_set():
            return False
        return self.deliveries.connected

    @asynccontextmanager
    async def lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        """FastAPI lifespan: start everything, yield, stop everything."""
        await self.start()
        try:
            for starter in self.starters:
                await starter()
            yield
        finally:
            await self.stop()


def add_health_route(app: FastAPI, service: Service) -> None:
    """Liveness and readiness, apart.

    - `GET /health/live`: 200 whenever the process serves requests (a supervisor restarts a
      service only when this fails), with this process's id and how many messages it consumed
      and relayed since it started (replicas show how they share the work);
    - `GET /health/ready`: 200 when the database and broker answer, 503 otherwise (a load balancer
      sends no traffic to it then);
    - `GET /health`: the same as `/health/ready`;
    - `GET /metrics`: the service's Prometheus metrics (`daikou_kit.metrics`), and every request
      counted and timed by its route template; and the log lines of every request carry its
      correlation id and order id (`daikou_kit.logs`), and, when tracing is on, each request is a
      span (`daikou_kit.tracing`).
    """
    settings = service.settings
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    access = ScrapeAccess(token=token, public=settings.public)
    add_metrics(app, service.metrics, service.scrape_probes, access)
    app.add_middleware(RequestContext)
    app.add_middleware(TraceRequests, service=service.settings.service_name)

    async def ready() -> JSONResponse:
        status = await service.health()
        return JSONResponse(status, status_code=200 if status["status"] == "ok" else 503)

    async def live() -> JSONResponse:
        return JSONResponse(
            {
                "service": service.settings.service_name,
                "status": "live",
                "pid": os.getpid(),
                "consumed": service.consumers.counts.get("handled", 0),
                "relayed": service.relay.published if service.relay is not None else 0,
            }
        )

    app.add_api_route("/health", ready, methods=["GET"], tags=["ops"], response_model=None)
    for path, probe in (("/health/ready", ready), ("/health/live", live)):
        app.add_api_route(
            path, probe, methods=["GET"], response_model=None, include_in_schema=False
        )


def refuse_placeholder_secrets(settings: ServiceSettings) -> None:
    """Exit when a secret is still a placeholder, unless `DAIKOU_DEV_MODE=true` says so."""
    weak = settings.placeholder_secrets()
    if not weak:
        return
    if settings.dev_mode:
        log.warning("development mode: %s is a placeholder secret", ", ".join(weak))
        return
    log.critical(
        "%s is not set to a random secret (at least 16 characters); refusing to start. "
        "`make run` generates them in var/secrets.env; DAIKOU_DEV_MODE=true allows placeholders.",
        ", ".join(weak),
    )
    raise SystemExit(2)


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run the app with uvicorn, logging by `daikou_kit.logs`; SIGINT/SIGTERM stop it gracefully."""
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    refuse_placeholder_secrets(settings)
    settle()  # the imports' and the wiring's objects, out of every later collection
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        log_config=None,  # uvicorn's lines go through the service's handler too
    )
