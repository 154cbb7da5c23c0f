"""Prometheus metrics of a service: one registry per service, served at `GET /metrics`.

Policy:
- labels are bounded: routing keys a queue is bound to (a delivery under any other key counts as
  `other`), route templates (`/orders/{order_id}`, never the raw path; a request no route matched
  counts as `unmatched`), methods, status codes, outcomes and reasons; never an id;
- the hot path only increments counters and observes histograms (no I/O);
- gauges that need the database (outbox backlog, oldest unsent message, inbox size, a service's
  own such as pending deadlines) are read by probes when `/metrics` is scraped, at most once per
  `probe_every_s`, each under a timeout; a failing probe keeps its last values and sets
  `daikou_metrics_probe_ok{probe}` to 0.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)
disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` series: nothing reads them

CONTENT_TYPE = CONTENT_TYPE_LATEST
OTHER_KEY = "other"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Probe = Callable[[AsyncConnection, datetime], Awaitable[None]]
"""Reads gauges from the database: (a read-only connection, the service clock's now)."""

_OUTBOX = text(
    "SELECT count(*) AS backlog, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL"
)
_INBOX = text("SELECT count(*) FROM inbox")


class Metrics:
    """A service's metrics; the kit's consumers, relay and HTTP middleware record into it."""

    def __init__(self, *, probe_every_s: float = 5.0, probe_timeout_s: float = 2.0) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._probe_every_s = probe_every_s
        self._probe_timeout_s = probe_timeout_s
        self._probes: dict[str, Probe] = {}
        self._probed_at: float | None = None
        self._probing = asyncio.Lock()
        self._messages()
        self._gauges()
        self._http()
        self.add_probe("outbox", self._probe_outbox)
        self.add_probe("inbox", self._probe_inbox)

    def _messages(self) -> None:
        r = self.registry
        self.consumed = Counter(
            "daikou_messages_consumed",
            "Deliveries consumed, by routing key and outcome "
            "(handled, duplicate, retried, dead-lettered, requeued)",
            ["routing_key", "outcome"],
            registry=r,
        )
        self.retried = Counter(
            "daikou_messages_retried",
            "Deliveries sent to a waiting queue for another attempt",
            ["routing_key"],
            registry=r,
        )
        self.dead_lettered = Counter(
            "daikou_messages_dead_lettered",
            "Deliveries dead-lettered, by reason (malformed, rejected, retries-exhausted, delivery-limit)",
            ["routing_key", "reason"],
            registry=r,
        )
        self.handler_seconds = Histogram(
            "daikou_message_handler_seconds",
            "Time from delivery to its outcome (decode, transaction, retry or dead letter)",
            ["routing_key"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.published = Counter(
            "daikou_messages_published",
            "Outbox messages the relay published and the broker confirmed",
            ["routing_key"],
            registry=r,
        )
        self.publish_failures = Counter(
            "daikou_messages_publish_failures",
            "Outbox messages the broker did not confirm (the relay tries them again)",
            ["routing_key"],
            registry=r,
        )

    def _gauges(self) -> None:
        r = self.registry
        self.outbox_backlog = Gauge(
            "daikou_outbox_backlog", "Outbox messages not yet published", registry=r
        )
        self.outbox_oldest_age = Gauge(
            "daikou_outbox_oldest_unsent_age_seconds",
            "Age of the oldest unpublished outbox message (0 when none)",
            registry=r,
        )
        self.inbox_size = Gauge(
            "daikou_inbox_messages", "Consumed message ids the inbox remembers", registry=r
        )
        self.probe_ok = Gauge(
            "daikou_metrics_probe_ok",
            "1 when the probe read its gauges at the last scrape, 0 when it failed",
            ["probe"],
            registry=r,
        )

    def _http(self) -> None:
        r = self.registry
        self.http_requests = Counter(
            "daikou_http_requests",
            "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"],
            registry=r,
        )
        self.http_seconds = Histogram(
            "daikou_http_request_seconds",
            "Time until the response's status and headers were sent, by method and route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )

    def counter(self, name: str, doc: str, labels: Sequence[str] = ()) -> Counter:
        """A service's own counter (`_total` is appended to the name)."""
        return Counter(name, doc, list(labels), registry=self.registry)

    def gauge(self, name: str, doc: str, labels: Sequence[str] = ()) -> Gauge:
        """A service's own gauge."""
        return Gauge(name, doc, list(labels), registry=self.registry)

    def histogram(
        self, name: str, doc: str, buckets: Sequence[float], labels: Sequence[str] = ()
    ) -> Histogram:
        """A service's own histogram."""
        return Histogram(name, doc, list(labels), buckets=list(buckets), registry=self.registry)

    def add_probe(self, name: str, probe: Probe) -> None:
        """Read some gauges from the database at scrape time (see the module docstring)."""
        self._probes[name] = probe

    async def refresh(self, engine: AsyncEngine, now: datetime) -> None:
        """Run the probes unless they ran within `probe_every_s`."""
        async with self._probing:
            loop = asyncio.get_running_loop()
            if self._probed_at is not None and loop.time() - self._probed_at < self._probe_every_s:
                return
            for name, probe in self._probes.items():
                self.probe_ok.labels(name).set(await self._run_probe(engine, name, probe, now))
            self._probed_at = loop.time()

    async def _run_probe(self, engine: AsyncEngine, name: str, probe: Probe, now: datetime) -> int:
        try:
            async with asyncio.timeout(self._probe_timeout_s), engine.connect() as conn:
                await probe(conn, now)
            return 1
        except Exception as exc:
            log.warning("metrics: probe %s failed (%s: %s)", name, type(exc).__name__, exc)
            return 0

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)

    async def _probe_outbox(self, conn: AsyncConnection, now: datetime) -> None:
        row = (await conn.execute(_OUTBOX)).one()
        self.outbox_backlog.set(row.backlog)
        age = (now - row.oldest).total_seconds() if row.oldest is not None else 0.0
        self.outbox_oldest_age.set(max(age, 0.0))

    async def _probe_inbox(self, conn: AsyncConnection, _: datetime) -> None:
        self.inbox_size.set((await conn.execute(_INBOX)).scalar_one())


def bounded_key(key: str | None, known: Sequence[str]) -> str:
    """`key` when it is one of `known`, else `other` (a label set never grows from input)."""
    return key if key is not None and key in known else OTHER_KEY


class Stopwatch:
    """Seconds since it was made, on the monotonic clock."""

    def __init__(self) -> None:
        self._start = time.perf_counter()

    def seconds(self) -> float:
        """Elapsed seconds."""
        return time.perf_counter() - self._start
