"""Plain records of what happened in the warehouse (arrivals, inspections, photos, parcels, shipment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.warehouse import InspectionResult
from daikou_contracts.money import Money


@dataclass(frozen=True)
class Arrival:
    """Units of one item that arrived in one package."""

    arrival_id: UUID
    order_id: UUID
    item_id: UUID
    quantity: int
    tracking_number: str
    arrived_at: datetime
    package_id: UUID | None = None


@dataclass(frozen=True)
class Photo:
    """A stored photo of an inspected item; the bytes live in the photo store under `sha256`."""

    photo_id: UUID
    inspection_id: UUID
    order_id: UUID
    position: int
    sha256: str
    content_type: str
    size_bytes: int


@dataclass(frozen=True)
class Inspection:
    """One inspection of an item; `current` is False once a later one replaced it."""

    inspection_id: UUID
    order_id: UUID
    item_id: UUID
    result: InspectionResult
    quantity_received: int
    type_matches: bool
    notes: str
    inspected_at: datetime
    photo_ids: list[UUID] = field(default_factory=list)
    current: bool = True


@dataclass(frozen=True)
class ParcelSize:
    """A parcel as packed and priced."""

    parcel_id: UUID
    position: int
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    volumetric_weight_g: int
    chargeable_weight_g: int
    fee: Money
    tracking_number: str | None = None


@dataclass(frozen=True)
class Packing:
    """How the order was packed and what the international shipping costs."""

    method: str
    destination: str
    international_fee: Money
    packed_at: datetime
    parcels: list[ParcelSize]


@dataclass(frozen=True)
class Shipment:
    """The dispatched shipment."""

    shipment_id: UUID
    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: datetime
