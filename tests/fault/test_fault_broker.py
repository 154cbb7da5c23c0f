"""The broker restarted (`rabbitmqctl stop_app` / `start_app`), later every connection closed, with
orders in flight: services report themselves not ready while it is down, reconnect by themselves,
and every order completes with every invariant held."""

from __future__ import annotations

import asyncio

import pytest
from fault_harness import FaultSystem, Servers, fault_system
from load import Load
from scenario import exercise, until
from system_harness import SERVICES

pytestmark = pytest.mark.fault


async def restart_broker(faults: FaultSystem, _: Load) -> float:
    rabbit = faults.servers.rabbit
    await asyncio.sleep(4)  # orders in flight
    await asyncio.to_thread(rabbit.stop_app)

    async def none_ready() -> bool:
        return set(SERVICES) <= set(await faults.not_ready())

    await until(none_ready, "every service reports itself not ready while the broker is down")
    await asyncio.sleep(3)
    await asyncio.to_thread(rabbit.start_app)
    recovered = await faults.wait_ready(timeout=120)
    await asyncio.sleep(3)
    await asyncio.to_thread(rabbit.close_all_connections)
    await asyncio.sleep(1)
    return max(recovered, await faults.wait_ready(timeout=120))


async def test_broker_restart_and_connections_closed(servers: Servers) -> None:
    async with fault_system(servers) as faults:
        await exercise(faults, "broker restarted, connections closed", restart_broker)
