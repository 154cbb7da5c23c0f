"""What every service's unit of work shares, for its use cases (`UnitPort`) and its adapters (`ServiceUnit`).

A service's port (`application/ports.py`) extends `UnitPort` with its repositories and settings;
its unit of work (`adapters/unit_of_work.py`) extends `ServiceUnit`, building the repositories on
the kit's transaction in `__init__`. In-memory fakes of the port live in each service's tests.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from daikou_contracts.message import Envelope, Payload
from daikou_kit.clock import Clock
from daikou_kit.unit_of_work import UnitOfWork


class UnitPort(Protocol):
    """One transaction as a use case sees it: the clock, new ids, the consumed message, the outbox."""

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        ...

    @property
    def incoming(self) -> Envelope | None:
        """The consumed message, in a consumer."""
        ...

    def new_id(self) -> UUID:
        """A fresh id."""
        ...

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        """Queue a contract message for the outbox, in this transaction; returns its message id."""
        ...

    def correlate(self, correlation_id: str) -> None:
        """Set the flow the emitted messages belong to."""
        ...


class ServiceUnit:
    """The kit's transaction (`uow`) with `UnitPort`'s members; a service's unit of work extends it.

    It never commits: the kit's block that opened `uow` does.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        return self.uow.clock

    @property
    def incoming(self) -> Envelope | None:
        """The consumed message, in a consumer."""
        return self.uow.incoming

    @property
    def correlation_id(self) -> str:
        """The flow this unit's messages belong to unless told otherwise."""
        return self.uow.correlation_id

    @property
    def causation_id(self) -> str | None:
        """The message that caused this unit's work, in a consumer."""
        return self.uow.causation_id

    def new_id(self) -> UUID:
        """A fresh id."""
        return self.uow.new_id()

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        """Queue a contract message for the outbox, in this transaction; returns its message id."""
        return self.uow.emit(
            payload,
            routing_key=routing_key,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )

    def correlate(self, correlation_id: str) -> None:
        """Set the flow the emitted messages belong to."""
        self.uow.correlate(correlation_id)
