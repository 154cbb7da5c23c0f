"""Facts published by the warehouse service (`warehouse.*`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, Field

from daikou_contracts.catalogue.common import Model, ShortText
from daikou_contracts.message import Event
from daikou_contracts.money import Money
from daikou_contracts.registry import register


@register
class ItemArrived(Event):
    """Some or all of an item's units arrived at the warehouse."""

    TYPE = "warehouse.item_arrived"
    VERSION = 1

    arrival_id: UUID
    order_id: UUID
    item_id: UUID
    quantity: int = Field(ge=1)
    total_arrived: int = Field(ge=1)
    expected_quantity: int = Field(ge=1)
    tracking_number: Annotated[str, Field(max_length=100)] = ""
    arrived_at: AwareDatetime


class InspectionResult(StrEnum):
    """The outcome of inspecting one item."""

    OK = "ok"
    PROBLEM = "problem"


@register
class ItemInspected(Event):
    """Staff inspected an item (quantity and product type) and photographed it."""

    TYPE = "warehouse.item_inspected"
    VERSION = 1

    inspection_id: UUID
    order_id: UUID
    item_id: UUID
    result: InspectionResult
    quantity_received: int = Field(ge=0)
    type_matches: bool
    notes: Annotated[str, Field(max_length=2000)] = ""
    photo_ids: Annotated[list[str], Field(min_length=1)]
    inspected_at: AwareDatetime


class InspectedItem(Model):
    """An item's inspection outcome."""

    item_id: UUID
    result: InspectionResult


@register
class InspectionCompleted(Event):
    """Every live item of the order is inspected: the customer can check the photos."""

    TYPE = "warehouse.inspection_completed"
    VERSION = 1

    order_id: UUID
    items: list[InspectedItem]
    completed_at: AwareDatetime


class CaseKind(StrEnum):
    """Exchange the item for a good one, or return it for a refund."""

    EXCHANGE = "exchange"
    RETURN = "return"


@register
class ExchangeReturnOpened(Event):
    """A case was opened with the seller for a problem item."""

    TYPE = "warehouse.exchange_return_opened"
    VERSION = 1

    case_id: UUID
    order_id: UUID
    item_id: UUID
    kind: CaseKind
    reason: ShortText


class CaseOutcome(StrEnum):
    """How an exchange/return case ended."""

    EXCHANGED = "exchanged"
    RETURNED = "returned"
    REFUSED = "refused"


@register
class ExchangeReturnResolved(Event):
    """A case ended; a local shipping cost it incurred is charged through payments."""

    TYPE = "warehouse.exchange_return_resolved"
    VERSION = 1

    case_id: UUID
    order_id: UUID
    item_id: UUID
    outcome: CaseOutcome
    local_shipping_cost: Money


class Parcel(Model):
    """A packed parcel, as weighed and measured."""

    parcel_id: UUID
    weight_g: int = Field(ge=1)
    length_cm: int = Field(ge=1)
    width_cm: int = Field(ge=1)
    height_cm: int = Field(ge=1)
    chargeable_weight_g: int = Field(ge=1)
    fee: Money


@register
class PackingCompleted(Event):
    """The order is packed; payments issues the 2nd billing for `international_fee`."""

    TYPE = "warehouse.packing_completed"
    VERSION = 1

    order_id: UUID
    method: ShortText
    destination: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    parcels: Annotated[list[Parcel], Field(min_length=1)]
    international_fee: Money
    packed_at: AwareDatetime


@register
class ShipmentDispatched(Event):
    """The parcels left the warehouse with their tracking numbers."""

    TYPE = "warehouse.shipment_dispatched"
    VERSION = 1

    shipment_id: UUID
    order_id: UUID
    carrier: ShortText
    method: ShortText
    tracking_numbers: Annotated[list[ShortText], Field(min_length=1)]
    dispatched_at: AwareDatetime
