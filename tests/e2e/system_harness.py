"""The whole system for end-to-end tests: every service as its own process on the test session's
broker namespace and databases, with shortened periods; stopped and cleaned up afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import httpx
import pytest
from demo import Actors, Api
from system import free_port

from daikou_kit.migrate import drop_database
from daikou_kit.testing import Infra
from daikou_kit.topology import Names
from daikou_notifications.mailcatcher import MailCatcher

SERVICES = (
    "scheduler",
    "orders",
    "payments",
    "messaging",
    "warehouse",
    "notifications",
    "gateway",
)
TOKEN = "e2e-internal-token"
PASSWORD = "an e2e password, long enough"
# Shortened periods: long enough for a scripted flow, short enough to watch them pass.
PAYMENT_PERIOD_S = 25
AUTO_COMPLETE_S = 25
WINDOW_S = 6
RETRY_DELAYS_MS = [200, 1000, 3000]


@dataclass
class Process:
    """A started process and its log."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        """The end of its log."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class System:
    """The running system: where the gateway is, and how to act as customers and staff."""

    infra: Infra
    workdir: Path
    ports: dict[str, int]
    env: dict[str, str]
    processes: list[Process] = field(default_factory=list)
    staff_tokens: dict[str, str] = field(default_factory=dict)
    mail: MailCatcher | None = None
    """The real SMTP server the notifications service sends to (mails also in `workdir/mail`)."""

    @property
    def gateway_url(self) -> str:
        """The public API's base URL."""
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def web_url(self) -> str:
        """The web site's base URL."""
        return f"http://127.0.0.1:{self.ports['web']}"

    @property
    def paypal_url(self) -> str:
        """The fake PayPal's base URL."""
        return f"http://127.0.0.1:{self.ports['paypal']}"

    def database_url(self, service: str) -> str:
        """A service's database in this test session."""
        return self.infra.database_url(f"e2e_{service}")

    def client(self) -> httpx.AsyncClient:
        """An HTTP client on the gateway."""
        return httpx.AsyncClient(base_url=self.gateway_url, timeout=30)

    def process(self, name: str) -> Process:
        """The running process of a service."""
        return next(p for p in reversed(self.processes) if p.name == name)

    def stop(self, name: str) -> None:
        """Stop one service (SIGTERM, as an operator would)."""
        process = self.process(name)
        process.popen.terminate()
        process.popen.wait(timeout=30)

    def restart(self, name: str) -> None:
        """Start a stopped service again and wait until it is healthy."""
        process = start(self, name, f"daikou_{name}")
        wait_healthy(process, f"http://127.0.0.1:{self.ports[name]}/health", timeout=180)

    def logs(self) -> str:
        """The end of every process's log, for a failing test's report."""
        return "\n".join(f"--- {p.name} ---\n{p.tail()}" for p in self.processes)


def e2e_namespace(infra: Infra) -> str:
    """The system's own broker namespace: the integration tests' queues of this session have the
    same names in the session's namespace and may still hold their messages."""
    return f"{infra.namespace}-e2e"


def service_env(infra: Infra, workdir: Path, ports: dict[str, int]) -> dict[str, str]:
    """The environment every process starts with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAIKOU_")}
    env.update(
        {
            "DAIKOU_NAMESPACE": e2e_namespace(infra),
            "DAIKOU_AMQP_URL": infra.amqp_url,
            "DAIKOU_INTERNAL_TOKEN": TOKEN,
            "DAIKOU_GATEWAY_TOKEN_SECRET": secrets.token_urlsafe(32),
            # every test client is 127.0.0.1: sign-in limits per address would count them all
            "DAIKOU_GATEWAY_SIGN_IN_MAX_PER_CLIENT": "100000",
            "DAIKOU_WEB_SESSION_SECRET": secrets.token_urlsafe(32),
            "DAIKOU_RELAY_POLL_INTERVAL_S": "0.2",
            "DAIKOU_RETRY_DELAYS_MS": json.dumps(RETRY_DELAYS_MS),
            "DAIKOU_LOG_LEVEL": "WARNING",
            "DAIKOU_ORDERS_PAYMENT_PERIOD": f"PT{PAYMENT_PERIOD_S}S",
            "DAIKOU_ORDERS_PAYMENT_REMINDER_BEFORE": "PT5S",
            "DAIKOU_ORDERS_AUTO_COMPLETE_PERIOD": f"PT{AUTO_COMPLETE_S}S",
            "DAIKOU_ORDERS_RECEPTION_REMINDER_BEFORE": "PT5S",
            "DAIKOU_MESSAGING_WINDOW_PERIOD": f"PT{WINDOW_S}S",
            "DAIKOU_MESSAGING_STORAGE_DIR": str(workdir / "attachments"),
            "DAIKOU_WAREHOUSE_PHOTO_DIR": str(workdir / "photos"),
            "DAIKOU_SCHEDULER_MAX_POLL_INTERVAL_S": "0.5",
            "DAIKOU_PAYMENTS_PAYPAL_BASE_URL": f"http://127.0.0.1:{ports['paypal']}",
            "DAIKOU_PAYMENTS_TRANSFER_CONFIRMATION_HOURS": "1",
            "DAIKOU_FAKE_PAYPAL_PORT": str(ports["paypal"]),
            "DAIKOU_FAKE_PAYPAL_WEBHOOK_URL": f"http://127.0.0.1:{ports['payments']}/paypal/webhook",
            "DAIKOU_GATEWAY_ARGON2_TIME_COST": "1",
            "DAIKOU_GATEWAY_ARGON2_MEMORY_KIB": "1024",
            "DAIKOU_GATEWAY_WEB_URL": f"http://127.0.0.1:{ports['web']}/",
            "DAIKOU_WEB_HTTP_PORT": str(ports["web"]),
            "DAIKOU_WEB_GATEWAY_URL": f"http://127.0.0.1:{ports['gateway']}",
            "DAIKOU_PAYMENTS_PAYPAL_RETURN_URL": f"http://127.0.0.1:{ports['web']}/payments/card/return",
            "DAIKOU_PAYMENTS_PAYPAL_CANCEL_URL": f"http://127.0.0.1:{ports['web']}/payments/card/cancel",
            "DAIKOU_NOTIFICATIONS_WEB_URL": f"http://127.0.0.1:{ports['web']}/",
            "DAIKOU_NOTIFICATIONS_DELIVERY_POLL_INTERVAL_S": "0.2",
            "DAIKOU_NOTIFICATIONS_RETRY_BASE_S": "0.5",
        }
    )
    if "smtp" in ports:  # the harness's mail server; without one, mails wait pending
        env["DAIKOU_NOTIFICATIONS_SMTP_PORT"] = str(ports["smtp"])
    for service in SERVICES:
        upper = service.upper()
        env[f"DAIKOU_{upper}_DATABASE_URL"] = infra.database_url(f"e2e_{service}")
        env[f"DAIKOU_{upper}_HTTP_PORT"] = str(ports[service])
        if service != "gateway":
            env[f"DAIKOU_GATEWAY_{upper}_URL"] = f"http://127.0.0.1:{ports[service]}"
    return env


def start(system: System, name: str, module: str) -> Process:
    """Start `python -m module` with the system's environment, logging to a file."""
    log = system.workdir / f"{name}.log"
    with log.open("ab") as out:
        popen = subprocess.Popen(
            [sys.executable, "-m", module],
            env=system.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=system.workdir,
        )
    process = Process(name, popen, log)
    system.processes.append(process)
    return process


def wait_healthy(process: Process, url: str, timeout: float = 90) -> None:
    """Wait until the process answers 200 on `url`; fail with its log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            pytest.fail(f"{process.name} exited ({process.popen.returncode}):\n{process.tail()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"{process.name} not healthy at {url} after {timeout:.0f}s:\n{process.tail()}")


def stop_all(system: System) -> None:
    """Terminate every process (SIGTERM), kill what does not stop in time."""
    for process in reversed(system.processes):
        if process.popen.poll() is None:
            process.popen.terminate()
    deadline = time.monotonic() + 30
    for process in system.processes:
        try:
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait()


def create_staff(system: System, role: str) -> str:
    """A staff account made with the operator's command; returns its email."""
    email = f"{role}-{uuid.uuid4().hex[:6]}@daikou.example"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "daikou_gateway.admin",
            "create-staff",
            "--email",
            email,
            "--name",
            role.title(),
            "--role",
            role,
            "--password",
            PASSWORD,
        ],
        env=system.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return email


async def english_customer(system: System, api: Api, email: str) -> Actors:
    """A customer registered on the English site (their mails in English), signed in, with the
    suite's staff."""
    registered = await api.client.post(
        "/api/v1/accounts",
        json={"email": email, "password": PASSWORD, "display_name": "Ann", "language": "en"},
    )
    assert registered.status_code == 201, registered.text
    token = await api.sign_in(email, PASSWORD)
    staff = system.staff_tokens
    return Actors(token, staff["ops"], staff["warehouse"], str(registered.json()["id"]))


async def delete_queues(infra: Infra, system: System) -> None:
    """Delete the queues the services declared in this namespace."""
    names: set[str] = set()
    for service in SERVICES:
        module = importlib.import_module(f"daikou_{service}.wiring")
        settings_module = importlib.import_module(f"daikou_{service}.settings")
        settings = getattr(settings_module, f"{service.capitalize()}Settings")(
            namespace=e2e_namespace(infra),
            database_url=system.database_url(service),
            retry_delays_ms=RETRY_DELAYS_MS,  # the retry queues are named by their delay
        )
        built, _ = module.build(settings)
        names.update(built.consumers.topology.all_queue_names())
        await built.engine.dispose()
    connection = await aio_pika.connect(infra.amqp_url)
    try:
        for name in sorted(names):
            channel = await connection.channel()
            with contextlib.suppress(Exception):
                await channel.queue_delete(name)
            with contextlib.suppress(Exception):
                await channel.close()
        names_of = Names(e2e_namespace(infra))
        for exchange in (names_of.events, names_of.dead_letters):
            channel = await connection.channel()
            with contextlib.suppress(Exception):
                await channel.exchange_delete(exchange)
            with contextlib.suppress(Exception):
                await channel.close()
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def system(infra: Infra) -> AsyncIterator[System]:
    """Every service as its own process, healthy, with an ops and a warehouse account."""
    with tempfile.TemporaryDirectory(prefix="daikou-e2e-") as tmp:
        ports = {name: free_port() for name in (*SERVICES, "paypal", "web", "smtp")}
        workdir = Path(tmp)
        running = System(infra, workdir, ports, service_env(infra, workdir, ports))
        running.mail = MailCatcher(ports["smtp"], workdir / "mail").start()
        try:
            paypal = start(running, "fake-paypal", "daikou_fake_paypal")
            wait_healthy(paypal, f"{running.paypal_url}/health")
            # All at once: none needs another to start (commands wait in their outbox).
            started = [(s, start(running, s, f"daikou_{s}")) for s in SERVICES]
            for service, process in started:
                wait_healthy(process, f"http://127.0.0.1:{ports[service]}/health", timeout=180)
            web = start(running, "web", "daikou_web")  # the site talks to the gateway only
            wait_healthy(web, f"{running.web_url}/health")
            async with running.client() as client:
                for role in ("ops", "warehouse"):
                    email = create_staff(running, role)
                    answer = await client.post(
                        "/api/v1/sessions", json={"email": email, "password": PASSWORD}
                    )
                    assert answer.status_code == 200, answer.text
                    running.staff_tokens[role] = answer.json()["access_token"]
            yield running
        finally:
            stop_all(running)
            running.mail.stop()
            with contextlib.suppress(Exception):
                await delete_queues(infra, running)
            for service in SERVICES:
                with contextlib.suppress(Exception):
                    await drop_database(running.database_url(service))


async def until(
    check: Callable[[], Awaitable[Any]],
    what: str,
    timeout: float = 30.0,
    system: System | None = None,
) -> Any:
    """Poll `check()` until it returns something truthy; fail naming `what` (with the logs) otherwise."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            logs = f"\n{system.logs()}" if system else ""
            raise AssertionError(f"not reached in {timeout:.0f}s: {what}{logs}")
        await asyncio.sleep(0.2)
