"""The scheduler down while deadlines fall due, then back: orders that were never paid are cancelled
by their payment deadline once the scheduler returns (late, but once), the orders that were paid
complete (their deadlines cancelled), and every invariant holds."""

from __future__ import annotations

import asyncio

import pytest
from fault_harness import FaultSystem, Servers, fault_system
from invariants import fetch
from load import Load
from scenario import exercise

pytestmark = pytest.mark.fault
PAYMENT_PERIOD_S = 60
HOLD_AT_S = 20
DOWN_S = 75  # longer than the payment period: the deadlines of orders estimated before fall due


async def scheduler_down(faults: FaultSystem, _: Load) -> float:
    scheduler = faults.replicas("scheduler")[0]
    await asyncio.sleep(HOLD_AT_S)
    await asyncio.to_thread(faults.hold, scheduler)
    await asyncio.sleep(DOWN_S)
    overdue = await fetch(
        faults.system,
        "orders",
        "SELECT count(*) AS n FROM orders WHERE status = 'awaiting_first_payment'",
    )
    assert overdue[0]["n"] >= 2, "the unpaid orders wait for their deadline"
    await asyncio.to_thread(faults.release, scheduler)
    return await faults.wait_ready(timeout=120)


async def test_scheduler_down_while_deadlines_fall_due(servers: Servers) -> None:
    settings = {"DAIKOU_ORDERS_PAYMENT_PERIOD": f"PT{PAYMENT_PERIOD_S}S"}
    async with fault_system(servers, settings=settings) as faults:
        await exercise(faults, "scheduler down past deadlines", scheduler_down, full=2, lapse=2)
        fired = await fetch(
            faults.system,
            "scheduler",
            "SELECT count(*) AS n FROM deadlines WHERE status = 'fired' AND lateness_ms > 5000",
        )
        assert fired[0]["n"] >= 2, "the payment deadlines fired late, after the scheduler came back"
