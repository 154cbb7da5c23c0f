"""An in-memory `UnitPort` for fast use-case tests.

A service's fake unit is a dataclass extending `FakeUnit` with fields for its in-memory
repositories (e.g. `FakeOrdersUnit` with `orders: FakeOrderStore`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID, uuid4

from daikou_contracts.message import Envelope, Payload
from daikou_kit.clock import ManualClock

P = TypeVar("P", bound=Payload)


@dataclass
class FakeUnit:
    """The clock, the consumed message and the outbox of a unit of work, in memory.

    What the use cases emit is kept in `emitted`, in order (`of_type` picks one type).
    """

    clock: ManualClock = field(default_factory=ManualClock)
    incoming: Envelope | None = None
    correlation_id: str = ""
    emitted: list[Payload] = field(default_factory=list)

    def new_id(self) -> UUID:
        """A fresh id."""
        return uuid4()

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        """Keep the message in `emitted`."""
        self.emitted.append(payload)
        return uuid4()

    def correlate(self, correlation_id: str) -> None:
        """Set the flow."""
        self.correlation_id = correlation_id

    def of_type(self, kind: type[P]) -> list[P]:
        """The emitted messages of one type, in order."""
        return [m for m in self.emitted if isinstance(m, kind)]
