"""PostgreSQL stopped (`pg_ctl stop -m fast`: every session cut) for 3 s and started again, with
orders in flight: the services report themselves not ready while it is down, reconnect by
themselves, and every order completes with every invariant held."""

from __future__ import annotations

import asyncio

import pytest
from fault_harness import FaultSystem, Servers, fault_system
from load import Load
from scenario import exercise, until
from system_harness import SERVICES

pytestmark = pytest.mark.fault


async def restart_postgres(faults: FaultSystem, _: Load) -> float:
    await asyncio.sleep(4)  # orders in flight
    postgres = faults.servers.postgres
    await asyncio.to_thread(postgres.halt)

    async def none_ready() -> bool:
        return set(SERVICES) <= set(await faults.not_ready())

    await until(none_ready, "every service reports itself not ready while PostgreSQL is down")
    await asyncio.sleep(3)
    await asyncio.to_thread(postgres.resume)
    return await faults.wait_ready(timeout=120)


async def test_postgres_restarted(servers: Servers) -> None:
    async with fault_system(servers) as faults:
        await exercise(faults, "PostgreSQL restarted", restart_postgres)
