"""The warehouse's view of an order: what it expects, what arrived, inspections, packing, shipment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from daikou_contracts.catalogue.warehouse import InspectionResult
from daikou_kit.errors import Conflict


class ItemState(StrEnum):
    """An item's progress in the warehouse."""

    EXPECTED = "expected"
    PARTIALLY_ARRIVED = "partially_arrived"
    ARRIVED = "arrived"
    INSPECTED = "inspected"
    PROBLEM = "problem"
    EXCHANGE_RETURN = "exchange_return"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class OrderStage(StrEnum):
    """The order's progress in the warehouse."""

    AWAITING_ITEMS = "awaiting_items"
    INSPECTING = "inspecting"
    INSPECTED = "inspected"
    PACKED = "packed"
    DISPATCHED = "dispatched"
    CANCELLED = "cancelled"


class WorkQueue(StrEnum):
    """Staff work lists: orders still being received, waiting for payment, ready to ship, done."""

    OPEN = "open"
    AWAITING_PAYMENT = "awaiting_payment"
    READY_TO_SHIP = "ready_to_ship"
    DISPATCHED = "dispatched"
    CANCELLED = "cancelled"


@dataclass
class Item:
    """An item the warehouse expects for an order (learned from the item-purchased fact)."""

    item_id: UUID
    order_id: UUID
    title: str
    options: dict[str, str]
    expected_quantity: int
    arrived_quantity: int = 0
    purchased: bool = False
    cancelled_at: datetime | None = None
    returned_at: datetime | None = None
    current_inspection_id: UUID | None = None
    current_result: InspectionResult | None = None
    open_case_id: UUID | None = None

    @property
    def cancelled(self) -> bool:
        """The buyer cancelled it or the seller could not supply it."""
        return self.cancelled_at is not None

    @property
    def returned(self) -> bool:
        """It went back to the seller."""
        return self.returned_at is not None

    def inspected(self, inspection_id: UUID, result: InspectionResult) -> None:
        """An inspection became the item's current one."""
        self.current_inspection_id, self.current_result = inspection_id, result

    def close_case(self, *, reinspect: bool, returned_at: datetime | None) -> None:
        """Its case is closed: exchanged (to inspect afresh), returned, or refused."""
        self.open_case_id = None
        if reinspect:
            self.current_inspection_id, self.current_result = None, None
        if returned_at is not None:
            self.returned_at = returned_at

    @property
    def live(self) -> bool:
        """Still to be shipped: bought, not cancelled, not returned to the seller."""
        return self.purchased and not self.cancelled and not self.returned

    @property
    def state(self) -> ItemState:
        """The item's state, derived from its facts."""
        rules = (
            (self.cancelled, ItemState.CANCELLED),
            (self.returned, ItemState.RETURNED),
            (self.open_case_id is not None, ItemState.EXCHANGE_RETURN),
            (self.current_result is InspectionResult.OK, ItemState.INSPECTED),
            (self.current_result is InspectionResult.PROBLEM, ItemState.PROBLEM),
            (self.arrived_quantity >= self.expected_quantity > 0, ItemState.ARRIVED),
            (self.arrived_quantity > 0, ItemState.PARTIALLY_ARRIVED),
        )
        return next((state for holds, state in rules if holds), ItemState.EXPECTED)


@dataclass
class Order:
    """The warehouse's record of one order."""

    order_id: UUID
    customer_id: UUID
    cancelled_at: datetime | None = None
    second_billing_paid_at: datetime | None = None
    inspection_completed_at: datetime | None = None
    photos_released_at: datetime | None = None
    packed_at: datetime | None = None
    dispatched_at: datetime | None = None
    items: list[Item] = field(default_factory=list)

    def item(self, item_id: UUID) -> Item | None:
        """One of the order's items, if known."""
        return next((i for i in self.items if i.item_id == item_id), None)

    def expect(self, item_id: UUID, title: str, options: dict[str, str], quantity: int) -> Item:
        """Expect a purchased item (or refresh it); a cancelled item stays cancelled."""
        item = self.item(item_id)
        if item is None:
            item = Item(item_id, self.order_id, title, dict(options), quantity, purchased=True)
            self.items.append(item)
            return item
        item.title, item.options, item.expected_quantity = title, dict(options), quantity
        item.purchased = True
        return item

    def cancel_item(self, item_id: UUID, at: datetime) -> Item:
        """Stop expecting an item, remembering it even when its purchase was never seen."""
        item = self.item(item_id)
        if item is None:
            item = Item(item_id, self.order_id, title="", options={}, expected_quantity=0)
            self.items.append(item)
        item.cancelled_at = item.cancelled_at or at
        return item

    @property
    def live_items(self) -> list[Item]:
        """Items still to be inspected, packed and shipped."""
        return [i for i in self.items if i.live]

    @property
    def stage(self) -> OrderStage:
        """Where the order is in the warehouse."""
        if self.dispatched_at is not None:
            return OrderStage.DISPATCHED
        if self.cancelled_at is not None:
            return OrderStage.CANCELLED
        if self.packed_at is not None:
            return OrderStage.PACKED
        if self.every_live_item_inspected():
            return OrderStage.INSPECTED
        if any(i.arrived_quantity for i in self.live_items):
            return OrderStage.INSPECTING
        return OrderStage.AWAITING_ITEMS

    def every_live_item_inspected(self) -> bool:
        """True when there is at least one live item and every one has a current inspection."""
        live = self.live_items
        return bool(live) and all(i.current_result is not None for i in live)

    def inspection_just_completed(self) -> bool:
        """Every live item is inspected and the completion has not been announced yet."""
        return self.inspection_completed_at is None and self.every_live_item_inspected()

    def ensure_not_cancelled(self, doing: str) -> None:
        """Refuse work on a cancelled order."""
        if self.cancelled_at is not None:
            raise Conflict(f"order is cancelled: cannot {doing}", code="order_cancelled")

    def ensure_not_packed(self, doing: str) -> None:
        """Refuse changes once the order is packed."""
        if self.packed_at is not None:
            raise Conflict(f"order is already packed: cannot {doing}", code="already_packed")

    def ensure_can_pack(self) -> None:
        """Packing needs every live item inspected, no open case, and not packed or cancelled yet."""
        self.ensure_not_cancelled("pack it")
        self.ensure_not_packed("pack it again")
        if not self.live_items:
            raise Conflict("order has no item to pack", code="nothing_to_pack")
        uninspected = [str(i.item_id) for i in self.live_items if i.current_result is None]
        if uninspected:
            raise Conflict(
                f"items not inspected yet: {', '.join(uninspected)}", code="inspection_incomplete"
            )
        open_cases = [str(i.item_id) for i in self.live_items if i.open_case_id is not None]
        if open_cases:
            raise Conflict(
                f"exchange/return still open for items: {', '.join(open_cases)}",
                code="case_open",
            )

    def ensure_can_dispatch(self, tracking_count: int, parcel_count: int) -> None:
        """Dispatch needs packing, the paid 2nd billing, no cancellation, one tracking number per parcel."""
        if self.dispatched_at is not None:
            raise Conflict("order is already dispatched", code="already_dispatched")
        self.ensure_not_cancelled("ship it")
        if self.packed_at is None:
            raise Conflict("order is not packed yet", code="not_packed")
        if self.second_billing_paid_at is None:
            raise Conflict("the 2nd billing is not paid yet", code="second_billing_unpaid")
        if tracking_count != parcel_count:
            raise Conflict(
                f"one tracking number per parcel: {parcel_count} parcels, {tracking_count} numbers",
                code="tracking_numbers_mismatch",
            )


def inspection_result(
    expected: int, received: int, type_matches: bool, problem_noted: bool
) -> InspectionResult:
    """OK only when the quantity is right, the product type matches and staff noted no problem."""
    if received != expected or not type_matches or problem_noted:
        return InspectionResult.PROBLEM
    return InspectionResult.OK


def duplicates(values: Sequence[str]) -> list[str]:
    """Values that occur more than once."""
    return sorted(v for v, n in Counter(values).items() if n > 1)
