"""Two replicas of every service, both consuming and both relaying, sharing the work (competing
consumers on each queue, the outbox shared through SKIP LOCKED); mid-load one replica of each is
killed with SIGKILL and kept down, the other carries on, and every order completes with every
invariant held."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fault_harness import FaultSystem, Servers, fault_system
from load import Load
from scenario import exercise
from system_harness import SERVICES

pytestmark = pytest.mark.fault
SPLIT: dict[str, list[tuple[int, int]]] = {}


async def counts(faults: FaultSystem, service: str) -> list[tuple[int, int]]:
    """(consumed, relayed) of each replica of a service, from its liveness answer."""
    found = []
    async with httpx.AsyncClient(timeout=5) as client:
        for child in faults.replicas(service):
            body = (await client.get(child.live_url)).json()
            found.append((int(body["consumed"]), int(body["relayed"])))
    return found


async def kill_one_replica_each(faults: FaultSystem, _: Load) -> float:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 150
    while True:  # until both replicas have done some of the work
        for service in SERVICES:
            SPLIT[service] = await counts(faults, service)
        relayed = [sum(s[i][1] for s in SPLIT.values()) for i in (0, 1)]
        both_consume = [s for s, c in SPLIT.items() if c[0][0] > 0 and c[1][0] > 0]
        if len(both_consume) >= 3 and min(relayed) >= 5:
            break
        assert loop.time() < deadline, f"the work is not shared: {SPLIT}"
        await asyncio.sleep(1)
    start = loop.time()
    for service in SERVICES:
        second = faults.replicas(service)[1]
        await asyncio.to_thread(faults.kill_and_hold, second)
    await faults.wait_ready(timeout=60, skip_held=True)
    return loop.time() - start


async def test_two_replicas_share_the_work_and_survive_losing_one(servers: Servers) -> None:
    async with fault_system(servers, replicas=2) as faults:
        await exercise(faults, "2 replicas each, one killed", kill_one_replica_each, full=6)
        consumed = [sum(s[i][0] for s in SPLIT.values()) for i in (0, 1)]
        relayed = [sum(s[i][1] for s in SPLIT.values()) for i in (0, 1)]
        print(
            f"\nbefore the kill: consumed {consumed[0]} / {consumed[1]}, relayed "
            f"{relayed[0]} / {relayed[1]} (replica 1 / replica 2); per service {SPLIT}"
        )
