"""`make bench`: whole order lives per second through the public API, on the whole system.

Starts every service as its own process (a namespace and databases of its own, and the fake
PayPal), then drives complete order lives as the demo does (`scripts/demo.py`'s `Story`: a customer
registers and orders, ops estimate, the customer pays by deposit and card, ops buy, the warehouse
receives, inspects and packs, the customer pays by transfer, the warehouse ships, the customer
reports reception), `--at-once` customers at a time, served by `--staff` ops and warehouse people.
One untimed life warms the system up first (unless `make bench-quick` measured the page on the
same system just before). Reports lives per second, events per second (the rows
every service's relay published in the window, read from its outbox), the CPU seconds each process
spent and the peak RSS of each service process.
Usage: bench_lifecycle.py [--quick] [--lives N] [--at-once C] [--staff S] [--poll-ms MS]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
from bench_results import Row, percentile, print_table, save, say, with_flags
from bench_system import PASSWORD, PAYPAL, SERVICES, BenchSystem, cpu_now, rss_mb, running
from demo import CUSTOMER_PASSWORD, Actors, Api, StepFailed, Story

from daikou_kit.db import asyncpg_dsn

RSS_TARGET_MB = 200
PUBLISHED = "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL"


@dataclass(frozen=True)
class Config:
    """How much to drive."""

    lives: int
    at_once: int
    staff: int
    poll_ms: float
    warm_up: bool = True


FULL = Config(lives=200, at_once=32, staff=4, poll_ms=250)
QUICK = Config(lives=6, at_once=6, staff=1, poll_ms=250)


@dataclass
class Lives:
    """Order lives driven through one client, and what became of them."""

    api: Api
    staff: list[tuple[str, str]]
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    async def actors(self, n: int) -> Actors:
        """A new customer, registered and signed in, with the `n`-th pair of staff."""
        email = f"life-{uuid.uuid4().hex[:10]}@example.jp"
        token = await self.api.register(email, CUSTOMER_PASSWORD, "Bench Customer")
        me = await self.api.call("GET", "/me", token)
        ops, warehouse = self.staff[n % len(self.staff)]
        return Actors(token, ops, warehouse, str(me["id"]))

    async def one(self, n: int) -> None:
        """One life, from registration to the completed order (a failure is recorded)."""
        start = time.perf_counter()
        try:
            story = Story(self.api, await self.actors(n))
            await story.run()
        except (StepFailed, httpx.HTTPError, KeyError) as exc:
            self.failures.append(f"{type(exc).__name__}: {exc}"[:300])
            return
        self.seconds.append(time.perf_counter() - start)

    async def drive(self, count: int, at_once: int) -> None:
        """`count` lives, `at_once` at a time (each customer starts the next life when done)."""
        numbers = iter(range(count))

        async def customer() -> None:
            for n in numbers:
                await self.one(n)

        await asyncio.gather(*(customer() for _ in range(at_once)))


async def published_events(system: BenchSystem) -> int:
    """The rows every service's relay has published so far."""
    total = 0
    for service in SERVICES:
        conn = await asyncpg.connect(asyncpg_dsn(system.database_url(service)))
        try:
            with contextlib.suppress(asyncpg.UndefinedTableError):
                total += int(await conn.fetchval(PUBLISHED))
        finally:
            await conn.close()
    return total


async def staff_tokens(system: BenchSystem, api: Api, pairs: int) -> list[tuple[str, str]]:
    """`pairs` (ops, warehouse) staff, made with the operator's command and signed in."""
    roles = ("ops", "warehouse")
    made = await asyncio.gather(*(asyncio.to_thread(system.staff_emails, r, pairs) for r in roles))
    tokens = [[await api.sign_in(email, PASSWORD) for email in emails] for emails in made]
    return list(zip(tokens[0], tokens[1], strict=True))


@contextlib.contextmanager
def window(system: BenchSystem, into: dict[str, Any]) -> Iterator[None]:
    """Wall-clock seconds and CPU seconds per process spent inside the block, into `into`."""
    before, start = cpu_now(system), time.perf_counter()
    yield
    into["seconds"] = time.perf_counter() - start
    after = cpu_now(system)
    into["cpu_s"] = {name: after[name] - before.get(name, 0.0) for name in after}


async def measure(system: BenchSystem, config: Config) -> dict[str, Any]:
    """One warm-up life (if asked), then the measured lives; the figures."""
    limits = httpx.Limits(max_connections=config.at_once * 2 + 8)
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=60, limits=limits) as client:
        api = Api(client, say=lambda _: None, timeout_s=180, poll_s=config.poll_ms / 1000)
        lives = Lives(api, await staff_tokens(system, api, config.staff))
        if config.warm_up:
            await warm_up(lives)
        say(f"{config.lives} lives, {config.at_once} customers at a time")
        events_before = await published_events(system)
        result: dict[str, Any] = {}
        with window(system, result):
            await lives.drive(config.lives, config.at_once)
        events = await published_events(system) - events_before
    result.update(figures(lives, events, result["seconds"]))
    result["busy_retries"] = api.busy_retries
    result["rss_mb"] = {name: rss_mb(system.processes[name].pid) for name in SERVICES}
    return result


async def warm_up(lives: Lives) -> None:
    """One life, not counted."""
    say("one life to warm up")
    await lives.one(0)
    if lives.failures:
        say(f"the warm-up life failed: {lives.failures[0]}")
    lives.seconds.clear()
    lives.failures.clear()


def figures(lives: Lives, events: int, seconds: float) -> dict[str, Any]:
    """Rates and life times of a window."""
    completed = len(lives.seconds)
    return {
        "orders_per_s": completed / seconds,
        "events_per_s": events / seconds,
        "events_per_order": events / max(1, completed),
        "completed": completed,
        "failed": len(lives.failures),
        "failures": lives.failures[:5],
        "life_p50_s": percentile(lives.seconds, 50),
        "life_p99_s": percentile(lives.seconds, 99),
    }


async def run(config: Config) -> dict[str, Any]:
    """A fresh system with the fake PayPal, measured; the services' logs kept on failure."""
    say("starting the system")
    async with running({}, also=(PAYPAL,)) as system:
        return await measure(system, config)


def report(result: dict[str, Any], config: Config) -> dict[str, Any]:
    """Print the table; the keys for the results file."""
    seconds = result["seconds"]
    rows = [
        Row("whole order lives", result["orders_per_s"], "orders/s", None, True),
        Row("events published", result["events_per_s"], "events/s", None, True),
        Row("  events per order", result["events_per_order"], "events", None, True),
        Row("one life, p50", result["life_p50_s"], "s", None, False),
        Row("one life, p99", result["life_p99_s"], "s", None, False),
    ]
    rows += [
        Row(f"peak RSS, {name}", mb, "MB", RSS_TARGET_MB, False)
        for name, mb in result["rss_mb"].items()
    ]
    print(
        f"\nwhole lives: {result['completed']} completed, {result['failed']} failed in "
        f"{seconds:.1f}s; {config.at_once} customers at a time, {config.staff} ops + warehouse; "
        f"{result['busy_retries']} steps sent again after a 503 busy"
    )
    print_table(rows)
    completed = max(1, result["completed"])
    per_order = {name: s * 1000 / completed for name, s in result["cpu_s"].items()}
    spent = (f"{name} {s:.1f} ({per_order[name]:.0f})" for name, s in result["cpu_s"].items())
    print("CPU s in the window (ms per order): " + ", ".join(spent))
    for failure in result["failures"]:
        print(f"  failed: {failure}")
    lifecycle = {k: v for k, v in result.items() if k not in ("rss_mb", "failures")}
    lifecycle.update(at_once=config.at_once, staff=config.staff, cpu_ms_per_order=per_order)
    return {"lifecycle": lifecycle, "rss_mb": result["rss_mb"]}


def main() -> None:
    """Parse the flags, measure, print and save."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts, a short run")
    parser.add_argument("--lives", type=int)
    parser.add_argument("--at-once", type=int)
    parser.add_argument("--staff", type=int)
    parser.add_argument("--poll-ms", type=float, help="the demo's polling period (250)")
    args = parser.parse_args()
    config = with_flags(QUICK if args.quick else FULL, args)
    save(report(asyncio.run(run(config)), config))


if __name__ == "__main__":
    main()
