"""`make bench-quick`: the order page, the web site and whole order lives with smaller counts, all
on ONE system started once (every service, the fake PayPal and the site, default settings), one
measurement after the other: `bench_gateway.py`'s page and payments (page cache on only: the
`_no_cache` figures are `make bench`'s), `bench_web.py`'s two loops, then `bench_lifecycle.py`'s
lives (no warm-up life: the measurements before it warmed the system up). Writes the same keys as
those scripts. Usage: bench_quick.py
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import bench_gateway
import bench_lifecycle
import bench_web
from bench_results import save, say
from bench_system import PAYPAL, WEB, running


async def measure() -> tuple[dict[str, float], dict[str, float], dict[str, Any]]:
    """The page, the site and the lives, on one system."""
    say("starting the system")
    async with running({}, also=(PAYPAL, WEB)) as system:
        roles = ("ops", "warehouse")
        staff = bench_lifecycle.QUICK.staff
        await asyncio.gather(*(asyncio.to_thread(system.staff_emails, r, staff) for r in roles))
        page = await bench_gateway.measure(system, bench_gateway.QUICK, cache=True)
        web = await bench_web.measure(system, bench_web.QUICK)
        config = dataclasses.replace(bench_lifecycle.QUICK, warm_up=False)
        lives = await bench_lifecycle.measure(system, config)
    return page, web, lives


def main() -> None:
    """Measure; print every table and save every key."""
    page, web, lives = asyncio.run(measure())
    save(bench_gateway.report(None, page, bench_gateway.QUICK))
    save(bench_web.report(web, bench_web.QUICK))
    save(bench_lifecycle.report(lives, dataclasses.replace(bench_lifecycle.QUICK, warm_up=False)))


if __name__ == "__main__":
    main()
