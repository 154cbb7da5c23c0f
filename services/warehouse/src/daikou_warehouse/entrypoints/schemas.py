"""Request and response shapes of the warehouse HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from daikou_contracts.catalogue.warehouse import CaseKind, CaseOutcome, InspectionResult
from daikou_contracts.money import Money, Price
from daikou_warehouse.domain.calculator import RefusalCode
from daikou_warehouse.domain.cases import CaseState
from daikou_warehouse.domain.model import ItemState, OrderStage

Quantity = Annotated[int, Field(ge=1, le=9999)]
Grams = Annotated[int, Field(ge=1, le=1_000_000)]
Centimetres = Annotated[int, Field(ge=1, le=1000)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
TrackingNumber = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^\S+$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArrivalLineIn(_In):
    """Units of one item in the package."""

    item_id: UUID
    quantity: Quantity


class ArrivalIn(_In):
    """A package that arrived from a seller."""

    tracking_number: Annotated[str, Field(max_length=100)] = ""
    items: Annotated[list[ArrivalLineIn], Field(min_length=1, max_length=100)]
    package_id: UUID | None = None


class InspectionFields(_In):
    """The text fields of the inspection form (the photos come as files)."""

    quantity_received: Annotated[int, Field(ge=0, le=9999)]
    type_matches: bool
    notes: Annotated[str, Field(max_length=2000)] = ""
    problem_noted: bool = False
    inspection_id: UUID | None = None


class CaseIn(_In):
    """Open an exchange/return case for an item."""

    kind: CaseKind
    reason: Annotated[str, Field(min_length=1, max_length=200)]


class SellerResponseIn(_In):
    """What the seller answered."""

    accepted: bool
    note: Annotated[str, Field(max_length=2000)] = ""


class ResolveIn(_In):
    """How the case ended and the local shipping cost it incurred."""

    outcome: CaseOutcome
    local_shipping_cost: Price = Money(amount=0, currency="CNY")


class ParcelIn(_In):
    """A parcel as weighed and measured."""

    weight_g: Grams
    length_cm: Centimetres
    width_cm: Centimetres
    height_cm: Centimetres


class PackingIn(_In):
    """The parcels of an order and the shipping method chosen."""

    method: Annotated[str, Field(min_length=1, max_length=40)]
    destination: Country | None = None
    parcels: Annotated[list[ParcelIn], Field(min_length=1, max_length=20)]


class DispatchIn(_In):
    """The carrier and one tracking number per parcel, in parcel order."""

    carrier: Annotated[str, Field(min_length=1, max_length=200)]
    tracking_numbers: Annotated[list[TrackingNumber], Field(min_length=1, max_length=20)]


class ItemOut(BaseModel):
    """An expected item and where it stands."""

    item_id: UUID
    title: str
    options: dict[str, str]
    expected_quantity: int
    arrived_quantity: int
    state: ItemState
    inspection_result: InspectionResult | None


class ArrivalOut(BaseModel):
    """Units of an item that arrived."""

    arrival_id: UUID
    item_id: UUID
    quantity: int
    tracking_number: str
    arrived_at: datetime
    package_id: UUID | None


class InspectionOut(BaseModel):
    """One inspection of an item with its photo ids (fetch them at /photos/{id})."""

    inspection_id: UUID
    item_id: UUID
    result: InspectionResult
    quantity_received: int
    type_matches: bool
    notes: str
    photo_ids: list[UUID]
    inspected_at: datetime
    current: bool


class CaseOut(BaseModel):
    """An exchange/return case."""

    case_id: UUID
    order_id: UUID
    item_id: UUID
    kind: CaseKind
    reason: str
    state: CaseState
    seller_note: str
    outcome: CaseOutcome | None
    local_shipping_cost: Money | None
    opened_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None


class ParcelOut(BaseModel):
    """A packed parcel with its price and, once dispatched, its tracking number."""

    parcel_id: UUID
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    volumetric_weight_g: int
    chargeable_weight_g: int
    fee: Money
    tracking_number: str | None


class PackingOut(BaseModel):
    """How the order was packed; `international_fee` is the 2nd billing's amount."""

    method: str
    destination: str
    international_fee: Money
    packed_at: datetime
    parcels: list[ParcelOut]


class ShipmentOut(BaseModel):
    """The dispatched shipment."""

    shipment_id: UUID
    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: datetime


class OrderSummary(BaseModel):
    """One line of a staff work list."""

    order_id: UUID
    customer_id: UUID
    stage: OrderStage
    live_items: int
    arrived_items: int
    inspected_items: int
    second_billing_paid: bool


class OrderOut(BaseModel):
    """The warehouse's record of an order (the order details page's warehouse parts)."""

    order_id: UUID
    customer_id: UUID
    stage: OrderStage
    cancelled: bool
    second_billing_paid: bool
    inspection_completed_at: datetime | None
    photos_visible: bool
    items: list[ItemOut]
    arrivals: list[ArrivalOut]
    inspections: list[InspectionOut]
    cases: list[CaseOut]
    packing: PackingOut | None
    shipment: ShipmentOut | None


class RefusalOut(BaseModel):
    """Why a method cannot carry the parcel, as a code: the limit broken and the parcel's value
    (grams or centimetres; 0 for `no_destination`)."""

    code: RefusalCode
    limit: int
    actual: int


class QuoteOut(BaseModel):
    """One method's price, or why it cannot carry the parcel."""

    method: str
    label: str
    available: bool
    reason: str
    refusal: RefusalOut | None = None
    volumetric_weight_g: int
    chargeable_weight_g: int
    fee: Money | None


class QuotesOut(BaseModel):
    """Every method's quote for a parcel to a destination."""

    destination: str
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    quotes: list[QuoteOut]


class MethodOut(BaseModel):
    """A shipping method, its rounding and its limits."""

    method: str
    label: str
    volumetric_divisor: int | None
    step_g: int
    max_weight_g: int
    max_length_cm: int
    max_length_girth_cm: int
    destinations: list[str]
