"""`make bench`: the web site's order details page for 50 concurrent signed-in customers, next to
the gateway's own order-page API in the same run.

Starts every service and the web site as their own processes (a namespace and databases of their
own), makes `--customers` customers each with an estimated order, signs each in on the site (its
own cookie jar), then for `--seconds` each:
  api page     closed loop: every customer reads GET /api/v1/orders/{id} on the gateway at once
  web page     closed loop: every customer reads GET /orders/{id} on the site (the site asks the
               gateway for the same document, then renders the HTML in the customer's language)
and prints pages/s, p50 and p99 of both, and what the site adds (`--quick`: 12 customers, 4s each).
Usage: bench_web.py [--quick] [--seconds S] [--customers N]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from bench_gateway import Api, Customer
from bench_http import PageClient
from bench_results import Row, percentile, print_table, save, say, with_flags
from bench_system import PASSWORD, WEB, BenchSystem, running

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
P99_TARGET_MS = 500.0


@dataclass(frozen=True)
class Config:
    """How many customers read, for how long each loop."""

    customers: int
    seconds: float


FULL = Config(customers=50, seconds=20)
QUICK = Config(customers=12, seconds=4)


async def web_customer(api: Api, ops: str, web_url: str) -> tuple[Customer, httpx.AsyncClient]:
    """A customer with an estimated order, signed in on the site in a client of their own."""
    email = f"benchweb-{uuid.uuid4().hex[:10]}@example.jp"
    body = {"email": email, "password": PASSWORD, "display_name": "Bench"}
    await api.call("POST", "/accounts", "", json=body, expect=201)
    session = await api.call("POST", "/sessions", "", json={"email": email, "password": PASSWORD})
    customer = Customer(session["access_token"], session["account"]["id"])
    await api.estimated_order(customer, ops)
    browser = httpx.AsyncClient(base_url=web_url, timeout=60)
    found = CSRF.search((await browser.get("/sign-in")).text)
    assert found, "no CSRF token on the sign-in page"
    form = {"email": email, "password": PASSWORD, "csrf_token": found.group(1)}
    signed = await browser.post("/sign-in", data=form)
    if signed.status_code != 303:
        raise RuntimeError(f"web sign-in: {signed.status_code} {signed.text[:300]}")
    return customer, browser


async def closed_loop(
    readers: list[Callable[[], Awaitable[None]]], seconds: float
) -> tuple[float, float, float, float]:
    """Every reader reads again and again for `seconds`: pages/s, p50 and p99 in ms, and how many
    reads failed (a connection the server closed while idle is one; the read is not counted)."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def loop(read: Callable[[], Awaitable[None]]) -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                await read()
            except (httpx.TransportError, ConnectionError):
                errors += 1
                continue
            latencies.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(loop(r) for r in readers))
    elapsed = time.perf_counter() - start
    rate = len(latencies) / elapsed
    return rate, percentile(latencies, 50), percentile(latencies, 99), float(errors)


def api_reader(pages: PageClient, customer: Customer) -> Callable[[], Awaitable[None]]:
    """One read of the order page on the gateway."""

    async def read() -> None:
        await pages.get(f"/orders/{customer.orders[0]}", customer.token)

    return read


def web_reader(
    pages: PageClient, browser: httpx.AsyncClient, customer: Customer
) -> Callable[[], Awaitable[None]]:
    """One render of the order details page on the site, with the customer's cookies."""
    cookies = "; ".join(f"{c.name}={c.value}" for c in browser.cookies.jar)
    headers = f"Cookie: {cookies}\r\nAccept: text/html\r\n"

    async def read() -> None:
        page = await pages.read(f"/orders/{customer.orders[0]}", headers)
        if b'id="billing"' not in page:
            raise RuntimeError(f"web page without its billing: {page[:300]!r}")

    return read


async def measure(system: BenchSystem, config: Config) -> dict[str, float]:
    """Both loops on one system running the site."""
    customers, seconds = config.customers, config.seconds
    ops_email = system.staff_emails("ops", 1)[0]
    limits = httpx.Limits(max_connections=customers * 2, max_keepalive_connections=customers * 2)
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=60, limits=limits) as client:
        api = Api(client)
        ops = await api.staff(ops_email)
        say(f"making {customers} customers with an estimated order each, signed in on the site")
        web_url = f"http://127.0.0.1:{system.ports[WEB]}"
        semaphore = asyncio.Semaphore(8)  # sign-ups hash passwords: a few at a time

        async def one() -> tuple[Customer, httpx.AsyncClient]:
            async with semaphore:
                return await web_customer(api, ops, web_url)

        people = await asyncio.gather(*(one() for _ in range(customers)))
        # the loops read with the lean client (bench_http.py): httpx's own CPU per read, on the
        # same two cores, would be a large part of what is measured
        api_pages = PageClient(system.gateway_url)
        web_pages = PageClient(web_url, prefix="")
        try:
            say(f"api page: {customers} customers for {seconds:.0f}s")
            api_rate, api_p50, api_p99, api_errors = await closed_loop(
                [api_reader(api_pages, c) for c, _ in people], seconds
            )
            say(f"web page: {customers} customers for {seconds:.0f}s")
            web_rate, web_p50, web_p99, web_errors = await closed_loop(
                [web_reader(web_pages, b, c) for c, b in people], seconds
            )
        finally:
            api_pages.close()
            web_pages.close()
            for _, browser in people:
                await browser.aclose()
    return {
        "api_pages_per_s": api_rate,
        "api_p50_ms": api_p50,
        "api_p99_ms": api_p99,
        "api_errors": api_errors,
        "web_pages_per_s": web_rate,
        "web_p50_ms": web_p50,
        "web_p99_ms": web_p99,
        "web_errors": web_errors,
    }


async def main(config: Config) -> None:
    """A fresh system, measured, cleaned up; the table printed and the keys saved."""
    async with running({}, also=(WEB,)) as system:
        result = await measure(system, config)
    save(report(result, config))


def report(result: dict[str, float], config: Config) -> dict[str, Any]:
    """Print the table; the keys for the results file."""
    print(
        f"\nThe order details page, {config.customers} concurrent signed-in customers, "
        f"{config.seconds:.0f}s each"
    )
    api, web = "gateway API GET /api/v1/orders/{id}", "web page GET /orders/{id}"
    failed = result["api_errors"] + result["web_errors"]
    print_table(
        [
            Row(f"{api}: rate", result["api_pages_per_s"], "pages/s", None, True),
            Row("gateway API p50", result["api_p50_ms"], "ms", None, False),
            Row("gateway API p99", result["api_p99_ms"], "ms", P99_TARGET_MS, False),
            Row(f"{web}: rate", result["web_pages_per_s"], "pages/s", None, True),
            Row("web page p50", result["web_p50_ms"], "ms", None, False),
            Row("web page p99", result["web_p99_ms"], "ms", P99_TARGET_MS, False),
            Row("failed reads (api, web)", failed, "reads", None, False),
            Row("web adds at p50", result["web_p50_ms"] - result["api_p50_ms"], "ms", None, False),
        ]
    )
    return {"web": {"customers": config.customers, "seconds": config.seconds, **result}}


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    cli.add_argument("--customers", type=int)
    cli.add_argument("--seconds", type=float)
    cli.add_argument("--quick", action="store_true", help="fewer customers, 4 seconds per loop")
    args = cli.parse_args()
    asyncio.run(main(with_flags(QUICK if args.quick else FULL, args)))
