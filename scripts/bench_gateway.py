"""`make bench`: the order details page and the latency a customer feels, on the whole system.

Starts every service as its own process (a namespace and databases of its own), places orders as
many customers, then measures through the public API:
  page at saturation   closed loop, `--clients` concurrent signed-in customers reading their pages
  page at 50/s         open loop: one request every 20 ms whatever the answers (latency counted from
                       the scheduled start, so a slow answer cannot hide the requests behind it)
  action to page       the customer pays the 1st billing (from the deposit) through the gateway; time
                       until their order page shows "purchasing" (polled every `--poll-ms`)
Each once with the page cache off (composition only) and on (the default settings); with
`--only-cached` (as `make bench-quick` does) only on, and the `_no_cache` figures are not written.
Usage: bench_gateway.py [--quick] [--only-cached] [--seconds S] [--orders N] [--clients C]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from bench_http import PageClient
from bench_results import Row, merge, percentile, print_table, save, say, with_flags
from bench_system import PASSWORD, SERVICES, BenchSystem, cpu_now, rss_mb, running

ADDRESS = {
    "name": "Bench Taro",
    "postal_code": "150-0001",
    "prefecture": "Tokyo",
    "city": "Shibuya-ku",
    "line1": "Jingumae 1-2-3",
    "phone": "03-1234-5678",
}


@dataclass
class Customer:
    """A signed-in customer and their orders."""

    token: str
    customer_id: str
    orders: list[str] = field(default_factory=list)


class Api:
    """The public API as the benchmark speaks it."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def call(
        self, method: str, path: str, token: str, expect: int = 200, **kwargs: Any
    ) -> Any:
        """The JSON answer; RuntimeError unless the status is `expect`."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = await self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)
        if answer.status_code != expect:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
        return answer.json() if answer.content else None

    async def customer(self) -> Customer:
        """A new customer, signed in."""
        email = f"bench-{uuid.uuid4().hex[:10]}@example.jp"
        body = {"email": email, "password": PASSWORD, "display_name": "Bench"}
        await self.call("POST", "/accounts", "", json=body, expect=201)
        session = await self.call(
            "POST", "/sessions", "", json={"email": email, "password": PASSWORD}
        )
        return Customer(session["access_token"], session["account"]["id"])

    async def staff(self, email: str) -> str:
        """A staff token."""
        session = await self.call(
            "POST", "/sessions", "", json={"email": email, "password": PASSWORD}
        )
        return str(session["access_token"])

    async def page(self, token: str, order_id: str) -> Any:
        """The order details page."""
        return await self.call("GET", f"/orders/{order_id}", token)

    async def estimated_order(self, customer: Customer, ops: str) -> str:
        """An order placed and estimated, its 1st billing issued."""
        item = {
            "url": "https://item.taobao.com/item.htm?id=600000000001",
            "title": "Canvas tote bag",
            "options": {"colour": "navy"},
            "quantity": 2,
            "expected_unit_price": {"amount": 4500, "currency": "CNY"},
        }
        body = {"items": [item], "address": ADDRESS, "shipping_preference": "EMS"}
        order = await self.call("POST", "/orders", customer.token, json=body, expect=201)
        oid, item_id = str(order["order_id"]), str(order["items"][0]["item_id"])
        prices = [
            {
                "item_id": item_id,
                "unit_price": {"amount": 4200, "currency": "CNY"},
                "domestic_shipping": {"amount": 800, "currency": "CNY"},
            }
        ]
        rate = {"base": "CNY", "quote": "JPY", "rate": "21.5", "rounding": "up"}
        estimate = {"items": prices, "rate": rate}
        for _ in range(200):  # orders hears of its own order at once; retry while it is applying
            answer = await self.client.post(
                f"/api/v1/staff/orders/{oid}/estimate",
                json=estimate,
                headers={"Authorization": f"Bearer {ops}"},
            )
            if answer.status_code == 200:
                break
            await asyncio.sleep(0.05)
        await self.first_billing(customer.token, oid)
        customer.orders.append(oid)
        return oid

    async def first_billing(self, token: str, order_id: str) -> str:
        """The 1st billing's id, once issued."""
        billing: Any = None
        for _ in range(1200):
            page = await self.page(token, order_id)
            billing = page["billing"]
            if billing["available"] and billing["data"]["first"]:
                return str(billing["data"]["first"]["billing_id"])
            await asyncio.sleep(0.05)
        raise RuntimeError(f"no 1st billing for {order_id}: {billing}")


async def prepare(api: Api, ops: str, customers: int, orders: int) -> list[Customer]:
    """`customers` customers sharing `orders` estimated orders, each with a large deposit."""
    people = [await api.customer() for _ in range(customers)]
    for person in people:
        top_up = {"amount": {"amount": 10_000_000, "currency": "JPY"}, "reason": "top_up"}
        await api.call(
            "POST", f"/staff/deposits/{person.customer_id}/top-ups", ops, json=top_up, expect=201
        )
    semaphore = asyncio.Semaphore(8)

    async def one(person: Customer) -> None:
        async with semaphore:
            await api.estimated_order(person, ops)

    await asyncio.gather(*(one(people[n % customers]) for n in range(orders)))
    return people


def pages_of(people: list[Customer], limit: int) -> list[tuple[str, str]]:
    """(token, order id) pairs: the pages the readers read."""
    pairs = [(p.token, oid) for p in people for oid in p.orders]
    return pairs[:limit]


async def saturation(
    pages: PageClient, pairs: list[tuple[str, str]], clients: int, seconds: float
) -> tuple[float, float, float]:
    """Closed loop: pages/s, p50 and p99 (ms) with `clients` readers at once."""
    latencies: list[float] = []
    stop_at = time.perf_counter() + seconds

    async def reader(seed: int) -> None:
        chooser = random.Random(seed)  # noqa: S311
        while time.perf_counter() < stop_at:
            token, oid = chooser.choice(pairs)
            start = time.perf_counter()
            await pages.get(f"/orders/{oid}", token)
            latencies.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(reader(n) for n in range(clients)))
    elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, percentile(latencies, 50), percentile(latencies, 99)


async def open_loop(
    pages: PageClient, pairs: list[tuple[str, str]], rate: float, seconds: float
) -> tuple[float, float, int]:
    """Open loop at `rate` pages/s: p50 and p99 (ms) from each request's scheduled start; errors."""
    latencies: list[float] = []
    errors = 0
    chooser = random.Random(7)  # noqa: S311
    begin = time.perf_counter()

    async def one(token: str, oid: str, due: float) -> None:
        nonlocal errors
        try:
            await pages.get(f"/orders/{oid}", token)
        except (RuntimeError, OSError):
            errors += 1
        latencies.append((time.perf_counter() - due) * 1000)

    tasks = []
    for n in range(int(rate * seconds)):
        due = begin + n / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        token, oid = chooser.choice(pairs)
        tasks.append(asyncio.create_task(one(token, oid, due)))
    await asyncio.gather(*tasks)
    return percentile(latencies, 50), percentile(latencies, 99), errors


async def action_to_page(
    api: Api, pages: PageClient, people: list[Customer], count: int, *, poll_ms: float, at_once: int
) -> tuple[float, float]:
    """Pay the 1st billing through the gateway; ms until the page shows "purchasing" (p50, p99).

    The page is polled with the lean client, like the read loops: polled with httpx, the
    benchmark's own CPU (about 5 ms a read, 100 reads a second) took a quarter of a core from
    the system it measures.
    """
    work = [(p, oid) for p in people for oid in p.orders][:count]
    latencies: list[float] = []
    semaphore = asyncio.Semaphore(at_once)

    async def one(person: Customer, oid: str) -> None:
        async with semaphore:
            billing_id = await api.first_billing(person.token, oid)
            start = time.perf_counter()
            path = f"/orders/{oid}/billings/{billing_id}/payments"
            await api.call("POST", path, person.token, json={"method": "deposit"})
            for _ in range(int(30_000 / poll_ms)):
                page = json.loads(await pages.get(f"/orders/{oid}", person.token))
                progress = page["progress"]
                if progress["available"] and progress["data"]["status"] == "purchasing":
                    latencies.append((time.perf_counter() - start) * 1000)
                    return
                await asyncio.sleep(poll_ms / 1000)
            raise RuntimeError(f"order {oid} never showed purchasing")

    await asyncio.gather(*(one(p, oid) for p, oid in work))
    return percentile(latencies, 50), percentile(latencies, 99)


@dataclass
class Config:
    """How much to measure."""

    seconds: float
    customers: int
    orders: int
    clients: int
    actions: int
    poll_ms: float


FULL = Config(seconds=20, customers=40, orders=80, clients=32, actions=200, poll_ms=20)
QUICK = Config(seconds=4, customers=8, orders=12, clients=32, actions=12, poll_ms=20)


async def measure(system: BenchSystem, config: Config, cache: bool) -> dict[str, float]:
    """Every gateway measurement on a system started with the page cache on or off."""
    ops_email = system.staff_emails("ops", 1)[0]
    result: dict[str, float] = {}
    limits = httpx.Limits(max_connections=config.clients + 8)
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=60, limits=limits) as client:
        api = Api(client)
        ops = await api.staff(ops_email)
        say(f"placing {config.orders + config.actions} orders")
        people = await prepare(api, ops, config.customers, config.orders + config.actions)
        # the pages read are of orders nobody pays during the run
        readers = [Customer(p.token, p.customer_id, list(p.orders)) for p in people]
        payers = [Customer(p.token, p.customer_id) for p in people]
        for n, person in enumerate(people):
            payers[n].orders = person.orders[: config.actions // len(people) + 1]
            readers[n].orders = person.orders[len(payers[n].orders) :]
        pairs = pages_of(readers, config.orders)
        say("the page at saturation")
        pages = PageClient(system.gateway_url)  # the readers' lean client (see bench_http.py)
        await saturation(pages, pairs, config.clients, 2.0)  # warm-up
        pids = {name: system.processes[name].pid for name in SERVICES}
        before = cpu_now(system)
        rate, p50, p99 = await saturation(pages, pairs, config.clients, config.seconds)
        read = rate * config.seconds
        for name, spent in cpu_now(system).items():  # the driver: these readers' own HTTP client
            result[f"cpu_ms_per_page.{name}"] = (spent - before.get(name, 0.0)) * 1000 / read
        result["order_page_per_s"] = rate
        result["saturated_p50_ms"], result["saturated_p99_ms"] = p50, p99
        say("the page at 50/s")
        o50, o99, errors = await open_loop(pages, pairs, 50.0, config.seconds)
        result["order_page_p50_ms"], result["order_page_p99_ms"] = o50, o99
        result["open_loop_errors"] = errors
        payers = [p for p in payers if p.orders]
        say("paying, until the page shows it")
        before = cpu_now(system)
        a50, a99 = await action_to_page(
            api, pages, payers, config.actions, poll_ms=config.poll_ms, at_once=2
        )
        pages.close()
        for name, spent in cpu_now(system).items():  # each payment with its page read and polls
            paid = (spent - before.get(name, 0.0)) * 1000 / config.actions
            result[f"cpu_ms_per_payment.{name}"] = paid
        result["action_to_page_p50_ms"], result["action_to_page_p99_ms"] = a50, a99
        for name, pid in pids.items():
            result[f"rss_mb.{name}"] = rss_mb(pid)
    result["cache"] = 1.0 if cache else 0.0
    return result


async def run_one(config: Config, cache: bool) -> dict[str, float]:
    """A fresh system, measured."""
    async with running({"DAIKOU_GATEWAY_PAGE_CACHE_TTL_S": "30" if cache else "0"}) as system:
        return await measure(system, config, cache)


def table(cold: dict[str, float] | None, warm: dict[str, float]) -> list[Row]:
    """The rows: the page with the default settings, and with the cache off if measured."""
    rows = [
        Row("order page at saturation", warm["order_page_per_s"], "pages/s", 150, True),
        Row("  p99 at saturation", warm["saturated_p99_ms"], "ms", None, False),
        Row("order page p50 at 50/s", warm["order_page_p50_ms"], "ms", 100, False),
        Row("order page p99 at 50/s", warm["order_page_p99_ms"], "ms", 100, False),
        Row("pay 1st billing -> page p50", warm["action_to_page_p50_ms"], "ms", 250, False),
        Row("pay 1st billing -> page p99", warm["action_to_page_p99_ms"], "ms", 250, False),
    ]
    if cold is not None:
        rows[0:0] = [
            Row(
                "order page at saturation, no cache", cold["order_page_per_s"], "pages/s", 150, True
            )
        ]
        rows[3:3] = [
            Row("order page p50 at 50/s, no cache", cold["order_page_p50_ms"], "ms", 100, False),
            Row("order page p99 at 50/s, no cache", cold["order_page_p99_ms"], "ms", 100, False),
        ]
    return rows


def keys(figures: dict[str, float], suffix: str = "") -> dict[str, Any]:
    """The results file's keys of one system's figures, each name ending in `suffix`."""
    page = ("order_page_per_s", "order_page_p50_ms", "order_page_p99_ms")
    cpu = named(figures, "cpu_ms_per_page.")
    return {
        "gateway": {f"{k}{suffix}": figures[k] for k in page} | {f"cpu_ms_per_page{suffix}": cpu},
        "action_to_page": {
            f"p50_ms{suffix}": figures["action_to_page_p50_ms"],
            f"p99_ms{suffix}": figures["action_to_page_p99_ms"],
            f"cpu_ms_per_payment{suffix}": named(figures, "cpu_ms_per_payment."),
        },
        "rss_mb": named(figures, "rss_mb."),
    }


def named(figures: dict[str, float], prefix: str) -> dict[str, float]:
    """The figures whose names start with `prefix`, by the rest of their names (the process)."""
    return {k[len(prefix) :]: v for k, v in figures.items() if k.startswith(prefix)}


def cpu_line(figures: dict[str, float], prefix: str) -> str:
    """`gateway 2.9 orders 0.1 ...`: the figures whose names start with `prefix`."""
    return " ".join(f"{name} {v:.1f}" for name, v in named(figures, prefix).items())


def report(cold: dict[str, float] | None, warm: dict[str, float], config: Config) -> dict[str, Any]:
    """Print the table; the keys for the results file (no `_no_cache` ones without `cold`)."""
    print(
        f"\nthe order page: {config.clients} readers, {config.orders} orders, "
        f"{config.seconds:.0f}s per measurement, {config.actions} payments"
    )
    print_table(table(cold, warm))
    print(f"CPU ms per page: {cpu_line(warm, 'cpu_ms_per_page.')}")
    paid = cpu_line(warm, "cpu_ms_per_payment.")
    print(f"CPU ms per payment (the page read for its billing, the payment, the polls): {paid}")
    if cold is None:
        print("the page cache off was not measured (no `_no_cache` keys): `make bench` measures it")
        return keys(warm)
    print(f"CPU ms per page, no cache: {cpu_line(cold, 'cpu_ms_per_page.')}")
    return merge(keys(warm), keys(cold, "_no_cache"))


async def main(config: Config, only_cached: bool) -> None:
    """Measure with the cache on, then off (unless `only_cached`); print and save."""
    warm = await run_one(config, cache=True)
    print(f"with the page cache: {warm}", flush=True)
    cold = None if only_cached else await run_one(config, cache=False)
    save(report(cold, warm, config))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts, a short run")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--orders", type=int)
    parser.add_argument("--clients", type=int)
    parser.add_argument("--actions", type=int)
    parser.add_argument("--poll-ms", type=float)
    parser.add_argument("--only-cached", action="store_true")
    args = parser.parse_args()
    config = with_flags(QUICK if args.quick else FULL, args)
    asyncio.run(main(config, args.only_cached))
