"""Exchange/return cases, packing and dispatch on the in-memory unit of work."""

from __future__ import annotations

import pytest
from warehouse_builders import (
    STAFF,
    arrived,
    bought,
    inspect,
    inspected,
    second_billing_paid,
    stored,
    yen,
)
from warehouse_fakes import FakeWarehouseUnit

from daikou_contracts.catalogue.warehouse import (
    CaseKind,
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectionCompleted,
    PackingCompleted,
    ShipmentDispatched,
)
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Conflict, DomainError, InvalidInput
from daikou_warehouse.application import cases, shipping
from daikou_warehouse.domain.calculator import Dimensions
from daikou_warehouse.domain.model import ItemState, Order, OrderStage

PARCEL = Dimensions(weight_g=1000, length_cm=10, width_cm=10, height_cm=10)


async def _open(unit: FakeWarehouseUnit, order: Order, actor: Actor = STAFF) -> cases.Case:
    item_id = order.items[0].item_id
    return await cases.open_case(
        unit, actor, order_id=order.order_id, item_id=item_id, kind=CaseKind.EXCHANGE, reason="torn"
    )


async def test_a_case_is_opened_only_for_an_inspected_item_once_per_item() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)

    case = await _open(unit, order)
    with pytest.raises(Conflict, match="already has an open case"):
        await _open(unit, order)

    [item] = (await stored(unit, order.order_id)).items
    assert (item.open_case_id, item.state) == (case.case_id, ItemState.EXCHANGE_RETURN)
    [opened] = unit.of_type(ExchangeReturnOpened)
    assert opened.case_id == case.case_id


async def test_the_customer_opens_a_case_only_once_the_inspection_is_shown() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1, 1)
    customer = Actor(order.customer_id, Role.CUSTOMER)
    order.photos_released_at = None
    await unit.orders.save(order)

    with pytest.raises(Conflict, match="not complete"):
        await _open(unit, order, customer)


async def test_an_exchanged_item_is_inspected_afresh_and_the_inspection_completes_again() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)
    case = await _open(unit, order)
    await cases.record_seller_response(unit, STAFF, case.case_id, accepted=True, note="ok")

    resolved = await cases.resolve_case(unit, STAFF, case.case_id, CaseOutcome.EXCHANGED, yen(800))

    reopened = await stored(unit, order.order_id)
    [item] = reopened.items
    assert resolved.outcome is CaseOutcome.EXCHANGED
    assert (item.open_case_id, item.current_result, item.current_inspection_id) == (
        None,
        None,
        None,
    )
    assert reopened.inspection_completed_at is None
    [fact] = unit.of_type(ExchangeReturnResolved)
    assert fact.local_shipping_cost == yen(800)
    await inspect(unit, reopened, item.item_id)
    assert len(unit.of_type(InspectionCompleted)) == 2


async def test_a_returned_item_leaves_the_order_and_the_rest_can_be_packed() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1, 1)
    case = await _open(unit, order)
    await cases.record_seller_response(unit, STAFF, case.case_id, accepted=True, note="")

    await cases.resolve_case(unit, STAFF, case.case_id, CaseOutcome.RETURNED, yen(0))

    after = await stored(unit, order.order_id)
    returned = after.item(order.items[0].item_id)
    assert returned is not None
    assert returned.state is ItemState.RETURNED
    assert len(after.live_items) == 1
    after.ensure_can_pack()


async def test_a_case_is_resolved_only_after_the_sellers_answer() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)
    case = await _open(unit, order)

    with pytest.raises(Conflict, match="seller's response first"):
        await cases.resolve_case(unit, STAFF, case.case_id, CaseOutcome.RETURNED, yen(0))


async def test_packing_prices_the_parcels_for_the_default_destination_and_asks_for_the_fee() -> (
    None
):
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)

    packing = await shipping.pack_order(
        unit, STAFF, order_id=order.order_id, method="ems", destination=None, parcels=[PARCEL]
    )

    assert packing.destination == unit.settings.default_destination == "JP"
    assert packing.international_fee == yen(2600)
    [fact] = unit.of_type(PackingCompleted)
    assert (fact.method, fact.international_fee) == ("ems", yen(2600))
    assert (await stored(unit, order.order_id)).stage is OrderStage.PACKED


async def test_packing_is_refused_before_every_item_is_inspected_or_beyond_a_methods_limits() -> (
    None
):
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)
    heavy = Dimensions(weight_g=40_000, length_cm=10, width_cm=10, height_cm=10)

    with pytest.raises(DomainError, match="parcel 1"):
        await shipping.pack_order(
            unit, STAFF, order_id=order.order_id, method="ems", destination="JP", parcels=[heavy]
        )
    with pytest.raises(InvalidInput, match="1 to"):
        await shipping.pack_order(
            unit, STAFF, order_id=order.order_id, method="ems", destination="JP", parcels=[]
        )
    unfinished = await bought(unit, 1, 1)
    await arrived(unit, unfinished)
    await inspect(unit, unfinished, unfinished.items[0].item_id)
    with pytest.raises(Conflict, match="not inspected yet"):
        await shipping.pack_order(
            unit,
            STAFF,
            order_id=unfinished.order_id,
            method="ems",
            destination="JP",
            parcels=[PARCEL],
        )
    assert unit.of_type(PackingCompleted) == []


async def test_dispatch_waits_for_the_paid_second_billing_and_one_number_per_parcel() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)
    await shipping.pack_order(
        unit, STAFF, order_id=order.order_id, method="ems", destination="JP", parcels=[PARCEL]
    )

    with pytest.raises(Conflict, match="not paid"):
        await shipping.dispatch_order(unit, STAFF, order.order_id, "Japan Post", ["EJ1"])
    await second_billing_paid(unit, order)
    with pytest.raises(Conflict, match="one tracking number per parcel"):
        await shipping.dispatch_order(unit, STAFF, order.order_id, "Japan Post", ["EJ1", "EJ2"])
    shipment = await shipping.dispatch_order(unit, STAFF, order.order_id, "Japan Post", ["EJ1"])

    assert shipment.tracking_numbers == ["EJ1"]
    [fact] = unit.of_type(ShipmentDispatched)
    assert (fact.carrier, fact.method) == ("Japan Post", "ems")
    assert (await stored(unit, order.order_id)).stage is OrderStage.DISPATCHED
