"""The whole system: which services exist, how to build each, where each listens."""

from __future__ import annotations

import importlib
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
