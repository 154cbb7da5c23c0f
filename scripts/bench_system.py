"""The whole system for benchmarks: every service as its own process on a namespace and databases of
its own, with long periods (nothing falls due while measuring); stopped and cleaned up afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import asyncpg
import httpx
from bench_pipeline import cpu_seconds as shared_cpu_seconds
from system import free_port

from daikou_kit.db import asyncpg_dsn
from daikou_kit.migrate import drop_database
from daikou_kit.topology import Names

PG = os.environ.get("DAIKOU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432")
AMQP = os.environ.get("DAIKOU_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
SERVICES = ("scheduler", "orders", "payments", "messaging", "warehouse", "notifications", "gateway")
MAIL = "mail"  # the development mail server the notifications send to (always started)
PAYPAL = "paypal"  # the fake PayPal, started only when a benchmark pays by card
WEB = "web"  # the web site, started only when a benchmark reads its pages
TOKEN = "bench-internal-token"  # noqa: S105  (a throw-away system on loopback)
DEFAULT_POOL = 10  # the services' default database pool (as many again may overflow)
PASSWORD = "a bench password, long enough"  # noqa: S105


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has spent so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now(system: BenchSystem) -> dict[str, float]:
    """CPU seconds so far of every process of the system, this driver, RabbitMQ and PostgreSQL."""
    spent = {name: cpu_seconds(p.pid) for name, p in system.processes.items()}
    shared = shared_cpu_seconds(None)
    spent["driver"] = shared.get("producer", 0.0)
    spent.update({k: v for k, v in shared.items() if k in ("rabbitmq", "postgres")})
    return spent


def rss_mb(pid: int) -> float:
    """The peak resident set size of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class BenchSystem:
    """The running system: its ports, environment and processes."""

    pg: str
    amqp: str
    workdir: Path
    namespace: str = field(default_factory=lambda: f"benchsys{uuid.uuid4().hex[:6]}")
    ports: dict[str, int] = field(default_factory=dict)
    smtp_port: int = 0
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    staff: dict[str, list[str]] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        """The public API's base URL."""
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def database_url(self, service: str) -> str:
        """A service's database in this run."""
        return f"{self.pg}/{self.namespace}_{service}"

    def configure(self, extra: dict[str, str]) -> None:
        """Ports and environment of every process."""
        self.ports = {name: free_port() for name in (*SERVICES, PAYPAL, WEB, MAIL)}
        self.smtp_port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("DAIKOU_")}
        env.update(
            {
                "DAIKOU_NAMESPACE": self.namespace,
                "DAIKOU_AMQP_URL": self.amqp,
                "DAIKOU_INTERNAL_TOKEN": TOKEN,
                "DAIKOU_GATEWAY_TOKEN_SECRET": secrets.token_urlsafe(32),
                "DAIKOU_WEB_SESSION_SECRET": secrets.token_urlsafe(32),
                # every simulated customer signs in from 127.0.0.1
                "DAIKOU_GATEWAY_SIGN_IN_MAX_PER_CLIENT": "100000",
                "DAIKOU_LOG_LEVEL": "WARNING",
                "DAIKOU_MESSAGING_STORAGE_DIR": str(self.workdir / "attachments"),
                "DAIKOU_WAREHOUSE_PHOTO_DIR": str(self.workdir / "photos"),
                "DAIKOU_GATEWAY_ARGON2_TIME_COST": "1",
                "DAIKOU_GATEWAY_ARGON2_MEMORY_KIB": "1024",
                "DAIKOU_PAYMENTS_PAYPAL_BASE_URL": f"http://127.0.0.1:{self.ports[PAYPAL]}",
                "DAIKOU_FAKE_PAYPAL_PORT": str(self.ports[PAYPAL]),
                "DAIKOU_FAKE_PAYPAL_WEBHOOK_URL": (
                    f"http://127.0.0.1:{self.ports['payments']}/paypal/webhook"
                ),
                "DAIKOU_WEB_HTTP_PORT": str(self.ports[WEB]),
                "DAIKOU_NOTIFICATIONS_SMTP_PORT": str(self.smtp_port),
                "DAIKOU_WEB_GATEWAY_URL": self.gateway_url,
            }
        )
        for service in SERVICES:
            upper = service.upper()
            env[f"DAIKOU_{upper}_DATABASE_URL"] = self.database_url(service)
            env[f"DAIKOU_{upper}_HTTP_PORT"] = str(self.ports[service])
            if service != "gateway":
                env[f"DAIKOU_GATEWAY_{upper}_URL"] = f"http://127.0.0.1:{self.ports[service]}"
        env.update(extra)
        self.env = env

    def spawn(self, name: str) -> None:
        """Start one service (or the fake PayPal, or the site) without waiting for it."""
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", *self.command(name)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
        )

    def command(self, name: str) -> list[str]:
        """The module (and its arguments) a process runs."""
        if name == PAYPAL:
            return ["daikou_fake_paypal"]
        if name == MAIL:
            mail = ["--port", str(self.smtp_port), "--http-port", str(self.ports[MAIL])]
            return ["daikou_notifications.mailcatcher", *mail, "--dir", str(self.workdir / "mail")]
        return [f"daikou_{name}"]

    def wait_healthy(self, name: str, timeout: float = 180) -> None:
        """Wait for 200 on the service's /health."""
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.ports[name]}/health"
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"{name} exited; see {self.workdir / name}.log")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{name} not healthy after {timeout:.0f}s")

    def stop(self, name: str) -> None:
        """Stop one service (SIGTERM)."""
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def create_staff(self, role: str) -> str:
        """A staff account made with the operator's command; its email."""
        email = f"{role}-{uuid.uuid4().hex[:6]}@daikou.example"
        command = [sys.executable, "-m", "daikou_gateway.admin", "create-staff"]
        command += ["--email", email, "--name", role.title(), "--role", role]
        subprocess.run([*command, "--password", PASSWORD], env=self.env, check=True)  # noqa: S603
        return email

    def staff_emails(self, role: str, count: int) -> list[str]:
        """`count` staff accounts of `role`: those this system has, the missing ones made at once."""
        have = self.staff.setdefault(role, [])
        missing = count - len(have)
        if missing > 0:
            with ThreadPoolExecutor(missing) as pool:
                have.extend(pool.map(self.create_staff, [role] * missing))
        return have[:count]

    async def queue_names(self, service: str) -> set[str]:
        """The queues a service declares in this run's namespace."""
        wiring = importlib.import_module(f"daikou_{service}.wiring")
        settings_module = importlib.import_module(f"daikou_{service}.settings")
        fields = {
            k.removeprefix(f"DAIKOU_{service.upper()}_").lower(): v for k, v in self.env.items()
        }
        settings = getattr(settings_module, f"{service.capitalize()}Settings")(
            namespace=self.namespace,
            database_url=self.database_url(service),
            **{k: v for k, v in fields.items() if k == "token_secret"},
        )
        built, _ = wiring.build(settings)
        await built.engine.dispose()
        return set(built.consumers.topology.all_queue_names())

    async def cleanup(self) -> None:
        """Stop everything, delete the run's queues, exchanges and databases (each step bounded)."""
        for name in list(self.processes):
            self.stop(name)
        try:
            await asyncio.wait_for(self.delete_broker_names(), 60)
        except (TimeoutError, OSError, aio_pika.exceptions.AMQPError) as exc:
            print(f"the run's queues were not all deleted: {type(exc).__name__}")
        for service in SERVICES:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(drop_database(self.database_url(service)), 30)

    async def delete_broker_names(self) -> None:
        """Delete the queues and exchanges of this run's namespace."""
        names: set[str] = set()
        for service in SERVICES:
            with contextlib.suppress(Exception):  # a service's settings may refuse this environment
                names.update(await self.queue_names(service))
        connection = await aio_pika.connect(self.amqp, timeout=10)
        try:
            channel = await connection.channel()
            for name in sorted(names):
                if channel.is_closed:
                    channel = await connection.channel()
                with contextlib.suppress(aio_pika.exceptions.AMQPError):
                    await channel.queue_delete(name)
            for exchange in (Names(self.namespace).events, Names(self.namespace).dead_letters):
                if channel.is_closed:
                    channel = await connection.channel()
                with contextlib.suppress(aio_pika.exceptions.AMQPError):
                    await channel.exchange_delete(exchange)
        finally:
            await connection.close()


@contextlib.contextmanager
def started(system: BenchSystem, also: tuple[str, ...] = ()) -> Iterator[BenchSystem]:
    """Every service and the processes named in `also` (`PAYPAL`, `WEB`) started at once, as none
    needs another to start, then each waited for until healthy; each stopped at the end."""
    try:
        names = (MAIL, *also, *SERVICES)
        for name in names:
            system.spawn(name)
        for name in names:
            system.wait_healthy(name)
        yield system
    finally:
        for name in list(system.processes):
            system.stop(name)


async def pool_settings() -> dict[str, str]:
    """Smaller database pools when PostgreSQL has too few free connections for the default ones
    (10 per service, and as many again in overflow): up to half of what is free for the gateway,
    which every request reaches, the rest shared by the others; said aloud (not the defaults)."""
    conn = await asyncpg.connect(asyncpg_dsn(PG))
    try:
        limit = int(await conn.fetchval("SHOW max_connections"))
        free = limit - int(await conn.fetchval("SELECT count(*) FROM pg_stat_activity")) - 10
    finally:
        await conn.close()
    if free >= DEFAULT_POOL * len(SERVICES):  # overflow is seldom needed by all at once
        return {}
    gateway = min(DEFAULT_POOL, max(2, free // 4))
    others = min(DEFAULT_POOL, max(2, (free - 2 * gateway) // (2 * (len(SERVICES) - 1))))
    print(
        f"PostgreSQL has {free} free connections: database pools of {gateway} (gateway), {others}"
    )
    return {"DAIKOU_DB_POOL_SIZE": str(others), "DAIKOU_GATEWAY_DB_POOL_SIZE": str(gateway)}


@contextlib.asynccontextmanager
async def running(extra: dict[str, str], also: tuple[str, ...] = ()) -> AsyncIterator[BenchSystem]:
    """A fresh system (and the processes named in `also`) started with `extra` in its
    environment; its services' logs kept if the block fails; stopped and cleaned up at the end."""
    with tempfile.TemporaryDirectory(prefix="daikou-bench-") as tmp:
        system = BenchSystem(PG, AMQP, Path(tmp))
        system.configure(await pool_settings() | extra)
        try:
            with started(system, also):
                yield system
        except BaseException:
            kept = Path(tempfile.gettempdir()) / f"daikou-bench-logs-{system.namespace}"
            shutil.copytree(tmp, kept, dirs_exist_ok=True)
            print(f"the services' logs are kept in {kept}")
            raise
        finally:
            await system.cleanup()
