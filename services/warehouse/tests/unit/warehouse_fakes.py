"""In-memory fakes of the warehouse's unit of work and repositories: use cases in microseconds.

`FakeWarehouseUnit` is a `WarehouseUnit` (see `daikou_warehouse.application.ports`): orders kept as
copies (a use case's change counts only once it saves, as with the database), an item's arrived
quantity summed from the arrivals and its current result read from its current inspection, as the
real repository does; every emitted message is kept in `emitted`. The integration tier proves the
real adapters keep the same promises.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from daikou_contracts.message import Payload
from daikou_kit.fake_unit import FakeUnit
from daikou_warehouse.adapters.rate_card import load_rate_card
from daikou_warehouse.application.ports import PhotoWriter, StagedPhoto
from daikou_warehouse.domain.calculator import RateCard
from daikou_warehouse.domain.cases import Case
from daikou_warehouse.domain.model import Order, WorkQueue
from daikou_warehouse.domain.records import Arrival, Inspection, Packing, Photo, Shipment
from daikou_warehouse.domain.work_queues import QueueEntry, WarehouseQueue
from daikou_warehouse.settings import WarehouseSettings

P = TypeVar("P", bound=Payload)


@dataclass
class FakeOrderStore:
    """Orders with their items, arrivals, inspections and photos in memory."""

    rows: dict[UUID, Order] = field(default_factory=dict)
    created: dict[UUID, datetime] = field(default_factory=dict)
    arrival_rows: list[Arrival] = field(default_factory=list)
    inspection_rows: list[Inspection] = field(default_factory=list)
    photos: dict[UUID, Photo] = field(default_factory=dict)

    async def ensure(self, order_id: UUID, customer_id: UUID, now: datetime) -> None:
        if order_id not in self.rows:
            self.rows[order_id] = Order(order_id, customer_id)
            self.created[order_id] = now

    async def get(self, order_id: UUID, *, lock: bool = False) -> Order | None:
        stored = self.rows.get(order_id)
        if stored is None:
            return None
        order = deepcopy(stored)
        results = {i.inspection_id: i.result for i in self.inspection_rows}
        for item in order.items:
            mine = [a.quantity for a in self.arrival_rows if a.item_id == item.item_id]
            item.arrived_quantity = sum(mine)
            current = item.current_inspection_id
            item.current_result = results.get(current) if current else None
        return order

    async def save(self, order: Order) -> None:
        kept = deepcopy(order)
        kept.packed_at = self.rows[order.order_id].packed_at  # saved with the packing
        self.rows[order.order_id] = kept

    async def in_queue(self, queue: WorkQueue, limit: int) -> list[UUID]:
        ids = [o.order_id for o in self.rows.values() if _in_queue(o, queue)]
        return sorted(ids, key=lambda i: (self.created[i], i))[:limit]

    async def add_arrival(self, arrival: Arrival, recorded_by: UUID) -> None:
        self.arrival_rows.append(arrival)

    async def arrivals(self, order_id: UUID, package_id: UUID | None = None) -> list[Arrival]:
        return [
            a
            for a in self.arrival_rows
            if a.order_id == order_id and (package_id is None or a.package_id == package_id)
        ]

    async def add_inspection(
        self, inspection: Inspection, inspected_by: UUID, stored: list[Photo]
    ) -> None:
        self.inspection_rows.append(inspection)
        self.photos.update({p.photo_id: p for p in stored})

    async def inspections(
        self, order_id: UUID, inspection_id: UUID | None = None
    ) -> list[Inspection]:
        return [
            i
            for i in self.inspection_rows
            if i.order_id == order_id and inspection_id in {None, i.inspection_id}
        ]

    async def inspection_order(self, inspection_id: UUID) -> UUID | None:
        found = [i.order_id for i in self.inspection_rows if i.inspection_id == inspection_id]
        return found[0] if found else None

    async def photo(self, photo_id: UUID) -> Photo | None:
        return self.photos.get(photo_id)


def _in_queue(order: Order, queue: WorkQueue) -> bool:
    open_ = order.cancelled_at is None and order.dispatched_at is None
    packed, paid = order.packed_at is not None, order.second_billing_paid_at is not None
    return {
        WorkQueue.OPEN: open_ and not packed,
        WorkQueue.AWAITING_PAYMENT: open_ and packed and not paid,
        WorkQueue.READY_TO_SHIP: open_ and packed and paid,
        WorkQueue.DISPATCHED: order.dispatched_at is not None,
        WorkQueue.CANCELLED: order.cancelled_at is not None and order.dispatched_at is None,
    }[queue]


@dataclass
class FakeShippingStore:
    """Cases, packings and shipments in memory; a packing marks the order packed."""

    orders: FakeOrderStore
    case_rows: dict[UUID, Case] = field(default_factory=dict)
    packings: dict[UUID, Packing] = field(default_factory=dict)
    shipments: dict[UUID, Shipment] = field(default_factory=dict)

    async def add_case(self, case: Case, opened_by_role: str) -> None:
        self.case_rows[case.case_id] = deepcopy(case)

    async def case(self, case_id: UUID) -> Case | None:
        found = self.case_rows.get(case_id)
        return deepcopy(found) if found else None

    async def save_case(self, case: Case) -> None:
        self.case_rows[case.case_id] = deepcopy(case)

    async def cases(self, order_id: UUID) -> list[Case]:
        return [deepcopy(c) for c in self.case_rows.values() if c.order_id == order_id]

    async def save_packing(self, order_id: UUID, packing: Packing) -> None:
        self.packings[order_id] = packing
        self.orders.rows[order_id].packed_at = packing.packed_at

    async def packing(self, order_id: UUID) -> Packing | None:
        return self.packings.get(order_id)

    async def add_shipment(self, order_id: UUID, shipment: Shipment, by: UUID) -> None:
        self.shipments[order_id] = shipment

    async def shipment(self, order_id: UUID) -> Shipment | None:
        return self.shipments.get(order_id)


@dataclass
class FakeWorkQueues:
    """Work queues answered from a dict (the integration tier proves the real queries)."""

    entries_by_queue: dict[WarehouseQueue, list[QueueEntry]] = field(default_factory=dict)

    async def entries(self, queue: WarehouseQueue, limit: int) -> list[QueueEntry]:
        return self.entries_by_queue.get(queue, [])[:limit]


@dataclass
class FakePhotoStore:
    """Kept photos by content address; staged uploads are given, not streamed."""

    kept: set[str] = field(default_factory=set)
    discarded: list[StagedPhoto] = field(default_factory=list)

    def writer(self) -> PhotoWriter:
        raise NotImplementedError("the unit tests stage photos directly")

    async def keep(self, staged: StagedPhoto) -> None:
        self.kept.add(staged.sha256)

    async def discard(self, staged: StagedPhoto) -> None:
        self.discarded.append(staged)

    async def read(self, sha256: str) -> bytes:
        if sha256 not in self.kept:
            raise FileNotFoundError(sha256)
        return f"bytes of {sha256}".encode()


def _default_settings() -> WarehouseSettings:
    return WarehouseSettings.model_construct()


@dataclass
class FakeWarehouseUnit(FakeUnit):
    """A unit of work on in-memory repositories; what it emits is kept in `emitted`."""

    orders: FakeOrderStore = field(default_factory=FakeOrderStore)
    queues: FakeWorkQueues = field(default_factory=FakeWorkQueues)
    photos: FakePhotoStore = field(default_factory=FakePhotoStore)
    card: RateCard = field(default_factory=load_rate_card)
    settings: WarehouseSettings = field(default_factory=_default_settings)
    shipping: FakeShippingStore = field(init=False)

    def __post_init__(self) -> None:
        self.shipping = FakeShippingStore(self.orders)
