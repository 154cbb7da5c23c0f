"""The whole system for the fault suite: the end-to-end harness's processes and settings, on the
suite's private RabbitMQ node and PostgreSQL cluster, each process kept running by the supervisor of
`make run` (so a killed service comes back as it would in operation)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from private_servers import PrivatePostgres, PrivateRabbit, free_port
from supervisor import Child, Policy, Supervisor
from system_harness import (
    PASSWORD,
    SERVICES,
    System,
    create_staff,
    delete_queues,
    e2e_namespace,
    service_env,
)

from daikou_kit.migrate import drop_database
from daikou_kit.testing import Infra

# Periods long enough for an order's life under a fault on a busy machine (the payment deadline
# must not void a billing the customer is about to pay); a test may shorten them.
PERIODS = {
    "DAIKOU_ORDERS_PAYMENT_PERIOD": "PT120S",
    "DAIKOU_ORDERS_AUTO_COMPLETE_PERIOD": "PT120S",
}
POLICY = Policy(
    backoff_initial_s=0.5, backoff_max_s=4, probe_interval_s=2, probe_timeout_s=5, start_grace_s=120
)


@dataclass
class Servers:
    """The suite's own broker and database server."""

    rabbit: PrivateRabbit
    postgres: PrivatePostgres


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    """A private RabbitMQ node and PostgreSQL cluster for the whole run, removed at the end."""
    root = Path(tempfile.mkdtemp(prefix="daikou-fault-"))
    root.chmod(0o755)  # the servers' own users must reach their directories
    rabbit: PrivateRabbit | None = None
    postgres: PrivatePostgres | None = None
    try:
        postgres = PrivatePostgres.start(root / "postgres")
        rabbit = PrivateRabbit.start(root / "rabbit")
        yield Servers(rabbit, postgres)
    finally:
        if rabbit is not None:
            rabbit.stop()
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class FaultSystem:
    """A running system under supervision, and the handles to hurt it."""

    servers: Servers
    system: System
    supervisor: Supervisor
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: bool = True
    log: list[str] = field(default_factory=list)

    def replicas(self, service: str) -> list[Child]:
        """Every process of a service (the first is the one the gateway calls)."""
        return [c for c in self.supervisor.children if c.name.split("#")[0] == service]

    def kill(self, child: Child) -> None:
        """SIGKILL one process; the supervisor restarts it."""
        with self.lock:
            assert child.popen is not None
            child.popen.kill()

    def kill_and_hold(self, child: Child) -> None:
        """SIGKILL one process and keep it down."""
        with self.lock:
            child.held = True
            assert child.popen is not None
            child.popen.kill()
            child.popen.wait()

    def hold(self, child: Child) -> None:
        """Stop one process and keep it stopped."""
        with self.lock:
            self.supervisor.hold(child)

    def release(self, child: Child) -> None:
        """Start a held process again."""
        with self.lock:
            self.supervisor.release(child)

    def tick_forever(self) -> None:
        """The supervisor's loop (in a thread of its own)."""
        while self.running:
            with self.lock:
                self.supervisor.tick()
            time.sleep(0.2)

    def ready_url(self, child: Child) -> str:
        """The process's readiness URL."""
        return child.live_url.replace("/health/live", "/health/ready")

    async def is_ready(self, child: Child) -> bool:
        """Whether the process answers its readiness probe with 200 now."""
        async with httpx.AsyncClient(timeout=3) as client:
            try:
                return (await client.get(self.ready_url(child))).status_code == 200
            except httpx.HTTPError:
                return False

    async def not_ready(self, skip_held: bool = False) -> list[str]:
        """The processes that do not answer their readiness probe with 200 now."""
        failing = []
        async with httpx.AsyncClient(timeout=3) as client:
            for child in self.supervisor.children:
                if skip_held and child.held:
                    continue
                try:
                    ok = (await client.get(self.ready_url(child))).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if not ok:
                    failing.append(child.name)
        return failing

    async def wait_ready(self, timeout: float = 120, skip_held: bool = False) -> float:
        """Seconds until every process (but the held ones, with `skip_held`) is ready again;
        AssertionError after `timeout`."""
        start = time.monotonic()
        while failing := await self.not_ready(skip_held):
            if time.monotonic() - start > timeout:
                raise AssertionError(f"not ready after {timeout:.0f}s: {failing}\n{self.logs()}")
            await asyncio.sleep(0.2)
        return time.monotonic() - start

    def logs(self, lines: int = 30) -> str:
        """The end of every process's log and the supervisor's."""
        parts = ["--- supervisor ---\n" + "\n".join(self.log[-lines:])]
        for child in self.supervisor.children:
            text = child.log.read_text(errors="replace") if child.log and child.log.exists() else ""
            parts.append(f"--- {child.name} ---\n" + "\n".join(text.splitlines()[-lines:]))
        return "\n".join(parts)


def children(system: System, replicas: int) -> list[Child]:
    """The fake PayPal, then every service (`replicas` processes of each)."""
    python = sys.executable
    paypal = Child(
        "fake-paypal",
        [python, "-m", "daikou_fake_paypal"],
        f"{system.paypal_url}/health",
        log=system.workdir / "fake-paypal.log",
    )
    made = [paypal]
    for service in SERVICES:
        for n in range(replicas):
            port = system.ports[service] if n == 0 else free_port()
            name = service if n == 0 else f"{service}#{n + 1}"
            made.append(
                Child(
                    name,
                    [python, "-m", f"daikou_{service}"],
                    f"http://127.0.0.1:{port}/health/live",
                    log=system.workdir / f"{name}.log",
                    env={f"DAIKOU_{service.upper()}_HTTP_PORT": str(port)},
                )
            )
    return made


@contextlib.asynccontextmanager
async def fault_system(
    servers: Servers, replicas: int = 1, settings: dict[str, str] | None = None
) -> AsyncIterator[FaultSystem]:
    """Start the whole system on the private servers in a namespace of its own (with `settings`
    over the end-to-end harness's environment); tear it down after."""
    with tempfile.TemporaryDirectory(prefix="daikou-fault-system-") as tmp:
        workdir = Path(tmp)
        infra = Infra(
            servers.postgres.server_url, servers.rabbit.amqp_url, f"f{uuid.uuid4().hex[:8]}"
        )
        ports = {name: free_port() for name in (*SERVICES, "paypal", "web", "smtp")}
        env = {**service_env(infra, workdir, ports), **PERIODS, **(settings or {})}
        system = System(infra, workdir, ports, env)
        lines: list[str] = []
        supervisor = Supervisor(
            children(system, replicas), env=system.env, cwd=workdir, policy=POLICY, say=lines.append
        )
        faults = FaultSystem(servers, system, supervisor, log=lines)
        ticker = threading.Thread(target=faults.tick_forever, daemon=True)
        try:
            # The first process of each service, then the other replicas (scaling out).
            for wave in (
                [c for c in supervisor.children if "#" not in c.name],
                [c for c in supervisor.children if "#" in c.name],
            ):
                for child in wave:
                    supervisor.start(child)
                for child in wave:
                    try:
                        supervisor.wait_live(child, timeout_s=180)
                    except RuntimeError as exc:
                        raise AssertionError(f"{exc}\n{faults.logs()}") from None
            await faults.wait_ready(timeout=120)
            ticker.start()
            async with system.client() as client:
                for role in ("ops", "warehouse"):
                    email = create_staff(system, role)
                    answer = await client.post(
                        "/api/v1/sessions", json={"email": email, "password": PASSWORD}
                    )
                    assert answer.status_code == 200, answer.text
                    system.staff_tokens[role] = answer.json()["access_token"]
            yield faults
        finally:
            faults.running = False
            if ticker.is_alive():
                ticker.join(timeout=5)
            supervisor.stop_all(timeout_s=30)
            with contextlib.suppress(Exception):
                await delete_queues(infra, system)
            for service in SERVICES:
                with contextlib.suppress(Exception):
                    await drop_database(system.database_url(service))


__all__ = ["FaultSystem", "Servers", "e2e_namespace", "fault_system", "servers"]
