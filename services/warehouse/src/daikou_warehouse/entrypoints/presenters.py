"""Turn use-case results into the API's response shapes."""

from __future__ import annotations

from daikou_contracts.money import Money
from daikou_warehouse.application.views import OrderRecord
from daikou_warehouse.domain.calculator import Quote
from daikou_warehouse.domain.cases import Case
from daikou_warehouse.domain.model import ItemState, Order
from daikou_warehouse.domain.records import Arrival, Inspection, Packing, Shipment
from daikou_warehouse.entrypoints.schemas import (
    ArrivalOut,
    CaseOut,
    InspectionOut,
    ItemOut,
    OrderOut,
    OrderSummary,
    PackingOut,
    ParcelOut,
    QuoteOut,
    RefusalOut,
    ShipmentOut,
)


def arrival_out(a: Arrival) -> ArrivalOut:
    """An arrival."""
    return ArrivalOut(
        arrival_id=a.arrival_id,
        item_id=a.item_id,
        quantity=a.quantity,
        tracking_number=a.tracking_number,
        arrived_at=a.arrived_at,
        package_id=a.package_id,
    )


def inspection_out(i: Inspection) -> InspectionOut:
    """An inspection."""
    return InspectionOut(
        inspection_id=i.inspection_id,
        item_id=i.item_id,
        result=i.result,
        quantity_received=i.quantity_received,
        type_matches=i.type_matches,
        notes=i.notes,
        photo_ids=i.photo_ids,
        inspected_at=i.inspected_at,
        current=i.current,
    )


def case_out(c: Case) -> CaseOut:
    """A case."""
    return CaseOut(
        case_id=c.case_id,
        order_id=c.order_id,
        item_id=c.item_id,
        kind=c.kind,
        reason=c.reason,
        state=c.state,
        seller_note=c.seller_note,
        outcome=c.outcome,
        local_shipping_cost=c.local_shipping_cost,
        opened_at=c.opened_at,
        responded_at=c.responded_at,
        resolved_at=c.resolved_at,
    )


def packing_out(p: Packing) -> PackingOut:
    """A packing with its parcels."""
    return PackingOut(
        method=p.method,
        destination=p.destination,
        international_fee=p.international_fee,
        packed_at=p.packed_at,
        parcels=[
            ParcelOut(
                parcel_id=x.parcel_id,
                weight_g=x.weight_g,
                length_cm=x.length_cm,
                width_cm=x.width_cm,
                height_cm=x.height_cm,
                volumetric_weight_g=x.volumetric_weight_g,
                chargeable_weight_g=x.chargeable_weight_g,
                fee=x.fee,
                tracking_number=x.tracking_number,
            )
            for x in p.parcels
        ],
    )


def shipment_out(s: Shipment) -> ShipmentOut:
    """A shipment."""
    return ShipmentOut(
        shipment_id=s.shipment_id,
        carrier=s.carrier,
        method=s.method,
        tracking_numbers=s.tracking_numbers,
        dispatched_at=s.dispatched_at,
    )


def _shown_state(state: ItemState, photos_visible: bool) -> ItemState:
    if not photos_visible and state in (ItemState.INSPECTED, ItemState.PROBLEM):
        return ItemState.ARRIVED  # results are shown with the photos, once all are inspected
    return state


def order_out(r: OrderRecord) -> OrderOut:
    """The order's whole warehouse record."""
    o = r.order
    return OrderOut(
        order_id=o.order_id,
        customer_id=o.customer_id,
        stage=o.stage,
        cancelled=o.cancelled_at is not None,
        second_billing_paid=o.second_billing_paid_at is not None,
        inspection_completed_at=o.inspection_completed_at,
        photos_visible=r.photos_visible,
        items=[
            ItemOut(
                item_id=i.item_id,
                title=i.title,
                options=i.options,
                expected_quantity=i.expected_quantity,
                arrived_quantity=i.arrived_quantity,
                state=_shown_state(i.state, r.photos_visible),
                inspection_result=i.current_result if r.photos_visible else None,
            )
            for i in o.items
        ],
        arrivals=[arrival_out(a) for a in r.arrivals],
        inspections=[inspection_out(i) for i in r.inspections],
        cases=[case_out(c) for c in r.cases],
        packing=packing_out(r.packing) if r.packing else None,
        shipment=shipment_out(r.shipment) if r.shipment else None,
    )


def summary_out(o: Order) -> OrderSummary:
    """A work-list line."""
    live = o.live_items
    return OrderSummary(
        order_id=o.order_id,
        customer_id=o.customer_id,
        stage=o.stage,
        live_items=len(live),
        arrived_items=sum(1 for i in live if i.arrived_quantity >= i.expected_quantity),
        inspected_items=sum(1 for i in live if i.current_result is not None),
        second_billing_paid=o.second_billing_paid_at is not None,
    )


def quote_out(q: Quote, currency: str) -> QuoteOut:
    """One method's quote."""
    return QuoteOut(
        method=q.method,
        label=q.label,
        available=q.available,
        reason=q.reason,
        refusal=RefusalOut(code=q.refusal.code, limit=q.refusal.limit, actual=q.refusal.actual)
        if q.refusal
        else None,
        volumetric_weight_g=q.volumetric_weight_g,
        chargeable_weight_g=q.chargeable_weight_g,
        fee=Money(amount=q.fee_jpy, currency=currency) if q.fee_jpy is not None else None,
    )
