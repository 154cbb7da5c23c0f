"""Each service's process killed with SIGKILL in turn, with orders in flight: the supervisor
restarts it, the others keep running, and every order completes with every invariant held."""

from __future__ import annotations

import asyncio

import pytest
from fault_harness import FaultSystem, Servers, fault_system
from load import Load
from scenario import exercise, until
from system_harness import SERVICES

pytestmark = pytest.mark.fault


async def kill_each_service(faults: FaultSystem, _: Load) -> float:
    loop = asyncio.get_running_loop()
    worst = 0.0
    await asyncio.sleep(3)  # orders in flight
    for service in SERVICES:
        child = faults.replicas(service)[0]
        killed = child.pid
        others = {c.name: c.pid for c in faults.supervisor.children if c is not child}
        faults.kill(child)
        start = loop.time()

        async def back(child=child, killed=killed) -> bool:  # type: ignore[no-untyped-def]
            return child.pid not in (None, killed) and await faults.is_ready(child)

        await until(back, f"{service} restarted and ready after SIGKILL", timeout=120)
        worst = max(worst, loop.time() - start)
        assert (
            f"exited with code -9; restarting in 0.5s (restart #{child.restarts})" in child.history
        )
        now = {c.name: c.pid for c in faults.supervisor.children if c is not child}
        assert now == others, faults.log
        await asyncio.sleep(2)
    return worst


async def test_each_service_killed_and_restarted(servers: Servers) -> None:
    async with fault_system(servers) as faults:
        await exercise(faults, "each service SIGKILLed", kill_each_service)
