"""What the use cases need: the unit of work with its repositories, the photo store, the rate card.

`adapters.unit_of_work.WarehouseUnitOfWork` is the real unit (PostgreSQL, the kit's outbox); the
unit tests' fakes (`tests/unit/warehouse_fakes.py`) keep everything in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from daikou_kit.service_unit import UnitPort
from daikou_warehouse.domain.calculator import RateCard
from daikou_warehouse.domain.cases import Case
from daikou_warehouse.domain.model import Order, WorkQueue
from daikou_warehouse.domain.records import Arrival, Inspection, Packing, Photo, Shipment
from daikou_warehouse.domain.work_queues import QueueEntry, WarehouseQueue
from daikou_warehouse.settings import WarehouseSettings


@dataclass(frozen=True)
class StagedPhoto:
    """An uploaded photo written to temporary storage, validated, not yet kept."""

    token: str
    sha256: str
    size_bytes: int
    content_type: str


class PhotoWriter(Protocol):
    """Receives one upload's bytes as they stream in."""

    def write(self, chunk: bytes) -> None:
        """Append bytes."""
        ...

    def finish(self, content_type: str) -> StagedPhoto:
        """Close the temporary file and describe it."""
        ...

    def discard(self) -> None:
        """Drop what was written."""
        ...


class PhotoStore(Protocol):
    """Content-addressed storage of photo bytes."""

    def writer(self) -> PhotoWriter:
        """Start receiving a new upload."""
        ...

    async def keep(self, staged: StagedPhoto) -> None:
        """Move a staged upload to its content address (a no-op when the bytes are already kept)."""
        ...

    async def discard(self, staged: StagedPhoto) -> None:
        """Drop a staged upload."""
        ...

    async def read(self, sha256: str) -> bytes:
        """The bytes kept under a content address."""
        ...


class OrderStore(Protocol):
    """Loads and saves whole orders with their items; adds arrivals, inspections and photos."""

    async def ensure(self, order_id: UUID, customer_id: UUID, now: datetime) -> None:
        """Create the order's record if this is the first fact about it."""
        ...

    async def get(self, order_id: UUID, *, lock: bool = False) -> Order | None:
        """The order with its items; `lock` serialises writers of one order."""
        ...

    async def save(self, order: Order) -> None:
        """Write the order's own facts and its items back (not its packing)."""
        ...

    async def in_queue(self, queue: WorkQueue, limit: int) -> list[UUID]:
        """Ids of the orders in a staff work list, oldest first."""
        ...

    async def add_arrival(self, arrival: Arrival, recorded_by: UUID) -> None:
        """Record units of an item that arrived."""
        ...

    async def arrivals(self, order_id: UUID, package_id: UUID | None = None) -> list[Arrival]:
        """The order's arrivals (or one package's), oldest first."""
        ...

    async def add_inspection(
        self, inspection: Inspection, inspected_by: UUID, stored: list[Photo]
    ) -> None:
        """Record an inspection and its photos."""
        ...

    async def inspections(
        self, order_id: UUID, inspection_id: UUID | None = None
    ) -> list[Inspection]:
        """The order's inspections (or one of them) with their photo ids, oldest first."""
        ...

    async def inspection_order(self, inspection_id: UUID) -> UUID | None:
        """The order an inspection id belongs to, if it exists."""
        ...

    async def photo(self, photo_id: UUID) -> Photo | None:
        """One photo's record."""
        ...


class ShippingStore(Protocol):
    """Exchange/return cases, the packing with its parcels, and the shipment."""

    async def add_case(self, case: Case, opened_by_role: str) -> None:
        """Record a newly opened case."""
        ...

    async def case(self, case_id: UUID) -> Case | None:
        """One case."""
        ...

    async def save_case(self, case: Case) -> None:
        """Write a case's state back."""
        ...

    async def cases(self, order_id: UUID) -> list[Case]:
        """The order's cases, oldest first."""
        ...

    async def save_packing(self, order_id: UUID, packing: Packing) -> None:
        """Record the parcels and the packing on the order."""
        ...

    async def packing(self, order_id: UUID) -> Packing | None:
        """How the order was packed, if it was."""
        ...

    async def add_shipment(self, order_id: UUID, shipment: Shipment, by: UUID) -> None:
        """Record the dispatch and each parcel's tracking number (in parcel order)."""
        ...

    async def shipment(self, order_id: UUID) -> Shipment | None:
        """The order's shipment, if dispatched."""
        ...


class WorkQueues(Protocol):
    """The staff's work queues."""

    async def entries(self, queue: WarehouseQueue, limit: int) -> list[QueueEntry]:
        """The entries of one queue, what waits longest first."""
        ...


class WarehouseUnit(UnitPort, Protocol):
    """One transaction of the warehouse service, as the use cases see it."""

    @property
    def orders(self) -> OrderStore:
        """The orders repository."""
        ...

    @property
    def shipping(self) -> ShippingStore:
        """Cases, packings and shipments."""
        ...

    @property
    def queues(self) -> WorkQueues:
        """The work queues."""
        ...

    @property
    def photos(self) -> PhotoStore:
        """Where photo bytes are kept."""
        ...

    @property
    def card(self) -> RateCard:
        """The shipping rate card."""
        ...

    @property
    def settings(self) -> WarehouseSettings:
        """The service's settings (the default destination)."""
        ...
