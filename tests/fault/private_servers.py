"""A RabbitMQ node and a PostgreSQL cluster of the fault suite's own, on other ports, in a temporary
directory: the suite restarts them, so it never touches the servers others share.

Both are started as their system users when the suite runs as root (RabbitMQ's `rabbitmq-server` and
`rabbitmqctl` wrappers switch to `rabbitmq` themselves; PostgreSQL's `initdb` and `pg_ctl` refuse
root, so they run through `runuser -u postgres`), and as the current user otherwise.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from system_harness import free_port

PG_BIN = Path(os.environ.get("DAIKOU_FAULT_PG_BIN", "/usr/lib/postgresql/15/bin"))


def is_root() -> bool:
    """Whether the suite runs as root."""
    return os.geteuid() == 0


def give_to(path: Path, user: str) -> None:
    """Make `path` (recursively) owned by `user` when running as root."""
    if is_root():
        shutil.chown(path, user, user)
        for child in path.rglob("*"):
            shutil.chown(child, user, user)


def port_open(port: int) -> bool:
    """Whether something accepts connections on the loopback port."""
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def run(argv: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> str:
    """Run a command; RuntimeError with its output if it fails."""
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} failed ({done.returncode}): {done.stdout}{done.stderr}"
        )
    return done.stdout


@dataclass
class PrivateRabbit:
    """A RabbitMQ node of its own: name `rabbit-fault-<port>@localhost`, management off."""

    base: Path
    port: int
    dist_port: int

    @property
    def node(self) -> str:
        """The Erlang node name."""
        return f"rabbit-fault-{self.port}@localhost"

    @property
    def amqp_url(self) -> str:
        """Where clients connect."""
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def env(self) -> dict[str, str]:
        """The node's environment: its name, ports, directories and configuration."""
        env = dict(os.environ)
        env.update(
            {
                "RABBITMQ_NODENAME": self.node,
                "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port),
                "RABBITMQ_MNESIA_BASE": str(self.base / "mnesia"),
                "RABBITMQ_LOG_BASE": str(self.base / "log"),
                "RABBITMQ_CONFIG_FILE": str(self.base / "rabbitmq.conf"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "enabled_plugins"),
            }
        )
        return env

    @classmethod
    def start(cls, base: Path) -> PrivateRabbit:
        """Start a new node under `base` and wait until it accepts clients."""
        base.mkdir(parents=True, exist_ok=True)
        base.chmod(0o755)
        rabbit = cls(base, free_port(), free_port())
        (base / "mnesia").mkdir()
        (base / "log").mkdir()
        (base / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{rabbit.port}\nloopback_users = none\n"
        )
        (base / "enabled_plugins").write_text("[].\n")
        give_to(base, "rabbitmq")
        run(["rabbitmq-server", "-detached"], rabbit.env())
        rabbit.wait_app(timeout=120)
        return rabbit

    def ctl(self, *args: str, timeout: float = 60) -> str:
        """`rabbitmqctl -n <node> ...`."""
        return run(["rabbitmqctl", "-q", "-n", self.node, *args], self.env(), timeout)

    def wait_app(self, timeout: float = 60) -> None:
        """Wait until the node runs and its AMQP port accepts connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.ctl("await_startup", "--timeout", "10", timeout=20)
                if port_open(self.port):
                    return
            time.sleep(0.5)
        raise RuntimeError(f"RabbitMQ node {self.node} did not start in {timeout:.0f}s")

    def stop_app(self) -> None:
        """Stop the RabbitMQ application (every connection drops; the node stays up)."""
        self.ctl("stop_app")

    def start_app(self) -> None:
        """Start the application again and wait for it."""
        self.ctl("start_app")
        self.wait_app()

    def close_all_connections(self) -> None:
        """Close every client connection (the clients must reconnect)."""
        self.ctl("close_all_connections", "fault suite: every connection closed")

    def stop(self) -> None:
        """Stop the node and remove its files."""
        with contextlib.suppress(Exception):
            self.ctl("stop", timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of its own (trust authentication on loopback, fsync off)."""

    base: Path
    port: int

    @property
    def options(self) -> str:
        """The server's command-line options."""
        return (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )

    @property
    def data(self) -> Path:
        """The data directory."""
        return self.base / "data"

    @property
    def server_url(self) -> str:
        """The SQLAlchemy URL of the server (without a database)."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}"

    def _as_owner(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if is_root() else argv

    def pg_ctl(self, *args: str, timeout: float = 120) -> str:
        """`pg_ctl -D <data> ...` as the cluster's owner."""
        argv = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "pg.log")]
        return run(self._as_owner([*argv, *args]), timeout=timeout)

    @classmethod
    def start(cls, base: Path) -> PrivatePostgres:
        """Create a cluster under `base` and start it."""
        base.mkdir(parents=True, exist_ok=True)
        base.chmod(0o755)
        give_to(base, "postgres")
        pg = cls(base, free_port())
        initdb = [str(PG_BIN / "initdb"), "-D", str(pg.data), "-U", "postgres"]
        run(pg._as_owner([*initdb, "--auth=trust", "-E", "UTF8", "--no-sync", "-N"]))
        pg.pg_ctl("-w", "-o", pg.options, "start")
        return pg

    def halt(self) -> None:
        """Stop the server (`-m fast`: open sessions are cut off); `resume` starts it again."""
        self.pg_ctl("-w", "-m", "fast", "stop")

    def resume(self) -> None:
        """Start the halted server again."""
        self.pg_ctl("-w", "-o", self.options, "start")

    def stop(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(Exception):
            self.pg_ctl("-w", "-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)
