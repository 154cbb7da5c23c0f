"""The whole system: which services exist, how to build each, where each listens."""

from __future__ import annotations

import importlib
import socket
from dataclasses import dataclass
from typing import Any

SERVICES = (
    "scheduler",
    "orders",
    "payments",
    "messaging",
    "warehouse",
    "notifications",
    "gateway",
)


@dataclass(frozen=True)
class ServiceEntry:
    """A service's module and its settings."""

    name: str

    @property
    def module(self) -> str:
        """The service's package, runnable with `python -m`."""
        return f"daikou_{self.name}"

    def settings(self) -> Any:
        """The service's settings, read from the environment."""
        module = importlib.import_module(f"{self.module}.settings")
        return getattr(module, f"{self.name.capitalize()}Settings")()

    def build(self) -> Any:
        """The service object, built by its own wiring place."""
        wiring = importlib.import_module(f"{self.module}.wiring")
        service, _ = wiring.build(self.settings())
        return service


def entries() -> list[ServiceEntry]:
    """Every service, in start order."""
    return [ServiceEntry(name) for name in SERVICES]


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A loopback port nobody listens on right now and not handed out before in this process.

    The OS may give the same free port to two binds in a row; two services of one system given one
    port would see the second fail to start while health checks on its port are answered by the
    first (a sign-in at the gateway's port answered 404 by another service).
    """
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port
