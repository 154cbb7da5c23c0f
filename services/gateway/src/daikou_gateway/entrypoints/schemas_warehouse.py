"""Request and answer shapes of the warehouse routes, shipping quotes and deadline figures."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from daikou_contracts.catalogue.warehouse import CaseKind, CaseOutcome, InspectionResult
from daikou_contracts.money import Money
from daikou_contracts.text import Visible
from daikou_gateway.entrypoints.schemas_common import In, Out, Price
from daikou_gateway.entrypoints.schemas_orders import CUSTOMER_ID, ITEM_ID, ORDER_ID

Quantity = Annotated[int, Field(ge=1, le=9999)]
Grams = Annotated[int, Field(ge=1, le=1_000_000)]
Centimetres = Annotated[int, Field(ge=1, le=1000)]
TrackingNumber = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^\S+$")]
CASE_ID = "ca5e0000-1111-4222-8333-444444444444"
PHOTO_ID = "9b0b0b0b-1111-4222-8333-444444444444"


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


def _cny(fen: int) -> dict[str, Any]:
    return {"amount": fen, "currency": "CNY"}


class ArrivalLineIn(In):
    """Units of one item in the package."""

    item_id: UUID
    quantity: Quantity


class ArrivalIn(In):
    """A package that arrived from a seller."""

    model_config = _examples(
        {"tracking_number": "SF1234567890", "items": [{"item_id": ITEM_ID, "quantity": 2}]}
    )

    tracking_number: Annotated[str, Field(max_length=100)] = ""
    items: Annotated[list[ArrivalLineIn], Field(min_length=1, max_length=100)]
    package_id: UUID | None = None


class CaseIn(In):
    """Open an exchange/return case for a problem item."""

    model_config = _examples({"kind": "exchange", "reason": "chipped rim"})

    kind: CaseKind
    reason: Annotated[str, Field(min_length=1, max_length=200), Visible]


class SellerResponseIn(In):
    """Whether the seller accepted the exchange/return."""

    model_config = _examples({"accepted": True, "note": "seller sends a new one"})

    accepted: bool
    note: Annotated[str, Field(max_length=2000)] = ""


class ResolveIn(In):
    """How the case ended and the local shipping cost it incurred (CNY fen)."""

    model_config = _examples({"outcome": "exchanged", "local_shipping_cost": _cny(1200)})

    outcome: CaseOutcome
    local_shipping_cost: Price = Money(amount=0, currency="CNY")


class ParcelIn(In):
    """A parcel as weighed and measured."""

    weight_g: Grams
    length_cm: Centimetres
    width_cm: Centimetres
    height_cm: Centimetres


class PackingIn(In):
    """The parcels of an order and the shipping method chosen (issues the 2nd billing)."""

    model_config = _examples(
        {
            "method": "ems",
            "destination": "JP",
            "parcels": [{"weight_g": 1800, "length_cm": 30, "width_cm": 20, "height_cm": 15}],
        }
    )

    method: Annotated[str, Field(min_length=1, max_length=40), Visible]
    destination: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    parcels: Annotated[list[ParcelIn], Field(min_length=1, max_length=20)]


class DispatchIn(In):
    """The carrier and one tracking number per parcel, in parcel order."""

    model_config = _examples({"carrier": "EMS", "tracking_numbers": ["EE123456789CN"]})

    carrier: Annotated[str, Field(min_length=1, max_length=200), Visible]
    tracking_numbers: Annotated[list[TrackingNumber], Field(min_length=1, max_length=20)]


class WarehouseItemOut(Out):
    """An expected item and where it stands in the warehouse."""

    item_id: UUID
    title: str
    options: dict[str, str]
    expected_quantity: int
    arrived_quantity: int
    state: str = Field(description="expected, partially_arrived, arrived, inspected, problem, ...")
    inspection_result: InspectionResult | None


ARRIVAL_EXAMPLE: dict[str, Any] = {
    "arrival_id": "a1a1a1a1-1111-4222-8333-444444444444",
    "item_id": ITEM_ID,
    "quantity": 2,
    "tracking_number": "SF1234567890",
    "arrived_at": "2026-12-05T03:00:00Z",
    "package_id": None,
}


class ArrivalOut(Out):
    """Units of an item that arrived."""

    model_config = _examples(ARRIVAL_EXAMPLE)

    arrival_id: UUID
    item_id: UUID
    quantity: int
    tracking_number: str
    arrived_at: datetime
    package_id: UUID | None


INSPECTION_EXAMPLE: dict[str, Any] = {
    "inspection_id": "1b1b1b1b-1111-4222-8333-444444444444",
    "item_id": ITEM_ID,
    "result": "ok",
    "quantity_received": 2,
    "type_matches": True,
    "notes": "",
    "photo_ids": [PHOTO_ID],
    "inspected_at": "2026-12-05T04:00:00Z",
    "current": True,
}


class InspectionOut(Out):
    """One inspection of an item with its photo ids."""

    model_config = _examples(INSPECTION_EXAMPLE)

    inspection_id: UUID
    item_id: UUID
    result: InspectionResult
    quantity_received: int
    type_matches: bool
    notes: str
    photo_ids: list[UUID]
    inspected_at: datetime
    current: bool


class CaseOut(Out):
    """An exchange/return case."""

    model_config = _examples(
        {
            "case_id": CASE_ID,
            "order_id": ORDER_ID,
            "item_id": ITEM_ID,
            "kind": "exchange",
            "reason": "chipped rim",
            "state": "negotiating",
            "seller_note": "",
            "outcome": None,
            "local_shipping_cost": None,
            "opened_at": "2026-12-05T05:00:00Z",
            "responded_at": None,
            "resolved_at": None,
        }
    )

    case_id: UUID
    order_id: UUID
    item_id: UUID
    kind: CaseKind
    reason: str
    state: str = Field(description="negotiating, seller_accepted, seller_refused, resolved")
    seller_note: str
    outcome: CaseOutcome | None
    local_shipping_cost: Money | None
    opened_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None


class ParcelOut(Out):
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


PACKING_EXAMPLE: dict[str, Any] = {
    "method": "ems",
    "destination": "JP",
    "international_fee": {"amount": 3900, "currency": "JPY"},
    "packed_at": "2026-12-06T01:00:00Z",
    "parcels": [
        {
            "parcel_id": "3c3c3c3c-1111-4222-8333-444444444444",
            "weight_g": 1800,
            "length_cm": 30,
            "width_cm": 20,
            "height_cm": 15,
            "volumetric_weight_g": 1800,
            "chargeable_weight_g": 2000,
            "fee": {"amount": 3900, "currency": "JPY"},
            "tracking_number": None,
        }
    ],
}


class PackingOut(Out):
    """How the order was packed; `international_fee` is the 2nd billing's amount."""

    model_config = _examples(PACKING_EXAMPLE)

    method: str
    destination: str
    international_fee: Money
    packed_at: datetime
    parcels: list[ParcelOut]


SHIPMENT_EXAMPLE: dict[str, Any] = {
    "shipment_id": "5d5d5d5d-1111-4222-8333-444444444444",
    "carrier": "EMS",
    "method": "ems",
    "tracking_numbers": ["EE123456789CN"],
    "dispatched_at": "2026-12-07T01:00:00Z",
}


class WarehouseShipmentOut(Out):
    """The dispatched shipment."""

    model_config = _examples(SHIPMENT_EXAMPLE)

    shipment_id: UUID
    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: datetime


class WarehouseOrderOut(Out):
    """The warehouse's record of an order."""

    model_config = _examples(
        {
            "order_id": ORDER_ID,
            "customer_id": CUSTOMER_ID,
            "stage": "inspected",
            "cancelled": False,
            "second_billing_paid": False,
            "inspection_completed_at": "2026-12-05T04:00:00Z",
            "photos_visible": True,
            "items": [
                {
                    "item_id": ITEM_ID,
                    "title": "Ceramic mug",
                    "options": {"colour": "blue"},
                    "expected_quantity": 2,
                    "arrived_quantity": 2,
                    "state": "inspected",
                    "inspection_result": "ok",
                }
            ],
            "arrivals": [ARRIVAL_EXAMPLE],
            "inspections": [INSPECTION_EXAMPLE],
            "cases": [],
            "packing": None,
            "shipment": None,
        }
    )

    order_id: UUID
    customer_id: UUID
    stage: str = Field(description="awaiting_items, inspecting, inspected, packed, dispatched, ...")
    cancelled: bool
    second_billing_paid: bool
    inspection_completed_at: datetime | None
    photos_visible: bool
    items: list[WarehouseItemOut]
    arrivals: list[ArrivalOut]
    inspections: list[InspectionOut]
    cases: list[CaseOut]
    packing: PackingOut | None
    shipment: WarehouseShipmentOut | None


class RefusalOut(Out):
    """Why a method cannot carry the parcel, as a code: the limit broken and the parcel's value
    (grams or centimetres; 0 for `no_destination`)."""

    code: Literal["too_heavy", "too_long", "too_large", "volumetric_too_heavy", "no_destination"]
    limit: int
    actual: int


class QuoteOut(Out):
    """One method's price, or why it cannot carry the parcel."""

    method: str
    label: str
    available: bool
    reason: str
    refusal: RefusalOut | None = None
    volumetric_weight_g: int
    chargeable_weight_g: int
    fee: Money | None


class QuotesOut(Out):
    """Every method's quote for a parcel to a destination."""

    model_config = _examples(
        {
            "destination": "JP",
            "weight_g": 1800,
            "length_cm": 30,
            "width_cm": 20,
            "height_cm": 15,
            "quotes": [
                {
                    "method": "ems",
                    "label": "EMS",
                    "available": True,
                    "reason": "",
                    "volumetric_weight_g": 1800,
                    "chargeable_weight_g": 2000,
                    "fee": {"amount": 3900, "currency": "JPY"},
                }
            ],
        }
    )

    destination: str
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    quotes: list[QuoteOut]


class MethodOut(Out):
    """A shipping method, its rounding and its limits."""

    model_config = _examples(
        {
            "method": "ems",
            "label": "EMS",
            "volumetric_divisor": 6000,
            "step_g": 500,
            "max_weight_g": 30000,
            "max_length_cm": 150,
            "max_length_girth_cm": 300,
            "destinations": ["JP"],
        }
    )

    method: str
    label: str
    volumetric_divisor: int | None
    step_g: int
    max_weight_g: int
    max_length_cm: int
    max_length_girth_cm: int
    destinations: list[str]


class PendingOut(Out):
    """Pending deadlines now."""

    count: int
    overdue: int
    next_due_at: datetime | None


class LatenessOut(Out):
    """Firings in the window and their lateness."""

    window_hours: float
    late_threshold_ms: int
    fired: int
    fired_late: int
    max_lateness_ms: int | None
    p95_lateness_ms: int | None


class DeadlineStatsOut(Out):
    """Pending deadlines, the next one due, and how late recent ones fired."""

    model_config = _examples(
        {
            "as_of": "2026-12-03T02:00:00Z",
            "pending": {"count": 12, "overdue": 0, "next_due_at": "2026-12-03T03:00:00Z"},
            "lateness": {
                "window_hours": 24.0,
                "late_threshold_ms": 5000,
                "fired": 40,
                "fired_late": 0,
                "max_lateness_ms": 850,
                "p95_lateness_ms": 400,
            },
        }
    )

    as_of: datetime
    pending: PendingOut
    lateness: LatenessOut
